"""The typed data.yaml: where a client's CRM exports are and how `playbook actuals` reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.load.locations import DocPath

DEFAULT_MIN_DEALS = 20
DEFAULT_DATE_FORMAT = "%Y-%m-%d"


@dataclass(frozen=True)
class Source:
    name: str  # opportunities, stage_history, accounts
    file: str  # relative to the client folder
    columns: tuple[tuple[str, str], ...]  # (field, the export's header), in data.yaml's order
    path: DocPath  # where data.yaml declares it, for diagnostics

    def column(self, field: str) -> str:
        return next((header for name, header in self.columns if name == field), "")


@dataclass(frozen=True)
class Condition:
    column: str  # a field name (accounts column or deal field)
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] | None = None  # compared without case
    present: bool | None = None


@dataclass(frozen=True)
class SegmentRule:
    segment: str
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Measure:
    input: str
    aggregate: str  # count, amount, cycle-days
    reached: str = ""
    outcome: str = ""
    where: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class DataSpec:
    currency: str
    date_format: str
    min_deals: int
    sources: tuple[Source, ...]
    rates: tuple[tuple[str, float], ...]
    stage_values: tuple[tuple[str, tuple[str, ...]], ...]  # (stage id, labels)
    pipeline_values: tuple[tuple[str, tuple[str, ...]], ...]  # (pipeline id, labels)
    segments: tuple[SegmentRule, ...]
    windows: tuple[tuple[str, int], ...]
    measures: tuple[Measure, ...]

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)


def _condition(raw: dict[str, Any], key: str) -> Condition:
    values = raw.get("in")
    return Condition(
        raw[key],
        raw.get("min"),
        raw.get("max"),
        tuple(values) if values is not None else None,
        raw.get("present"),
    )


def build_data(doc: dict[str, Any], currency: str) -> DataSpec:
    """The typed spec of a data.yaml that validated; `currency` is the manifest's."""
    sources = []
    for name in ("opportunities", "stage_history", "accounts"):
        raw = doc["sources"].get(name)
        if raw is None:
            continue
        columns = list(raw["columns"].items())
        columns += [(f["name"], f["column"]) for f in raw.get("fields", ())]
        sources.append(Source(name, raw["file"], tuple(columns), ("sources", name, "file")))
    return DataSpec(
        currency=doc.get("currency", currency),
        date_format=doc.get("date_format", DEFAULT_DATE_FORMAT),
        min_deals=doc.get("min_deals", DEFAULT_MIN_DEALS),
        sources=tuple(sources),
        rates=tuple((r["currency"], float(r["rate"])) for r in doc.get("rates", ())),
        stage_values=tuple((s["stage"], tuple(s["values"])) for s in doc["stages"]),
        pipeline_values=tuple((p["pipeline"], tuple(p["values"])) for p in doc.get("pipelines", ())),
        segments=tuple(
            SegmentRule(r["segment"], tuple(_condition(c, "column") for c in r["when"]))
            for r in doc.get("segments", ())
        ),
        windows=tuple((w["metric"], w["days"]) for w in doc.get("windows", ())),
        measures=tuple(
            Measure(
                m["input"],
                m["aggregate"],
                m.get("reached", ""),
                m.get("outcome", ""),
                tuple(_condition(c, "field") for c in m.get("where", ())),
            )
            for m in doc.get("measures", ())
        ),
    )
