"""Rules on the stage fields a CRM enforces: forecast category, ageing limits, moves, SLA."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.locations import DocPath
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists

CLOSING = {"won", "lost", "disqualified"}
FORECAST_RANK = {"Omitted": 0, "Pipeline": 1, "Best Case": 2, "Commit": 3}


def _stages(ctx: Context) -> Iterator[tuple[DocPath, dict[str, Any]]]:
    for path, stages in stage_lists(ctx.doc("stages")):
        for i, stage in enumerate(stages):
            yield (*path, i), stage


@rule(
    "stage-forecast-category",
    ERROR,
    ("stages",),
    "An open stage is not forecast as Closed; a won, lost or disqualified stage is Closed or Omitted.",
    "The CRM rolls deals into the forecast by this category; an open deal counted as Closed is revenue nobody has.",
)
def stage_forecast_category(ctx: Context) -> Iterator[Finding]:
    for path, stage in _stages(ctx):
        category, forecast = stage["category"], stage.get("forecast_category")
        if forecast is None:
            continue
        if category == "open" and forecast == "Closed":
            yield Finding(
                "stages", (*path, "forecast_category"), "an open stage cannot be forecast as `Closed`"
            )
        elif category in CLOSING and forecast not in ("Closed", "Omitted"):
            yield Finding(
                "stages",
                (*path, "forecast_category"),
                f"a {category} stage is forecast as `Closed` or `Omitted`, not `{forecast}`",
            )


@rule(
    "stage-forecast-order",
    ADVICE,
    ("stages",),
    "Forecast categories never fall from one open stage to the next (Omitted, Pipeline, Best Case, Commit).",
    "A deal that advances a stage and drops from Commit to Best Case makes the forecast move backwards as deals progress.",
)
def stage_forecast_order(ctx: Context) -> Iterator[Finding]:
    for path, stages in stage_lists(ctx.doc("stages")):
        previous: dict[str, Any] | None = None
        for i, stage in enumerate(stages):
            forecast = stage.get("forecast_category")
            if stage["category"] != "open" or forecast not in FORECAST_RANK:
                continue
            if previous and FORECAST_RANK[forecast] < FORECAST_RANK[previous["forecast_category"]]:
                yield Finding(
                    "stages",
                    (*path, i, "forecast_category"),
                    f"stage `{stage['id']}` is forecast as `{forecast}`, below `{previous['forecast_category']}`"
                    f" of `{previous['id']}` before it",
                )
            previous = stage


@rule(
    "stage-ageing",
    ERROR,
    ("stages",),
    "A stage's days to a warning come before its days to stale, for the stage and for each segment.",
    "A deal flagged stale before it was ever flagged as ageing gives the rep no warning.",
)
def stage_ageing(ctx: Context) -> Iterator[Finding]:
    for path, stage in _stages(ctx):
        ageing = stage.get("ageing", {})
        limits = [((*path, "ageing"), ageing, "")]
        limits += [
            ((*path, "ageing", "segments", j), s, f" for segment `{s['segment']}`")
            for j, s in enumerate(ageing.get("segments", []))
        ]
        for at, item, scope in limits:
            # A segment's limit left out is the stage's own.
            warning = item.get("warning_days", ageing.get("warning_days"))
            stale = item.get("stale_days", ageing.get("stale_days"))
            if warning is not None and stale is not None and warning >= stale:
                key = "warning_days" if "warning_days" in item else "stale_days"
                yield Finding(
                    "stages",
                    (*at, key),
                    f"stage `{stage['id']}` warns after {warning} days{scope} but is stale after {stale}:"
                    " the warning comes first",
                )


@rule(
    "stage-moves",
    ERROR,
    ("stages",),
    "A stage's allowed moves name other stages of its own pipeline, and a stage does not list itself.",
    "The CRM enforces these moves; one that names a stage of another pipeline can never happen.",
)
def stage_moves(ctx: Context) -> Iterator[Finding]:
    for path, stages in stage_lists(ctx.doc("stages")):
        ids = [s["id"] for s in stages]
        for i, stage in enumerate(stages):
            moves = stage.get("moves", {})
            named = [((*path, i, "moves", "from", j), s) for j, s in enumerate(moves.get("from", []))]
            if "returns_to" in moves:
                named.append(((*path, i, "moves", "returns_to"), moves["returns_to"]))
            for at, target in named:
                if target == stage["id"]:
                    yield Finding("stages", at, f"stage `{target}` cannot move to itself")
                elif target not in ids and _known(ctx, target):
                    # An unknown ID is reference-unknown's; one of another pipeline is ours.
                    yield Finding("stages", at, f"stage `{target}` is in another pipeline")


def _known(ctx: Context, stage_id: str) -> bool:
    return any(s["id"] == stage_id for _, s in _stages(ctx))


@rule(
    "stage-sla",
    ERROR,
    ("stages",),
    "A stage's SLA gives its time in `hours` or in `days`, not both.",
    "An SLA with two durations has no single deadline to report against.",
)
def stage_sla(ctx: Context) -> Iterator[Finding]:
    for path, stage in _stages(ctx):
        sla = stage.get("sla")
        if sla is None:
            continue
        if "hours" in sla and "days" in sla:
            yield Finding("stages", (*path, "sla", "days"), "give the SLA in `hours` or `days`, not both")
        elif "hours" not in sla and "days" not in sla:
            yield Finding("stages", (*path, "sla"), "the SLA needs `hours` or `days`", True)
