"""Actuals against the playbook: snapshots that name what the playbook does not have, and figures that contradict it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.core.hints import nearest
from generator.load.snapshot import ACTUALS, LoadedSnapshot
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists

UNASSIGNED = "unassigned"
"""The segment the writer files deals under when no ICP rule matches their account."""
SLOW_FACTOR = 2


def snapshots(ctx: Context) -> list[LoadedSnapshot]:
    """The folder's well-formed snapshots, oldest first (malformed ones were reported by validation)."""
    return list(ctx.snapshots)


def _stages(ctx: Context) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for _, stages in stage_lists(ctx.doc("stages")) for s in stages}


def _name(item: dict[str, Any]) -> str:
    return str(item.get("name") or item.get("label") or item["id"])


def _unknown(
    loaded: LoadedSnapshot, path: tuple[Any, ...], kind: str, value: str, known: set[str]
) -> Iterator[Finding]:
    if value not in known:
        close = nearest(value, sorted(known), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        message = (
            f"snapshot {loaded.snapshot.as_of} names {kind} `{value}`, which the playbook does not have{hint}"
        )
        yield Finding(ACTUALS, path, message, origins=loaded.origins)


@rule(
    "actuals-unknown-id",
    ERROR,
    (ACTUALS,),
    "A snapshot names a metric, stage, pipeline or segment the playbook does not have, or another client.",
    "A figure for something the playbook does not define cannot be judged against a target; it is a renamed ID or the wrong client.",
)
def actuals_unknown_id(ctx: Context) -> Iterator[Finding]:
    metrics = {m["id"] for m in ctx.doc("metrics").get("metrics", [])} if ctx.has("metrics") else None
    stages = set(_stages(ctx)) if ctx.has("stages") else None
    pipelines = {p["id"] for p in ctx.doc("stages").get("pipelines", [])} if ctx.has("stages") else None
    segments = {s["id"] for s in ctx.doc("icp")["segments"]} | {UNASSIGNED} if ctx.has("icp") else None
    for loaded in snapshots(ctx):
        snap = loaded.snapshot
        if snap.client != ctx.playbook.folder.name:  # a snapshot copied from another client's folder
            message = f"snapshot {snap.as_of} is of client `{snap.client}`, but it is in the folder of `{ctx.playbook.folder.name}`"
            yield Finding(ACTUALS, ("client",), message, origins=loaded.origins)
        for i, metric in enumerate(snap.metrics):
            if metrics is not None:
                yield from _unknown(loaded, ("metrics", i, "id"), "metric", metric.id, metrics)
            for j, figure in enumerate(metric.segments):
                if segments is not None:
                    yield from _unknown(
                        loaded, ("metrics", i, "segments", j, "id"), "segment", figure.id, segments
                    )
            for j, figure in enumerate(metric.pipelines):
                if pipelines is not None:
                    path = ("metrics", i, "pipelines", j, "id")
                    yield from _unknown(loaded, path, "pipeline", figure.id, pipelines)
        for i, funnel in enumerate(snap.funnel):
            if pipelines is not None and funnel.pipeline is not None:
                yield from _unknown(loaded, ("funnel", i, "pipeline"), "pipeline", funnel.pipeline, pipelines)
            for j, stage in enumerate(funnel.stages):
                if stages is not None:
                    yield from _unknown(
                        loaded, ("funnel", i, "stages", j, "stage"), "stage", stage.stage, stages
                    )
        for i, segment in enumerate(snap.segments):
            if segments is not None:
                yield from _unknown(loaded, ("segments", i, "id"), "segment", segment.id, segments)


def _days(value: float) -> str:
    return f"{value:g}"


@rule(
    "stage-slower-than-expected",
    ADVICE,
    (ACTUALS, "stages"),
    "In the latest actuals snapshot, deals spend at least twice a stage's expected days in it (median).",
    "Expected days drive ageing alerts and the forecast; a stage that takes twice as long in the CRM either hides a missing exit criterion or has a target nobody believes.",
)
def stage_slower_than_expected(ctx: Context) -> Iterator[Finding]:
    found = snapshots(ctx)
    if not found:
        return
    latest, stages = found[-1], _stages(ctx)
    for i, funnel in enumerate(latest.snapshot.funnel):
        for j, measured in enumerate(funnel.stages):
            stage = stages.get(measured.stage)
            expected = stage.get("expected_days") if stage else None
            if measured.median_days is None or not expected:
                continue
            if measured.median_days >= SLOW_FACTOR * expected:
                message = (
                    f"deals spend a median {_days(measured.median_days)} days in {_name(stage or {})}, "
                    f"at least twice its {expected} expected days (actuals of {latest.snapshot.as_of})"
                )
                path = ("funnel", i, "stages", j, "median_days")
                yield Finding(ACTUALS, path, message, origins=latest.origins)


@rule(
    "primary-segment-wins-less",
    ADVICE,
    (ACTUALS, "icp"),
    "In the latest actuals snapshot, a segment the ICP calls primary wins a smaller share of its deals than another segment, both over enough deals.",
    "A primary segment is where the team spends first; if another segment wins more often, the ICP's evidence is out of date or the team is selling to the wrong accounts first.",
)
def primary_segment_wins_less(ctx: Context) -> Iterator[Finding]:
    found = snapshots(ctx)
    if not found:
        return
    latest = found[-1]
    segments = {s["id"]: s for s in ctx.doc("icp")["segments"]}
    measured = [
        (i, s)
        for i, s in enumerate(latest.snapshot.segments)
        if s.win_rate is not None and s.closed_deals >= latest.snapshot.min_deals and s.id in segments
    ]
    for i, primary in measured:
        if segments[primary.id].get("tier") != "primary":
            continue
        better = [
            s for _, s in measured if s.id != primary.id and (s.win_rate or 0) > (primary.win_rate or 0)
        ]
        if not better:
            continue
        best = max(better, key=lambda s: (s.win_rate or 0, s.id))
        message = (
            f"primary segment {_name(segments[primary.id])} wins {_pct(primary.win_rate)} of "
            f"{primary.closed_deals} closed deals, less than {_name(segments[best.id])} at "
            f"{_pct(best.win_rate)} of {best.closed_deals} (actuals of {latest.snapshot.as_of})"
        )
        yield Finding(ACTUALS, ("segments", i, "win_rate"), message, origins=latest.origins)


def _pct(value: float | None) -> str:
    return f"{(value or 0) * 100:.1f}".removesuffix(".0") + "%"


@rule(
    "actuals-currency-differs",
    ADVICE,
    (ACTUALS,),
    "An actuals snapshot gives its amounts in another currency than the playbook's.",
    "Targets, thresholds and deal sizes in the playbook are in its currency; a snapshot in another one is compared against them as if the units were the same, and its trend mixes currencies.",
)
def actuals_currency_differs(ctx: Context) -> Iterator[Finding]:
    currency = ctx.doc("playbook").get("currency") if ctx.has("playbook") else None
    if not currency:
        return
    for loaded in snapshots(ctx):
        if loaded.snapshot.currency != currency:
            message = (
                f"snapshot {loaded.snapshot.as_of} gives amounts in {loaded.snapshot.currency}, "
                f"but the playbook's currency is {currency}; set data.yaml's `currency` to it and "
                "run `playbook actuals` again"
            )
            yield Finding(ACTUALS, ("currency",), message, origins=loaded.origins)
