"""What changed between two actuals snapshots, in playbook terms.

"win rate, Mid-market: 24% → 29%", "Discovery conversion: 52% → 48%", "median days in Proposal:
12 → 18 (expected 10)": figures are named by the playbook's metric, stage and segment names and
shown as the site shows them. Two refs compare the newest snapshot of each side, the one the site
shows as current; two snapshot files compare each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.core.diagnostics import display_path
from generator.core.errors import InvalidInput, UsageError
from generator.diff.semantic import Change, DiffReport, Kind, PlaybookDiff, Step
from generator.load.snapshot import FOLDER, Figure, Snapshot, read_snapshot, read_snapshots
from generator.load.sources import MANIFEST, PlaybookFolder
from generator.load.yaml_loader import LoadError
from generator.model.operating_build import build_operating
from generator.render.operating import ACTUALS_PAGE, show
from generator.resolve.merge import ResolvedPlaybook, resolve
from generator.schema.schemas import SchemaSet, load_schemas


@dataclass(frozen=True)
class Names:
    """What the playbook calls each metric, stage, segment and pipeline, and how a metric's values read."""

    metrics: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (name, unit)
    stages: dict[str, str] = field(default_factory=dict)
    segments: dict[str, str] = field(default_factory=dict)
    pipelines: dict[str, str] = field(default_factory=dict)
    currency: str = "USD"


def names_of(playbook: ResolvedPlaybook) -> Names:
    """The names a resolved playbook gives; an ID stands for any it does not (an old revision's)."""
    docs = {name: doc.data for name, doc in playbook.documents.items()}
    try:
        metrics = {m.id: (m.name, m.unit) for m in build_operating(docs, []).metrics}
    except (KeyError, TypeError, ValueError, AttributeError):  # a revision that predates the schemas
        metrics = {}
    stages_doc = docs.get("stages", {})
    lists = [stages_doc.get("stages", [])] + [p.get("stages", []) for p in stages_doc.get("pipelines", [])]
    stages = {
        s["id"]: str(s.get("label") or s["id"]) for stage_list in lists for s in stage_list if "id" in s
    }
    segments = {s["id"]: str(s.get("name") or s["id"]) for s in docs.get("icp", {}).get("segments", [])}
    pipelines = {p["id"]: str(p.get("label") or p["id"]) for p in stages_doc.get("pipelines", [])}
    currency = str(docs.get("playbook", {}).get("currency", "USD"))
    return Names(metrics, stages, segments, pipelines, currency)


def _lower(name: str) -> str:
    """A name inside a phrase: "Win rate" → "win rate", but "ROI model attach rate" stays."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _figure(figure: Figure | None, unit: str, currency: str) -> str:
    if figure is None:
        return "not measured"
    if figure.value is None:
        return f"too few deals ({figure.deals})"
    return show(figure.value, unit, currency)


def _value(value: float | None, unit: str, currency: str, deals: int) -> str:
    return f"too few deals ({deals})" if value is None else show(value, unit, currency)


TOO_FEW = "too few deals"


class _Changes:
    def __init__(self, document: str, names: Names) -> None:
        self.document, self.names = document, names
        self.found: list[Change] = []

    def add(
        self, steps: tuple[Step, ...], old: str, new: str, message: str, kind: Kind = Kind.CHANGED
    ) -> None:
        if old != new and not (old.startswith(TOO_FEW) and new.startswith(TOO_FEW)):  # neither is a figure
            self.found.append(Change(self.document, steps, kind, old, new, ACTUALS_PAGE, message))

    def metrics(self, old: Snapshot | None, new: Snapshot | None) -> None:
        ids = list(
            dict.fromkeys(
                [*(m.id for m in (new.metrics if new else ())), *(m.id for m in (old.metrics if old else ()))]
            )
        )
        for metric_id in ids:
            before = old.metric(metric_id) if old else None
            after = new.metric(metric_id) if new else None
            name, unit = self.names.metrics.get(metric_id, (metric_id, ""))
            label, money = _lower(name), self.names.currency
            step = Step("metrics", metric_id)
            kind = Kind.ADDED if before is None else Kind.REMOVED if after is None else Kind.CHANGED
            a = _figure(before.overall if before else None, unit, money)
            b = _figure(after.overall if after else None, unit, money)
            self.add((step,), a, b, f"{label}: {a} → {b}", kind)
            for part, known in (
                ("segments", self.names.segments),
                ("pipelines", self.names.pipelines),
                ("owners", {}),
            ):
                olds = {f.id: f for f in getattr(before, part, ())}
                news = {f.id: f for f in getattr(after, part, ())}
                for key in dict.fromkeys([*news, *olds]):
                    a, b = _figure(olds.get(key), unit, money), _figure(news.get(key), unit, money)
                    shown = known.get(key, key)
                    self.add((step, Step(part, key)), a, b, f"{label}, {shown}: {a} → {b}")

    def funnel(self, old: Snapshot | None, new: Snapshot | None) -> None:
        def stages(snap: Snapshot | None) -> dict[tuple[str | None, str], Any]:
            return {(f.pipeline, s.stage): s for f in (snap.funnel if snap else ()) for s in f.stages}

        olds, news = stages(old), stages(new)
        for key in dict.fromkeys([*news, *olds]):
            pipeline, stage_id = key
            before, after = olds.get(key), news.get(key)
            name = self.names.stages.get(stage_id, stage_id)
            steps = (*((Step("funnel", pipeline),) if pipeline else ()), Step("stages", stage_id))

            def conv(s: Any) -> str:
                if s is None:
                    return "not measured"
                return (
                    f"too few deals ({s.entered})" if s.conversion is None else f"{s.conversion * 100:.0f}%"
                )

            a, b = conv(before), conv(after)
            self.add((*steps, Step("conversion")), a, b, f"{name} conversion: {a} → {b}")
            a = "not measured" if before is None else _value(before.median_days, "", "", before.entered)
            b = "not measured" if after is None else _value(after.median_days, "", "", after.entered)
            expected = after.expected_days if after else before.expected_days if before else None
            note = f" (expected {expected:g})" if expected else ""
            self.add((*steps, Step("median_days")), a, b, f"median days in {name}: {a} → {b}{note}")
            for attr, words in (
                ("open", "deals open in"),
                ("over_warning", "deals past the ageing warning in"),
                ("stale", "stale deals in"),
            ):
                a = (
                    str(getattr(before, attr, None))
                    if before is not None and getattr(before, attr) is not None
                    else "—"
                )
                b = (
                    str(getattr(after, attr, None))
                    if after is not None and getattr(after, attr) is not None
                    else "—"
                )
                if attr != "open" or (before is not None and after is not None):
                    self.add((*steps, Step(attr)), a, b, f"{words} {name}: {a} → {b}")

    def segments(self, old: Snapshot | None, new: Snapshot | None) -> None:
        olds = {s.id: s for s in (old.segments if old else ())}
        news = {s.id: s for s in (new.segments if new else ())}
        money = self.names.currency
        # The win-rate metric's own per-segment figures already say how each segment's win rate moved.
        win_rate = new.metric("win-rate") if new else None
        told = {f.id for f in win_rate.segments} if win_rate else set()
        for key in dict.fromkeys([*news, *olds]):
            before, after = olds.get(key), news.get(key)
            name = self.names.segments.get(key, "no segment" if key == "unassigned" else key)
            step = Step("segments", key)
            for attr, words, unit in (
                ("closed_deals", "closed deals", ""),
                ("win_rate", "win rate", "ratio"),
                ("median_cycle_days", "median cycle", "days"),
                ("average_deal_size", "average deal size", "currency"),
            ):
                if attr == "win_rate" and key in told:
                    continue
                a, b = (
                    "not measured"
                    if s is None
                    else str(s.closed_deals)
                    if attr == "closed_deals"
                    else _value(getattr(s, attr), unit, money, s.closed_deals)
                    for s in (before, after)
                )
                self.add((step, Step(attr)), a, b, f"{name}: {words} {a} → {b}")

    def forecast(self, old: Snapshot | None, new: Snapshot | None) -> None:
        olds = {f.category: f for f in (old.forecast if old else ())}
        news = {f.category: f for f in (new.forecast if new else ())}
        money = self.names.currency
        for key in dict.fromkeys([*news, *olds]):
            a, b = (
                f"{show(f.amount, 'currency', money)} in {f.deals} deals" if f else "none"
                for f in (olds.get(key), news.get(key))
            )
            self.add((Step("forecast", key),), a, b, f"{key} forecast: {a} → {b}")


def snapshot_changes(old: Snapshot | None, new: Snapshot | None, names: Names) -> list[Change]:
    """Every figure that differs from `old` to `new`; a side without a snapshot has none of them."""
    shown = new or old
    if shown is None:
        return []
    # Amounts read in the snapshot's reporting currency, not necessarily the playbook's.
    changes = _Changes(f"{FOLDER}/{shown.as_of.isoformat()}", replace(names, currency=shown.currency))
    a = old.as_of.isoformat() if old else "none"
    b = new.as_of.isoformat() if new else "none"
    changes.add((Step("as_of"),), a, b, f"actuals measured on: {a} → {b}")
    changes.metrics(old, new)
    changes.funnel(old, new)
    changes.segments(old, new)
    changes.forecast(old, new)
    return changes.found


def _latest(folder: PlaybookFolder) -> Snapshot | None:
    found, _ = read_snapshots(folder.path)  # malformed snapshots are `validate`'s to report
    return found[-1].snapshot if found else None


def with_actuals(diff: PlaybookDiff, old: ResolvedPlaybook, new: ResolvedPlaybook) -> PlaybookDiff:
    """A playbook's diff with the changes of its current actuals: the newest snapshot of each side."""
    if (old.folder.name, old.folder.is_template) != (new.folder.name, new.folder.is_template):
        return diff  # a client against its template: its measured figures are no edit of the template
    before, after = _latest(old.folder), _latest(new.folder)
    if before == after:
        return diff
    changes = (*diff.changes, *snapshot_changes(before, after, names_of(new)))
    return replace(diff, changes=changes, status="changed" if changes else diff.status)


def snapshot_file(spec: str) -> Path | None:
    """The snapshot `spec` names, when it is a file in a playbook's actuals/ folder."""
    path = Path(spec)
    if path.is_file() and path.parent.name == FOLDER and (path.parent.parent / MANIFEST).is_file():
        return path
    return None


def diff_snapshot_files(old: Path, new: Path, schemas: SchemaSet | None = None) -> DiffReport:
    """`playbook diff A.yaml B.yaml`: two snapshot files, named by the playbook NEW belongs to."""
    loaded = []
    errors = []
    for path in (old, new):
        try:
            loaded.append(read_snapshot(path).snapshot)
        except LoadError as exc:
            errors.append(exc.diagnostic)
    if errors:
        raise InvalidInput(errors)
    folder = PlaybookFolder(new.parent.parent.resolve())
    if old.parent.parent.resolve() != folder.path:
        raise UsageError(
            f"{display_path(old)} and {display_path(new)} are actuals of two different playbooks"
        )
    playbook = resolve(folder, schemas or load_schemas())
    changes = tuple(snapshot_changes(loaded[0], loaded[1], names_of(playbook)))
    diff = PlaybookDiff(
        folder.name, display_path(old), display_path(new), changes, "changed" if changes else "unchanged"
    )
    return DiffReport(str(old), str(new), (diff,))
