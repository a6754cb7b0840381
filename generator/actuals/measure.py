"""Measure the playbook from the checked exports: metrics by the playbook's own formulas, the funnel,
the segments' evidence and the forecast, all as of one day.

Everything is rebuilt as of `as_of`: a stage change after it is ignored, so a deal lost later
was open then, and snapshots of past days can be made from today's export. Each metric input is
a predicate on a deal and a value to add up (SQL, bound parameters only); a metric's `deals` is
the number of deals any of its inputs counts, and a figure over fewer than `min_deals` is null.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from generator.actuals.cells import neutral
from generator.actuals.exports import FORECAST_CATEGORIES, Exports, Locate
from generator.actuals.windows import window_days
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.formula import FormulaError, evaluate, names, parse
from generator.core.hints import nearest_hint
from generator.model.data import Condition, DataSpec, Measure
from generator.model.operating import Metric
from generator.model.playbook import Playbook

UNASSIGNED = "unassigned"
ORDER = "(date_diff('day', DATE '1970-01-01', changed)::BIGINT * 4294967296 + rec)"
"""A stage change's place in time: its day, then its row (an aggregate, not a sort of every change)."""
QUALIFIED_LOSS = "(NOT d.has_history OR d.id IN (SELECT deal FROM qualified_once))"
"""A loss that counts: the deal passed the first open stage (without a history, its path is unknown: it counts)."""
CYCLE_START = "coalesce((SELECT c.start FROM cycle c WHERE c.deal = d.id), d.created)"
"""Where a won deal's sales cycle starts: its qualification (see `prepare`), else its creation."""
RATE_UNITS = ("ratio", "percent", "multiple")
BUILT_IN = (
    "won-deals",
    "lost-deals",
    "new-arr",
    "cycle-days",
    "open-pipeline",
    "qualified-opportunities",
    "entered-deals",
    "advanced-deals",
)
"""The library inputs measured from the deals without a `measures:` entry."""
DEAL_FIELDS = ("owner", "lead_source", "account", "currency", "segment")


@dataclass(frozen=True)
class Input:
    """One input over one window: deals where `predicate` holds add `value`; `params` bind in order."""

    predicate: str
    value: str
    params: tuple[Any, ...] = ()
    entries: bool = False  # joins the per-deal stage entries of the window (`e`)


def _day(day: datetime.date) -> str:
    return f"DATE '{day.isoformat()}'"  # our own date, never a cell


class Measurer:
    def __init__(
        self, exports: Exports, playbook: Playbook, spec: DataSpec, as_of: datetime.date, locate: Locate
    ) -> None:
        self.locate = locate
        self.con = exports.con
        self.exports = exports
        self.playbook = playbook
        self.spec = spec
        self.as_of = as_of
        self.min = spec.min_deals
        self.diagnostics: list[Diagnostic] = []
        self.windows = dict(spec.windows)
        self.measures = {m.input: (i, m) for i, m in enumerate(spec.measures)}
        self.several = len(playbook.pipelines) > 1

    # The deals as of the day ------------------------------------------------------------------

    def prepare(self) -> None:
        asof = _day(self.as_of)
        extras = "".join(f", s0.f_{f.replace('-', '_')}" for f in self.exports.fields)
        self.con.execute(f"CREATE VIEW h AS SELECT * FROM hist WHERE changed <= {asof}")
        self.con.execute(
            "CREATE TABLE first_open AS SELECT pipeline, min(ord) AS ord, arg_min(stage, ord) AS stage "
            "FROM stage_meta WHERE category = 'open' GROUP BY pipeline"
        )
        self.con.execute(
            f"""CREATE TABLE deals AS
            WITH last AS (SELECT deal, arg_max(to_stage, {ORDER}) AS stage, max(changed) AS changed
                          FROM h GROUP BY deal),
                 first AS (SELECT deal, arg_min_null(from_stage, {ORDER}) AS stage, min(changed) AS changed
                           FROM hist GROUP BY deal),
                 snap AS (
                   SELECT o.*, fo.stage AS first_open,
                     CASE WHEN l.deal IS NOT NULL THEN l.stage
                          WHEN f.deal IS NOT NULL THEN coalesce(f.stage, fo.stage)
                          WHEN o.category = 'open' OR o.closed <= {asof} THEN o.stage
                          ELSE fo.stage END AS stage_at,
                     -- A first row from no stage on the day the deal was made is the export's own
                     -- creation row: it enters the first stage itself.
                     CASE WHEN f.deal IS NOT NULL AND f.stage IS NULL AND f.changed <= o.created THEN NULL
                          ELSE coalesce(f.stage, CASE WHEN f.deal IS NULL AND (o.category = 'open' OR o.closed <= {asof})
                                                 THEN o.stage END, fo.stage) END AS initial,
                     CASE WHEN l.deal IS NOT NULL THEN l.changed ELSE o.closed END AS last_change,
                     f.deal IS NOT NULL AS has_history
                   FROM opp o LEFT JOIN last l ON l.deal = o.id LEFT JOIN first f ON f.deal = o.id
                   LEFT JOIN first_open fo ON fo.pipeline = o.pipeline
                   WHERE o.created <= {asof})
            SELECT s0.id, s0.has_history, s0.owner, s0.account, s0.lead_source, s0.currency, s0.created, s0.initial,
              s0.stage AS stage_now, s0.category AS category_now, s0.forecast_export,
              s0.amount_local * r.rate AS amount, coalesce(a.segment, '{UNASSIGNED}') AS segment,
              s0.stage_at AS stage, sm.category, sm.pipeline, sm.ord,
              CASE WHEN sm.category <> 'open' THEN s0.last_change END AS closed_at,
              sm.category = 'open' AND sm.ord > fo.ord AS qualified{extras}
            FROM snap s0 JOIN rates r ON r.currency = s0.currency
            LEFT JOIN acc a ON a.id = s0.account
            JOIN stage_meta sm ON sm.stage = s0.stage_at
            LEFT JOIN first_open fo ON fo.pipeline = sm.pipeline"""
        )
        self.con.execute(
            """CREATE TABLE entry AS
            WITH ev AS (
              SELECT id AS deal, initial AS stage, created AS at, -1 AS seq FROM deals WHERE initial IS NOT NULL
              UNION ALL SELECT h.deal, h.to_stage, h.changed, h.rec FROM h JOIN deals d ON d.id = h.deal)
            SELECT ev.deal, ev.stage, ev.at AS entered, sm.category, sm.pipeline, sm.ord,
              lead(ev.at) OVER w AS left_at,
              coalesce(max(CASE WHEN sm.category = 'won' THEN 1000000 WHEN sm.category = 'open' THEN sm.ord
                                ELSE -1 END)
                OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), -1) > sm.ord AS advanced,
              lead(ev.at) OVER w IS NULL AS current
            FROM ev JOIN stage_meta sm ON sm.stage = ev.stage
            WINDOW w AS (PARTITION BY ev.deal ORDER BY ev.at, ev.seq)"""
        )
        # A sales cycle runs from qualification to signature (the library's `cycle-days`): from the
        # deal's first entry past the first open stage, or its creation when there is no history.
        start = (
            "(SELECT min(e.entered) FROM entry e JOIN first_open fo ON fo.pipeline = e.pipeline "
            "WHERE e.deal = deals.id AND ((e.category = 'open' AND e.ord > fo.ord) OR e.category = 'won'))"
            if self.exports.has_history
            else "NULL::DATE"
        )
        self.con.execute(
            f"CREATE TABLE cycle AS SELECT id AS deal, coalesce({start}, created) AS start FROM deals "
            "WHERE category = 'won'"
        )
        # Lost deals count only once qualified (the library's `lost-deals`): past the first open stage.
        self.con.execute(
            """CREATE TABLE qualified_once AS SELECT DISTINCT e.deal FROM entry e
            JOIN first_open fo ON fo.pipeline = e.pipeline
            WHERE (e.category = 'open' AND e.ord > fo.ord) OR e.category = 'won'"""
        )

    # Inputs --------------------------------------------------------------------------------------

    def in_window(self, column: str, days: int | None) -> str:
        end = f"{column} <= {_day(self.as_of)}"
        if days is None:
            return end
        return f"({column} > {_day(self.as_of - datetime.timedelta(days=days))} AND {end})"

    def built_in(self, input_id: str, days: int | None) -> Input:
        def closed(category: str) -> str:
            return f"d.category = '{category}' AND {self.in_window('d.closed_at', days)}"

        return {
            "won-deals": Input(closed("won"), "1"),
            "lost-deals": Input(closed("lost") + f" AND {QUALIFIED_LOSS}", "1"),
            "new-arr": Input(closed("won"), "coalesce(d.amount, 0)"),
            "cycle-days": Input(closed("won"), f"(d.closed_at - {CYCLE_START})"),
            "open-pipeline": Input("d.qualified", "coalesce(d.amount, 0)"),
            "qualified-opportunities": Input("d.qualified", "1"),
            "entered-deals": Input("e.entered > 0", "e.entered", entries=True),
            "advanced-deals": Input("e.entered > 0", "e.advanced", entries=True),
        }[input_id]

    def field_sql(self, name: str) -> str | None:
        if name in DEAL_FIELDS:
            return f"d.{name}"
        if name in self.exports.fields:
            return f"d.f_{name.replace('-', '_')}"
        return None

    def conditions(
        self, where: tuple[Condition, ...], at: tuple[object, ...]
    ) -> tuple[list[str], list[Any]] | None:
        tests: list[str] = []
        params: list[Any] = []
        for j, cond in enumerate(where):
            column = self.field_sql(cond.column)
            if column is None:
                self.diagnostics.append(
                    Diagnostic(
                        self.locate((*at, "where", j, "field")),
                        Severity.ERROR,
                        "actuals-measure",
                        f"`{cond.column}` is not a field of the deals"
                        f"{nearest_hint(cond.column, (*DEAL_FIELDS, *self.exports.fields))}",
                    )
                )
                return None
            if cond.values is not None:
                tests.append(f"lower({column}) IN (SELECT unnest(?::VARCHAR[]))")
                params.append([" ".join(v.split()).lower() for v in cond.values])
            if cond.present is not None:
                tests.append(f"{column} IS {'NOT ' if cond.present else ''}NULL")
        return tests, params

    def declared(self, measure: Measure, index: int, days: int | None) -> Input | None:
        tests: list[str] = []
        params: list[Any] = []
        if measure.reached:
            tests.append(
                f"d.id IN (SELECT deal FROM entry WHERE stage = ? AND {self.in_window('entered', days)})"
            )
            params.append(measure.reached)
        outcome = {
            "won": "d.category = 'won'",
            "lost": "d.category = 'lost'",
            "closed": "d.category IN ('won', 'lost')",
            "open": "d.category = 'open'",
        }.get(measure.outcome)
        if outcome:
            tests.append(outcome)
            if not measure.reached and measure.outcome != "open":
                tests.append(self.in_window("d.closed_at", days))
        if not measure.reached and not measure.outcome:
            tests.append(self.in_window("d.created", days))
        found = self.conditions(measure.where, ("measures", index))
        if found is None:
            return None
        tests += found[0]
        params += found[1]
        value = {
            "count": "1",
            "amount": "coalesce(d.amount, 0)",
            "cycle-days": f"coalesce(d.closed_at - {CYCLE_START}, 0)",
        }
        return Input(" AND ".join(tests), value[measure.aggregate], tuple(params))

    def input(self, input_id: str, days: int | None) -> Input | None:
        if input_id in self.measures:
            index, measure = self.measures[input_id]
            return self.declared(measure, index, days)
        if input_id in BUILT_IN:
            return self.built_in(input_id, days)
        return None

    # Metrics -------------------------------------------------------------------------------------

    def metric_days(self, metric: Metric) -> int | None:
        return self.windows.get(metric.id, window_days(metric.window))

    def metrics(self) -> list[dict[str, Any]]:
        by_id = {m.id: m for m in self.playbook.operating.metrics}
        results: dict[str, dict[tuple[str, str], tuple[float | None, int]] | None] = {}

        def compute(
            metric: Metric, seen: frozenset[str]
        ) -> dict[tuple[str, str], tuple[float | None, int]] | None:
            if metric.id in results:
                return results[metric.id]
            results[metric.id] = None  # a cycle leaves it unmeasured (validation reports cycles)
            try:
                tree = parse(metric.formula)
            except FormulaError:
                return None
            days = self.metric_days(metric)
            inputs: dict[str, Input] = {}
            subs: dict[str, dict[tuple[str, str], tuple[float | None, int]]] = {}
            for name in dict.fromkeys(names(tree)):
                found = self.input(name, days)
                if found is not None:
                    inputs[name] = found
                elif name in by_id and name not in seen:
                    sub = compute(by_id[name], seen | {metric.id})
                    if sub is None:
                        return None
                    subs[name] = sub
                else:
                    return None
            figures = self.figures(metric, tree, inputs, subs)
            results[metric.id] = figures
            return figures

        out = []
        for metric in self.playbook.operating.metrics:
            figures = compute(metric, frozenset())
            if figures is None:
                continue
            digits = 4 if metric.unit in RATE_UNITS else 2
            out.append(self.metric_entry(metric, figures, digits))
        return out

    def figures(
        self,
        metric: Metric,
        tree: Any,
        inputs: dict[str, Input],
        subs: dict[str, dict[tuple[str, str], tuple[float | None, int]]],
    ) -> dict[tuple[str, str], tuple[float | None, int]]:
        """(dimension, key) → (value, deals): dimension is "", segment, pipeline or owner."""
        names_ = list(inputs)
        columns: list[str] = []
        params: list[Any] = []
        for i, name in enumerate(names_):
            columns.append(
                f"sum(CASE WHEN {inputs[name].predicate} THEN {inputs[name].value} ELSE 0 END) AS i{i}"
            )
            params += inputs[name].params
        union = " OR ".join(f"({inputs[n].predicate})" for n in names_) or "false"
        for n in names_:
            params += inputs[n].params
        join = ""
        if any(i.entries for i in inputs.values()):
            days = self.metric_days(metric)
            join = (
                "LEFT JOIN (SELECT deal, count(DISTINCT stage) AS entered, "
                "count(DISTINCT stage) FILTER (WHERE advanced) AS advanced FROM entry "
                f"WHERE category = 'open' AND {self.in_window('entered', days)} GROUP BY deal) e ON e.deal = d.id"
            )
        sql = (
            f"SELECT grouping(d.segment), grouping(d.pipeline), grouping(d.owner), d.segment, d.pipeline, d.owner, "
            f"{', '.join(columns) + ', ' if columns else ''}count(*) FILTER (WHERE {union}) AS deals "
            f"FROM deals d {join} GROUP BY GROUPING SETS ((), (d.segment), (d.pipeline), (d.owner))"
        )
        found: dict[tuple[str, str], tuple[float | None, int]] = {}
        for row in self.con.execute(sql, params).fetchall():
            gs, gp, go, segment, pipeline, owner = row[:6]
            if not gs:
                key = ("segment", segment)
            elif not gp:
                key = ("pipeline", pipeline)
            elif not go:
                if owner is None:
                    continue
                key = ("owner", owner)
            else:
                key = ("", "")
            deals = int(row[-1])
            if deals == 0 and key[0]:
                continue  # a segment, pipeline or owner none of the metric's deals is in
            values = {n: float(row[6 + i] or 0) for i, n in enumerate(names_)}
            value: float | None = None
            for name, sub in subs.items():
                sub_value, sub_deals = sub.get(key, (None, 0))
                deals = max(deals, sub_deals)
                if sub_value is None:
                    break
                values[name] = sub_value
            else:
                if deals >= self.min:
                    try:
                        value = evaluate(tree, values)
                    except (ZeroDivisionError, OverflowError):
                        value = None
                    if value is not None and not math.isfinite(value):
                        value = None
            found[key] = (value, deals)
        return found

    def metric_entry(
        self, metric: Metric, figures: dict[tuple[str, str], tuple[float | None, int]], digits: int
    ) -> dict[str, Any]:
        def figure(key: tuple[str, str]) -> dict[str, Any]:
            value, deals = figures.get(key, (None, 0))
            return {"value": None if value is None else round(value, digits), "deals": deals}

        entry: dict[str, Any] = {
            "id": metric.id,
            "window_days": self.metric_days(metric),
            "overall": figure(("", "")),
        }
        icp = {s.id for s in self.playbook.segments}
        segments = sorted(k for d, k in figures if d == "segment" and k in icp)
        if segments:
            entry["segments"] = [{"id": k, **figure(("segment", k))} for k in segments]
        if self.several:
            entry["pipelines"] = [
                {"id": k, **figure(("pipeline", k))} for k in sorted(k for d, k in figures if d == "pipeline")
            ]
        owners = sorted(k for d, k in figures if d == "owner")
        if owners:
            entry["owners"] = [{"id": neutral(k), **figure(("owner", k))} for k in owners]
        return entry

    # Funnel, segments, forecast ----------------------------------------------------------------

    def funnel_days(self) -> int | None:
        metric = next(
            (m for m in self.playbook.operating.metrics if "stage-conversion" in (m.id, m.library)), None
        )
        return self.metric_days(metric) if metric else None

    def funnel(self) -> list[dict[str, Any]]:
        window = self.in_window("entered", self.funnel_days())
        asof = _day(self.as_of)
        # Open deals in the stage now, each with its segment's ageing limits where the stage sets them.
        aged = (
            "entry e JOIN deals d ON d.id = e.deal LEFT JOIN stage_ageing sa "
            "ON sa.stage = e.stage AND sa.segment = d.segment WHERE e.stage = sm.stage AND current"
        )
        rows = self.con.execute(
            f"""SELECT sm.stage,
              (SELECT count(DISTINCT deal) FROM entry e WHERE e.stage = sm.stage AND {window}),
              (SELECT count(DISTINCT deal) FROM entry e WHERE e.stage = sm.stage AND {window} AND advanced),
              (SELECT median(left_at - entered) FROM entry e WHERE e.stage = sm.stage AND {window} AND left_at IS NOT NULL),
              (SELECT count(*) FROM entry e WHERE e.stage = sm.stage AND {window} AND left_at IS NOT NULL),
              (SELECT count(*) FROM entry e WHERE e.stage = sm.stage AND current AND e.category = 'open'),
              (SELECT count(*) FROM {aged} AND {asof} - entered > coalesce(sa.warning, sm.warning)),
              (SELECT count(*) FROM {aged} AND {asof} - entered > coalesce(sa.stale, sm.stale)),
              coalesce(sm.warning, (SELECT max(warning) FROM stage_ageing a WHERE a.stage = sm.stage)),
              coalesce(sm.stale, (SELECT max(stale) FROM stage_ageing a WHERE a.stage = sm.stage))
            FROM stage_meta sm WHERE sm.category = 'open' ORDER BY sm.pipeline, sm.ord"""
        ).fetchall()
        by_stage = {r[0]: r for r in rows}
        out = []
        for pipeline in self.playbook.pipelines:
            stages = []
            for stage in pipeline.stages:
                if stage.category != "open":
                    continue
                _, entered, advanced, median, left, open_, warning, stale, warning_days, stale_days = (
                    by_stage[stage.id]
                )
                stages.append(
                    {
                        "stage": stage.id,
                        "entered": int(entered),
                        "advanced": int(advanced),
                        "conversion": round(advanced / entered, 4) if entered >= self.min else None,
                        "median_days": round(float(median), 2)
                        if median is not None and left >= self.min
                        else None,
                        "expected_days": stage.expected_days,
                        "open": int(open_),
                        "over_warning": int(warning) if warning_days is not None else None,
                        "stale": int(stale) if stale_days is not None else None,
                    }
                )
            out.append({"pipeline": pipeline.id or None, "stages": stages})
        return out

    def win_rate_days(self) -> int | None:
        metric = next((m for m in self.playbook.operating.metrics if "win-rate" in (m.id, m.library)), None)
        return self.metric_days(metric) if metric else None

    def segments(self) -> list[dict[str, Any]]:
        window = self.in_window("closed_at", self.win_rate_days())
        rows = self.con.execute(
            f"""SELECT segment, count(*),
              count(*) FILTER (WHERE category = 'won'),
              median(closed_at - {CYCLE_START}) FILTER (WHERE category = 'won'),
              avg(amount) FILTER (WHERE category = 'won'),
              count(amount) FILTER (WHERE category = 'won')
            FROM deals d WHERE {window} AND (category = 'won'
              OR (category = 'lost' AND {QUALIFIED_LOSS})) GROUP BY segment"""
        ).fetchall()
        found = {r[0]: r for r in rows}
        order = [*sorted(k for k in found if k != UNASSIGNED), *([UNASSIGNED] if UNASSIGNED in found else [])]
        out = []
        for key in order:
            _, closed, won, cycle, size, sized = found[key]
            out.append(
                {
                    "id": key,
                    "closed_deals": int(closed),
                    "win_rate": round(won / closed, 4) if closed >= self.min else None,
                    "median_cycle_days": round(float(cycle), 2)
                    if cycle is not None and won >= self.min
                    else None,
                    "average_deal_size": round(float(size), 2)
                    if size is not None and sized >= self.min
                    else None,
                }
            )
        return out

    def forecast(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            """WITH usual AS (SELECT stage_now AS stage, mode(forecast_export) AS category FROM deals
                              WHERE forecast_export IS NOT NULL GROUP BY stage_now)
            SELECT coalesce(sm.forecast, u.category, 'Pipeline') AS category, count(*), sum(coalesce(d.amount, 0))
            FROM deals d JOIN stage_meta sm ON sm.stage = d.stage LEFT JOIN usual u ON u.stage = d.stage
            WHERE d.category = 'open' GROUP BY 1"""
        ).fetchall()
        found = {r[0]: r for r in rows}
        canonical = {c.lower().replace(" ", ""): c for c in FORECAST_CATEGORIES}
        merged: dict[str, tuple[int, float]] = {}
        for category, deals, amount in found.values():
            name = canonical.get(str(category).lower().replace(" ", "").replace("_", ""), "Pipeline")
            before = merged.get(name, (0, 0.0))
            merged[name] = (before[0] + int(deals), before[1] + float(amount or 0))
        return [
            {"category": c, "deals": merged[c][0], "amount": round(merged[c][1], 2)}
            for c in FORECAST_CATEGORIES
            if c in merged
        ]


def measure(
    exports: Exports, playbook: Playbook, spec: DataSpec, as_of: datetime.date, locate: Locate
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The snapshot's figures (metrics, funnel, segments, forecast) and any measure diagnostics."""
    measurer = Measurer(exports, playbook, spec, as_of, locate)
    measurer.prepare()
    figures = {
        "metrics": measurer.metrics(),
        "funnel": measurer.funnel(),
        "segments": measurer.segments(),
        "forecast": measurer.forecast(),
    }
    return figures, measurer.diagnostics
