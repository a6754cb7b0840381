"""Actuals snapshots: the dated figures `playbook actuals` writes in a client's `actuals/` folder, read back.

The format is a contract between the writer and its readers (the site, `diff`, the health rules);
a snapshot is a file in git that someone may edit by hand, so every field is checked here, strictly,
and a malformed one is a diagnostic at its line rather than a figure the site shows wrongly.
Kept in the load stage because validation reads snapshots before the model is built.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core import limits
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.load.locations import DocPath, FileOrigins, locate
from generator.load.yaml_loader import LoadError, load_yaml

FOLDER = "actuals"
ACTUALS = "actuals"
"""What rules and the health page call the snapshots, as if they were one document."""
RULE = "actuals-snapshot"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORECAST_CATEGORIES = ("Omitted", "Pipeline", "Best Case", "Commit", "Closed")


@dataclass(frozen=True)
class Figure:
    """One measured figure: `value` is None when fewer than `min_deals` deals stand behind it."""

    id: str  # the segment, pipeline or owner it is for; "" for the overall figure
    value: float | None
    deals: int


@dataclass(frozen=True)
class MetricActual:
    id: str
    window_days: int | None
    overall: Figure
    segments: tuple[Figure, ...] = ()
    pipelines: tuple[Figure, ...] = ()
    owners: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class StageActual:
    stage: str
    entered: int
    advanced: int
    conversion: float | None
    median_days: float | None
    expected_days: float | None
    open: int
    over_warning: int | None
    stale: int | None


@dataclass(frozen=True)
class FunnelActual:
    pipeline: str | None  # None for a playbook with one `stages:` list
    stages: tuple[StageActual, ...]


@dataclass(frozen=True)
class SegmentActual:
    id: str
    closed_deals: int
    win_rate: float | None
    median_cycle_days: float | None
    average_deal_size: float | None


@dataclass(frozen=True)
class ForecastActual:
    category: str
    deals: int
    amount: float


@dataclass(frozen=True)
class Source:
    name: str
    file: str
    rows: int
    sha256: str


CYCLE_STARTS = ("qualified", "created")


@dataclass(frozen=True)
class Snapshot:
    """One dated snapshot of a client's actuals."""

    as_of: datetime.date
    client: str
    min_deals: int
    currency: str
    sources: tuple[Source, ...]
    metrics: tuple[MetricActual, ...]
    funnel: tuple[FunnelActual, ...]
    segments: tuple[SegmentActual, ...]
    forecast: tuple[ForecastActual, ...]
    cycle_from: str = (
        "created"  # where a sales cycle starts: `qualified` (from the stage history) or `created`
    )

    def metric(self, metric_id: str) -> MetricActual | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def segment(self, segment_id: str) -> SegmentActual | None:
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class LoadedSnapshot:
    """A snapshot and where each of its values stands in its file, for diagnostics about it."""

    snapshot: Snapshot
    origins: FileOrigins


class _Malformed(Exception):
    def __init__(self, path: DocPath, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _where(path: DocPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the snapshot"


class _Reader:
    """Reads one snapshot's data field by field; the first thing wrong raises `_Malformed`."""

    def _get(self, data: dict[str, Any], path: DocPath, key: str, required: bool) -> Any:
        if key not in data:
            if required:
                where = f"`{_where(path)}`" if path else "the snapshot"
                raise _Malformed(path, f"{where} is missing `{key}`")
            return None
        return data[key]

    def mapping(self, value: Any, path: DocPath, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Malformed(path, f"`{_where(path)}` must be a mapping")
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise _Malformed((*path, unknown[0]), f"unknown field `{unknown[0]}` in `{_where(path)}`")
        return value

    def text(self, data: dict[str, Any], path: DocPath, key: str) -> str:
        value = self._get(data, path, key, True)
        if not isinstance(value, str) or not value.strip():
            raise _Malformed((*path, key), f"`{_where((*path, key))}` must be a non-empty string")
        return value

    def count(self, data: dict[str, Any], path: DocPath, key: str, nullable: bool = False) -> Any:
        value = self._get(data, path, key, not nullable)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _Malformed((*path, key), f"`{_where((*path, key))}` must be a whole number, 0 or more")
        return value

    def number(self, data: dict[str, Any], path: DocPath, key: str, rate: bool = False) -> float | None:
        value = self._get(data, path, key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
            raise _Malformed((*path, key), f"`{_where((*path, key))}` must be a number, 0 or more, or null")
        if value in (float("inf"),):
            raise _Malformed((*path, key), f"`{_where((*path, key))}` must be a finite number")
        if rate and value > 1:
            raise _Malformed((*path, key), f"`{_where((*path, key))}` is a rate: a fraction from 0 to 1")
        return float(value)

    def items(
        self, data: dict[str, Any], path: DocPath, key: str, read: Callable[[Any, DocPath], Any]
    ) -> tuple[Any, ...]:
        value = self._get(data, path, key, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise _Malformed((*path, key), f"`{_where((*path, key))}` must be a list")
        return tuple(read(item, (*path, key, i)) for i, item in enumerate(value))

    def figure(self, value: Any, path: DocPath, keyed: bool = True) -> Figure:
        data = self.mapping(value, path, ("id", "value", "deals") if keyed else ("value", "deals"))
        figure_id = self.text(data, path, "id") if keyed else ""
        return Figure(figure_id, self.number(data, path, "value"), self.count(data, path, "deals"))

    def metric(self, value: Any, path: DocPath) -> MetricActual:
        keys = ("id", "window_days", "overall", "segments", "pipelines", "owners")
        data = self.mapping(value, path, keys)
        return MetricActual(
            self.text(data, path, "id"),
            self.count(data, path, "window_days", nullable=True),
            self.figure(self._get(data, path, "overall", True), (*path, "overall"), keyed=False),
            self.items(data, path, "segments", self.figure),
            self.items(data, path, "pipelines", self.figure),
            self.items(data, path, "owners", self.figure),
        )

    def stage(self, value: Any, path: DocPath) -> StageActual:
        keys = tuple(StageActual.__dataclass_fields__)
        data = self.mapping(value, path, keys)
        return StageActual(
            self.text(data, path, "stage"),
            self.count(data, path, "entered"),
            self.count(data, path, "advanced"),
            self.number(data, path, "conversion", rate=True),
            self.number(data, path, "median_days"),
            self.number(data, path, "expected_days"),
            self.count(data, path, "open"),
            self.count(data, path, "over_warning", nullable=True),
            self.count(data, path, "stale", nullable=True),
        )

    def funnel(self, value: Any, path: DocPath) -> FunnelActual:
        data = self.mapping(value, path, ("pipeline", "stages"))
        pipeline = self.text(data, path, "pipeline") if data.get("pipeline") is not None else None
        return FunnelActual(pipeline, self.items(data, path, "stages", self.stage))

    def segment(self, value: Any, path: DocPath) -> SegmentActual:
        data = self.mapping(value, path, tuple(SegmentActual.__dataclass_fields__))
        return SegmentActual(
            self.text(data, path, "id"),
            self.count(data, path, "closed_deals"),
            self.number(data, path, "win_rate", rate=True),
            self.number(data, path, "median_cycle_days"),
            self.number(data, path, "average_deal_size"),
        )

    def forecast(self, value: Any, path: DocPath) -> ForecastActual:
        data = self.mapping(value, path, ("category", "deals", "amount"))
        category = self.text(data, path, "category")
        if category not in FORECAST_CATEGORIES:
            known = ", ".join(FORECAST_CATEGORIES)
            raise _Malformed((*path, "category"), f"unknown forecast category `{category}`; known: {known}")
        amount = self.number(data, path, "amount")
        return ForecastActual(category, self.count(data, path, "deals"), amount or 0.0)

    def source(self, value: Any, path: DocPath) -> Source:
        data = self.mapping(value, path, ("name", "file", "rows", "sha256"))
        return Source(
            self.text(data, path, "name"),
            self.text(data, path, "file"),
            self.count(data, path, "rows"),
            self.text(data, path, "sha256"),
        )

    def snapshot(self, data: dict[str, Any], stem: str) -> Snapshot:
        keys = ("as_of", "client", "min_deals", "currency", "sources", "metrics", "funnel", "segments")
        self.mapping(data, (), (*keys, "forecast", "cycle_from"))
        cycle_from = data.get("cycle_from", "created")  # optional: snapshots before it was written
        if cycle_from not in CYCLE_STARTS:
            raise _Malformed(("cycle_from",), "`cycle_from` must be `qualified` or `created`")
        as_of = self._get(data, (), "as_of", True)
        if not isinstance(as_of, str) or not _DATE.fullmatch(as_of):
            raise _Malformed(("as_of",), "`as_of` must be a date written YYYY-MM-DD")
        try:
            date = datetime.date.fromisoformat(as_of)
        except ValueError:
            raise _Malformed(("as_of",), f"`as_of` is not a calendar date: {as_of}") from None
        if as_of != stem:
            raise _Malformed(("as_of",), f"`as_of` is {as_of} but the file is named {stem}.yaml")
        return Snapshot(
            date,
            self.text(data, (), "client"),
            self.count(data, (), "min_deals"),
            self.text(data, (), "currency"),
            self.items(data, (), "sources", self.source),
            self.items(data, (), "metrics", self.metric),
            self.items(data, (), "funnel", self.funnel),
            self.items(data, (), "segments", self.segment),
            self.items(data, (), "forecast", self.forecast),
            cycle_from,
        )


def read_snapshot(path: Path, root: Path | None = None) -> LoadedSnapshot:
    """One snapshot file, checked; raises LoadError with a located diagnostic when it is malformed."""
    shown = display_path(path)
    loaded = load_yaml(path, shown, root=root)
    origins = FileOrigins(loaded.source)
    try:
        snapshot = _Reader().snapshot(loaded.data, path.stem)
    except _Malformed as exc:
        where = locate(origins, exc.path, at_key=exc.message.startswith("unknown field"))
        raise LoadError(Diagnostic(where, Severity.ERROR, RULE, exc.message)) from None
    return LoadedSnapshot(snapshot, origins)


def snapshot_files(folder: Path) -> list[Path]:
    """The snapshot files of a client folder, oldest first (their names are their dates)."""
    actuals = folder / FOLDER
    if not actuals.is_dir():
        return []
    return sorted(p for p in actuals.iterdir() if p.is_file())


def read_snapshots(folder: Path, root: Path | None = None) -> tuple[list[LoadedSnapshot], list[Diagnostic]]:
    """Every snapshot of a client folder, oldest first, and a diagnostic for each one that is malformed."""
    loaded: list[LoadedSnapshot] = []
    diagnostics: list[Diagnostic] = []
    files = snapshot_files(folder)
    if len(files) > limits.MAX_FILES:  # every build reads them all: bound the work like documents'
        where = Location(display_path(folder / FOLDER))
        message = f"more than {limits.MAX_FILES} files in {FOLDER}/"
        return [], [Diagnostic(where, Severity.ERROR, "files-limit", message)]
    for path in files:
        if path.suffix != ".yaml" or not _DATE.fullmatch(path.stem):
            message = f"`{path.name}` is not a snapshot: name snapshots by their date, YYYY-MM-DD.yaml"
            diagnostics.append(Diagnostic(Location(display_path(path)), Severity.ERROR, RULE, message))
            continue
        try:
            loaded.append(read_snapshot(path, root))
        except LoadError as exc:
            diagnostics.append(exc.diagnostic)
    return loaded, diagnostics
