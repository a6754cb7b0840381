"""Read the CRM exports into DuckDB and check every row, so measures only ever see clean tables.

The exports are untrusted: each file must be a regular file inside the client folder and under
core/limits.py's caps; every cell is read as text and parsed in SQL with `TRY_` functions, so a
bad value is a row diagnostic (file:line), never an exception. Values from data.yaml and from the
cells reach SQL as bound parameters; column headers only as quoted identifiers.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.actuals.cells import shown
from generator.core import limits
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.hints import nearest_hint
from generator.load.locations import DocPath
from generator.load.safe_read import UnsafeFile, read_regular
from generator.model.data import DEFAULT_DATE_FORMAT, DataSpec, Source
from generator.model.playbook import Playbook

if TYPE_CHECKING:
    import duckdb

FORECAST_CATEGORIES = ("Omitted", "Pipeline", "Best Case", "Commit", "Closed")
ACCOUNT_NUMBERS = ("employees", "revenue", "fleet_size")
"""Accounts columns a segment rule compares as numbers (`min`/`max`)."""
OPPORTUNITY_FIELDS = ("amount", "currency", "closed", "owner", "account", "lead_source", "forecast_category")
HISTORY_FIELDS = ("from_stage",)
ACCOUNT_FIELDS = ("employees", "revenue", "industry", "fleet_size", "country")

CANONICAL = {
    "opportunities": ("id", "stage", "created", *OPPORTUNITY_FIELDS),
    "stage_history": ("opportunity", "to_stage", "changed_at", *HISTORY_FIELDS),
    "accounts": ("id", *ACCOUNT_FIELDS),
}
Locate = Callable[[DocPath], Location]
"""Where a path of data.yaml is, for diagnostics about the configuration rather than a row."""


@dataclass(frozen=True)
class SourceFile:
    """One export as the snapshot records it: never its rows, only how many and its hash."""

    name: str
    file: str
    rows: int
    sha256: str


@dataclass
class Exports:
    """The checked tables in a DuckDB connection: `opp`, `hist` (maybe empty) and the stage table."""

    con: duckdb.DuckDBPyConnection
    files: list[SourceFile] = field(default_factory=list)
    has_history: bool = False
    fields: tuple[str, ...] = ()  # the opportunities' extra fields measures may filter on
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hidden: int = 0  # row problems past --max-errors


def ident(name: str) -> str:
    """A column header as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def label_key(text: str) -> str:
    return " ".join(text.split()).lower()


def forecast_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _error(file: str, line: int, rule: str, message: str) -> Diagnostic:
    return Diagnostic(Location(file, line, 1), Severity.ERROR, rule, message)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB; imported here so that other commands never pay for it."""
    import duckdb

    con = duckdb.connect(":memory:", config={"threads": max(1, os.cpu_count() or 1)})
    # Tables keep the file's row order, so a row's position maps back to its line.
    con.execute("SET preserve_insertion_order = true")
    return con


_LINE_OF = re.compile(r"\x00line-of:(\d+)\x00")
"""A record's line in a message, filled in once the lines of the records reported are known."""


def line_of(record: int) -> str:
    return f"\x00line-of:{record}\x00"


def _record_lines(path: Path, records: set[int]) -> dict[int, int]:
    """The line each data record (0-based, header excluded) starts on; quoted newlines included."""
    lines: dict[int, int] = {}
    if not records:
        return lines
    last = max(records)
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        start, index = 1, -1
        for row in reader:
            if row:
                if index in records:
                    lines[index] = start
                if index >= last:
                    break
                index += 1
            start = reader.line_num + 1
        else:
            if index in records:
                lines[index] = start
    return lines


class _Reader:
    def __init__(
        self, folder: Path, spec: DataSpec, playbook: Playbook, locate: Locate, max_errors: int
    ) -> None:
        self.folder = folder
        self.spec = spec
        self.playbook = playbook
        self.locate = locate
        self.max_errors = max_errors
        self.exports = Exports(connect())
        self.con = self.exports.con
        self.config: list[Diagnostic] = []
        self.rows: list[tuple[str, int, str, str]] = []  # source, record, rule, message
        self.total = 0
        self.paths: dict[str, Path] = {}
        self.displays: dict[str, str] = {}

    # Reading ------------------------------------------------------------------------------------

    def read(self, source: Source) -> list[str] | None:
        """Load one export as text columns into `src_<name>`; its headers, or None if it cannot be read."""
        path = self.folder / source.file
        display = display_path(path)
        self.paths[source.name], self.displays[source.name] = path, display
        try:
            data = read_regular(
                path,
                display,
                limits.MAX_CSV_BYTES,
                root=self.folder,
                size_rule="actuals-file",
                root_name="the client folder",  # the exports must sit beside the playbook, not just in the repo
            )
        except UnsafeFile as exc:
            self.config.append(exc.diagnostic)
            return None
        digest = hashlib.sha256(data).hexdigest()
        del data
        try:
            self.con.execute(
                f"CREATE TABLE src_{source.name} AS SELECT * FROM read_csv(?, header = true, "
                "all_varchar = true, delim = ',', quote = '\"', escape = '\"', "
                f"max_line_size = {limits.MAX_CSV_LINE_BYTES}, strict_mode = true)",
                [str(path)],
            )
        except Exception as exc:  # DuckDB's errors have no common base we can name without importing it
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self.config.append(
                _error(display, 1, "actuals-file", f"not a CSV file this tool can read: {first}")
            )
            return None
        headers = [d[0] for d in self.con.execute(f"SELECT * FROM src_{source.name} LIMIT 0").description]
        if len(headers) > limits.MAX_CSV_COLUMNS:
            self.config.append(
                _error(
                    display,
                    1,
                    "actuals-file",
                    f"{len(headers)} columns, over the limit of {limits.MAX_CSV_COLUMNS}",
                )
            )
            return None
        rows = self.con.execute(f"SELECT count(*) FROM src_{source.name}").fetchone()
        self.exports.files.append(SourceFile(source.name, source.file, int(rows[0]) if rows else 0, digest))
        missing = False
        for name, header in source.columns:
            if header not in headers:
                missing = True
                canonical = name in CANONICAL[source.name]
                where = self.locate(
                    ("sources", source.name, "columns", name)
                    if canonical
                    else ("sources", source.name, "fields")
                )
                self.config.append(
                    Diagnostic(
                        where,
                        Severity.ERROR,
                        "actuals-column",
                        f"{display} has no column `{shown(header)}`{nearest_hint(header, headers)}",
                    )
                )
        return None if missing else headers

    def col(self, source: Source, name: str) -> str:
        """The SQL text of a field, trimmed, NULL when blank or not mapped."""
        header = source.column(name)
        return f"nullif(trim({ident(header)}), '')" if header else "NULL::VARCHAR"

    # Row problems -------------------------------------------------------------------------------

    def problems(
        self, source: str, rule: str, sql: str, params: Sequence[Any], message: Callable[..., str]
    ) -> None:
        """Run a query of failing rows (record first) and keep the first --max-errors of them."""
        query = f"SELECT *, count(*) OVER () AS total FROM ({sql}) ORDER BY 1 LIMIT {int(self.max_errors)}"
        found = self.con.execute(query, list(params)).fetchall()
        if found:
            self.total += int(found[0][-1])
        for row in found:
            self.rows.append((source, int(row[0]), rule, message(*row[1:-1])))

    def date_sql(self, text: str) -> str:
        """A date parsed with data.yaml's format; a time after the date is ignored."""
        if self.spec.date_format == DEFAULT_DATE_FORMAT:
            return (
                f"TRY_CAST(split_part({text}, ' ', 1) AS DATE)"  # ISO dates: a cast is 5× a strptime's speed
            )
        if " " in self.spec.date_format:
            return f"try_strptime({text}, $fmt)::DATE"
        return f"try_strptime(split_part({text}, ' ', 1), $fmt)::DATE"

    def date_params(self) -> dict[str, str]:
        return {} if self.spec.date_format == DEFAULT_DATE_FORMAT else {"fmt": self.spec.date_format}

    # The tables ---------------------------------------------------------------------------------

    def stage_tables(self) -> None:
        # A label two pipelines' stages share is `shared`: the deal's pipeline says which it means.
        pipeline_of = {stage.id: p.id for p in self.playbook.pipelines for stage in p.stages}
        self.con.execute(
            "CREATE TABLE stage_map (label VARCHAR, stage VARCHAR, pipeline VARCHAR, shared BOOLEAN)"
        )
        pairs = [
            (label_key(v), stage, pipeline_of.get(stage, ""))
            for stage, values in self.spec.stage_values
            for v in values
        ]
        uses = Counter(label for label, _, _ in pairs)
        mapped = [(label, stage, pipeline, uses[label] > 1) for label, stage, pipeline in pairs]
        if mapped:
            self.con.executemany("INSERT INTO stage_map VALUES (?, ?, ?, ?)", mapped)
        # A pipeline cell names a pipeline by its label or ID, or by a value data.yaml lists for it.
        names: dict[str, str] = {}
        for pipeline in self.playbook.pipelines:
            for name in (pipeline.id, pipeline.label):
                if name:
                    names.setdefault(label_key(name), pipeline.id)
        names.update(
            (label_key(v), pipeline) for pipeline, values in self.spec.pipeline_values for v in values
        )
        self.con.execute("CREATE TABLE pipeline_map (label VARCHAR, pipeline VARCHAR)")
        if names:
            self.con.executemany("INSERT INTO pipeline_map VALUES (?, ?)", sorted(names.items()))
        self.con.execute(
            "CREATE TABLE stage_meta (stage VARCHAR, pipeline VARCHAR, ord INTEGER, category VARCHAR, "
            "expected INTEGER, warning INTEGER, stale INTEGER, forecast VARCHAR)"
        )
        rows = []
        for pipeline in self.playbook.pipelines:
            for i, stage in enumerate(pipeline.stages):
                own = next((a for a in stage.ageing if not a.segment), None)
                rows.append(
                    (
                        stage.id,
                        pipeline.id,
                        i,
                        stage.category,
                        stage.expected_days,
                        own.warning_days if own else None,
                        own.stale_days if own else None,
                        stage.forecast_category or None,
                    )
                )
        self.con.executemany("INSERT INTO stage_meta VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        # A segment's own limits (stage `ageing.segments`) replace the stage's for that segment's deals.
        self.con.execute(
            "CREATE TABLE stage_ageing (stage VARCHAR, segment VARCHAR, warning INTEGER, stale INTEGER)"
        )
        limits_ = [
            (stage.id, a.segment, a.warning_days, a.stale_days)
            for stage in self.playbook.stages
            for a in stage.ageing
            if a.segment
        ]
        if limits_:
            self.con.executemany("INSERT INTO stage_ageing VALUES (?, ?, ?, ?)", limits_)
        self.con.execute("CREATE TABLE fc_map (key VARCHAR, category VARCHAR)")
        self.con.executemany(
            "INSERT INTO fc_map VALUES (?, ?)", [(forecast_key(c), c) for c in FORECAST_CATEGORIES]
        )
        self.con.execute("CREATE TABLE rates (currency VARCHAR, rate DOUBLE)")
        self.con.executemany(
            "INSERT INTO rates VALUES (?, ?)",
            [(self.spec.currency, 1.0), *((c, r) for c, r in self.spec.rates if c != self.spec.currency)],
        )

    def unmapped_stage(
        self,
        source: str,
        column: str,
        table: str,
        label: str,
        field_name: str,
        pipeline: str = "NULL",
    ) -> None:
        """A stage label data.yaml maps to no stage (of the deal's pipeline, when one is known)."""
        stage_ids = [s.id for s in self.playbook.stages]
        known = "" if pipeline == "NULL" else f" AND {pipeline} IS NOT NULL"

        def message(value: str, of: str | None, count: int) -> str:
            where = f" of pipeline `{of}`" if of else ""
            return (
                f"{column} `{shown(value)}` is not mapped to a playbook stage{where} in data.yaml"
                f"{nearest_hint(value.lower().replace(' ', '-'), stage_ids)}"
                + (f" ({count} rows)" if count > 1 else "")
            )

        self.problems(
            source,
            "actuals-stage",
            # A deal whose pipeline is unknown is reported for its pipeline (pipeline_problems).
            f"SELECT min(rec), {label}, {pipeline}, count(*) FROM {table} WHERE {field_name} IS NULL "
            f"AND {label} IS NOT NULL{known} GROUP BY {label}, {pipeline}",
            [],
            message,
        )

    def opportunities(self, source: Source) -> None:
        def c(name: str) -> str:
            return self.col(source, name)

        self.exports.fields = tuple(
            name for name, _ in source.columns if name not in ("id", "stage", "created", *OPPORTUNITY_FIELDS)
        )
        extras = "".join(
            f", {self.col(source, name)} AS f_{name.replace('-', '_')}" for name in self.exports.fields
        )
        self.con.execute(
            f"""CREATE TABLE opp AS SELECT r.*, m.stage, s.category, s.pipeline, s.ord, pm.pipeline AS pipeline_named,
            {self.date_sql("created_text")} AS created, {self.date_sql("closed_text")} AS closed,
            TRY_CAST(replace(amount_text, ',', '') AS DOUBLE) AS amount_local,
            coalesce(currency_text, $currency) AS currency, f.category AS forecast_export
            FROM (SELECT rowid AS rec, {c("id")} AS id, {c("stage")} AS stage_label,
              {c("amount")} AS amount_text, upper({c("currency")}) AS currency_text, {c("created")} AS created_text,
              {c("closed")} AS closed_text, {c("owner")} AS owner, {c("account")} AS account,
              {c("lead_source")} AS lead_source, {c("forecast_category")} AS forecast_text,
              {c("pipeline")} AS pipeline_text{extras}
              FROM src_opportunities) r
            LEFT JOIN pipeline_map pm ON pm.label = lower(r.pipeline_text)
            LEFT JOIN stage_map m ON m.label = lower(r.stage_label) AND (NOT m.shared OR m.pipeline = pm.pipeline)
            LEFT JOIN stage_meta s ON s.stage = m.stage
            LEFT JOIN fc_map f ON f.key = regexp_replace(lower(r.forecast_text), '[^a-z0-9]', '', 'g')""",
            {**self.date_params(), "currency": self.spec.currency},
        )
        self.con.execute("DROP TABLE src_opportunities")  # the text copy: half the memory at 1M deals
        name = "opportunities"
        fmt = self.spec.date_format
        self.problems(
            name, "actuals-id", "SELECT rec FROM opp WHERE id IS NULL", [], lambda: "the deal has no ID"
        )
        self.problems(
            name,
            "actuals-duplicate",
            "SELECT o.rec, o.id, g.first FROM opp o JOIN (SELECT id, min(rec) AS first FROM opp "
            "WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1) g ON g.id = o.id WHERE o.rec > g.first",
            [],
            lambda deal, first: f"duplicate deal ID `{shown(deal)}` (first on line {line_of(first)})",
        )
        if source.column("pipeline"):
            self.pipeline_problems(name)
            self.unmapped_stage(name, "stage", "opp", "stage_label", "stage", "pipeline_named")
        else:
            self.unmapped_stage(name, "stage", "opp", "stage_label", "stage")
        self.problems(
            name,
            "actuals-stage",
            "SELECT rec FROM opp WHERE stage_label IS NULL",
            [],
            lambda: "the deal has no stage",
        )
        for column, label in (("created", "created date"), ("closed", "close date")):
            self.problems(
                name,
                "actuals-date",
                f"SELECT rec, {column}_text FROM opp WHERE {column} IS NULL AND {column}_text IS NOT NULL",
                [],
                lambda value, label=label: f"{label} `{shown(value)}` is not a date written `{fmt}`",
            )
        self.problems(
            name,
            "actuals-date",
            "SELECT rec FROM opp WHERE created_text IS NULL",
            [],
            lambda: "the deal has no created date",
        )
        self.problems(
            name,
            "actuals-date",
            "SELECT rec, closed, created FROM opp WHERE closed < created",
            [],
            lambda closed, created: f"close date {closed} is before the created date {created}",
        )
        self.problems(
            name,
            "actuals-date",
            "SELECT rec FROM opp WHERE category IN ('won', 'lost', 'disqualified') AND closed_text IS NULL",
            [],
            lambda: "the deal is closed but has no close date",
        )
        self.problems(
            name,
            "actuals-amount",
            "SELECT rec, amount_text FROM opp WHERE amount_text IS NOT NULL AND amount_local IS NULL",
            [],
            lambda value: f"amount `{shown(value)}` is not a number",
        )
        self.problems(
            name,
            "actuals-amount",
            f"SELECT rec, amount_text FROM opp WHERE amount_local < 0 OR amount_local > {limits.MAX_MONEY}",
            [],
            lambda value: f"amount `{shown(value)}` is negative or over {limits.MAX_MONEY:,}",
        )
        known = [self.spec.currency, *(c for c, _ in self.spec.rates)]
        self.problems(
            name,
            "actuals-currency",
            "SELECT rec, currency FROM opp WHERE currency NOT IN (SELECT currency FROM rates)",
            [],
            lambda value: (
                f"unknown currency `{shown(value)}`: data.yaml's `rates` list {', '.join(sorted(set(known)))}"
            ),
        )
        self.problems(
            name,
            "actuals-forecast",
            "SELECT rec, forecast_text FROM opp WHERE forecast_text IS NOT NULL AND forecast_export IS NULL",
            [],
            lambda value: (
                f"unknown forecast category `{shown(value)}`{nearest_hint(value, FORECAST_CATEGORIES)}"
            ),
        )

    def pipeline_problems(self, name: str) -> None:
        """The pipeline column: every deal names a pipeline of the playbook, and its stage is one of it."""
        pipeline_ids = [p.id for p in self.playbook.pipelines if p.id]
        self.problems(
            name,
            "actuals-pipeline",
            "SELECT min(rec), pipeline_text, count(*) FROM opp WHERE pipeline_text IS NOT NULL "
            "AND pipeline_named IS NULL GROUP BY pipeline_text",
            [],
            lambda value, count: (
                f"pipeline `{shown(value)}` is not mapped to a playbook pipeline in data.yaml"
                f"{nearest_hint(value.lower().replace(' ', '-'), pipeline_ids)}"
                + (f" ({count} rows)" if count > 1 else "")
            ),
        )
        self.problems(
            name,
            "actuals-pipeline",
            "SELECT rec FROM opp WHERE pipeline_text IS NULL",
            [],
            lambda: "the deal has no pipeline",
        )
        self.problems(
            name,
            "actuals-pipeline",
            "SELECT rec, stage_label, pipeline, pipeline_named FROM opp "
            "WHERE pipeline IS NOT NULL AND pipeline_named IS NOT NULL AND pipeline <> pipeline_named",
            [],
            lambda label, stage_pipeline, named: (
                f"stage `{shown(label)}` is a stage of pipeline `{stage_pipeline}`, but the deal's pipeline is `{named}`"
            ),
        )

    def history(self, source: Source) -> None:
        def c(name: str) -> str:
            return self.col(source, name)

        self.con.execute(
            f"""CREATE TABLE hist AS SELECT r.*, mf.stage AS from_stage, mt.stage AS to_stage,
            {self.date_sql("changed_text")} AS changed FROM (
              SELECT rowid AS rec, {c("opportunity")} AS deal, {c("from_stage")} AS from_label,
              {c("to_stage")} AS to_label, {c("changed_at")} AS changed_text FROM src_stage_history) r
            LEFT JOIN (SELECT id, any_value(pipeline) AS pipeline FROM opp WHERE id IS NOT NULL GROUP BY id) od
              ON od.id = r.deal
            LEFT JOIN stage_map mf ON mf.label = lower(r.from_label) AND (NOT mf.shared OR mf.pipeline = od.pipeline)
            LEFT JOIN stage_map mt ON mt.label = lower(r.to_label) AND (NOT mt.shared OR mt.pipeline = od.pipeline)""",
            self.date_params(),
        )
        self.con.execute("DROP TABLE src_stage_history")
        name = "stage_history"
        self.unmapped_stage(name, "to stage", "hist", "to_label", "to_stage")
        self.unmapped_stage(name, "from stage", "hist", "from_label", "from_stage")
        self.problems(
            name,
            "actuals-date",
            "SELECT rec, changed_text FROM hist WHERE changed IS NULL",
            [],
            lambda value: (
                f"change date `{shown(value)}` is not a date written `{self.spec.date_format}`"
                if value
                else "the stage change has no date"
            ),
        )
        self.problems(
            name,
            "actuals-reference",
            "SELECT rec, deal FROM hist WHERE deal IS NULL OR deal NOT IN (SELECT id FROM opp WHERE id IS NOT NULL)",
            [],
            lambda deal: (
                f"stage change of deal `{shown(deal)}`, which is not in the opportunities export"
                if deal
                else "the stage change names no deal"
            ),
        )

    def accounts(self, source: Source | None) -> None:
        """`acc(id, segment)`: each account's ICP segment by the first rule that matches."""
        if source is None:
            self.con.execute("CREATE TABLE acc (id VARCHAR, segment VARCHAR)")
            return

        def c(name: str) -> str:
            return self.col(source, name)

        fields = "".join(f", {c(name)} AS {name}" for name in ACCOUNT_FIELDS)
        self.con.execute(
            f"CREATE TABLE acc_raw AS SELECT rowid AS rec, {c('id')} AS id{fields} FROM src_accounts"
        )
        name = "accounts"
        self.problems(
            name,
            "actuals-duplicate",
            "SELECT rec, id, first FROM (SELECT rec, id, min(rec) OVER (PARTITION BY id) AS first FROM acc_raw "
            "WHERE id IS NOT NULL) WHERE rec > first",
            [],
            lambda account, first: (
                f"duplicate account ID `{shown(account)}` (first on line {line_of(first)})"
            ),
        )
        used = sorted(
            {
                w.column
                for r in self.spec.segments
                for w in r.when
                if w.minimum is not None or w.maximum is not None
            }
        )
        for column in used:
            self.problems(
                name,
                "actuals-number",
                f"SELECT rec, {column} FROM acc_raw WHERE {column} IS NOT NULL "
                f"AND TRY_CAST(replace({column}, ',', '') AS DOUBLE) IS NULL",
                [],
                lambda value, column=column: f"{column} `{shown(value)}` is not a number",
            )
        cases: list[str] = []
        params: list[Any] = []
        for rule in self.spec.segments:
            tests = []
            for cond in rule.when:
                number = f"TRY_CAST(replace({cond.column}, ',', '') AS DOUBLE)"
                if cond.minimum is not None:
                    tests.append(f"{number} >= ?")
                    params.append(cond.minimum)
                if cond.maximum is not None:
                    tests.append(f"{number} <= ?")
                    params.append(cond.maximum)
                if cond.values is not None:
                    tests.append(f"lower({cond.column}) IN (SELECT unnest(?::VARCHAR[]))")
                    params.append([label_key(v) for v in cond.values])
            cases.append(f"WHEN {' AND '.join(tests) or 'true'} THEN ?")
            params.append(rule.segment)
        segment = f"CASE {' '.join(cases)} ELSE 'unassigned' END" if cases else "'unassigned'"
        self.con.execute(
            f"CREATE TABLE acc AS SELECT id, {segment} AS segment FROM acc_raw WHERE id IS NOT NULL "
            "QUALIFY row_number() OVER (PARTITION BY id ORDER BY rec) = 1",
            params,
        )

    # Putting it together ------------------------------------------------------------------------

    def located(self) -> list[Diagnostic]:
        """The row problems with their lines, the first --max-errors of them by file and line."""
        by_source: dict[str, set[int]] = {}
        for source, rec, _, message in self.rows:
            by_source.setdefault(source, set()).update({rec, *map(int, _LINE_OF.findall(message))})
        lines = {s: _record_lines(self.paths[s], recs) for s, recs in by_source.items()}

        def line(source: str, rec: int) -> int:
            return lines[source].get(rec, rec + 2)

        def filled(source: str, message: str) -> str:
            return _LINE_OF.sub(lambda m: str(line(source, int(m.group(1)))), message)

        found = [
            _error(self.displays[s], line(s, rec), rule, filled(s, message))
            for s, rec, rule, message in self.rows
        ]
        found.sort(key=Diagnostic.sort_key)
        self.exports.hidden = max(0, self.total - self.max_errors)
        return found[: self.max_errors]


def read_exports(
    folder: Path, spec: DataSpec, playbook: Playbook, locate: Locate, max_errors: int
) -> Exports:
    """The checked exports; `diagnostics` is non-empty when any file, column or row is wrong."""
    reader = _Reader(folder, spec, playbook, locate, max_errors)
    opportunities = spec.source("opportunities")
    history = spec.source("stage_history")
    accounts = spec.source("accounts")
    read = {s.name: reader.read(s) for s in (opportunities, history, accounts) if s is not None}
    reader.stage_tables()
    exports = reader.exports
    if reader.config or opportunities is None:
        exports.diagnostics = reader.config
        return exports
    reader.opportunities(opportunities)
    if history is not None and read.get("stage_history") is not None:
        reader.history(history)
        exports.has_history = True
    else:
        reader.con.execute(
            "CREATE TABLE hist (rec BIGINT, deal VARCHAR, from_stage VARCHAR, to_stage VARCHAR, changed DATE)"
        )
    reader.accounts(accounts)
    exports.diagnostics = reader.located()
    exports.files.sort(key=lambda f: f.name)
    return exports
