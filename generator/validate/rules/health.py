"""Health checks across documents: a ramp that fits the sales cycle, an operationalise phase that changes how the team works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.validate.rules.base import ADVICE, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists

CHANGES = {"process", "cadence", "system"}
PLURALS = {"document": "documents", "training": "training"}


def _closing_stage(ctx: Context) -> str | None:
    """The last open stage of the first pipeline: a rep who can run it can close deals."""
    first = next(stage_lists(ctx.doc("stages")), ((), []))[1]
    open_stages = [s["id"] for s in first if s["category"] == "open"]
    return open_stages[-1] if open_stages else None


def _cycle(ctx: Context, role: str) -> tuple[int, str] | None:
    """The longest sales cycle among the segments the role sells to (default: primary segments)."""
    segments = ctx.doc("icp").get("segments", [])
    sells_to: list[str] = []
    if ctx.has("roles"):
        detail: dict[str, Any] = next((d for d in ctx.doc("roles").get("roles", []) if d["role"] == role), {})
        sells_to = detail.get("sells_to", [])
    chosen = [s for s in segments if s["id"] in sells_to] or [s for s in segments if s["tier"] == "primary"]
    cycles = [(s["evidence"]["cycle_days"], s["id"]) for s in chosen if "cycle_days" in s.get("evidence", {})]
    return max(cycles) if cycles else None


def _full_quota_day(plan: dict[str, Any]) -> int | None:
    return next((p["start_day"] for p in plan["periods"] if p.get("quota_fraction", 0) >= 1), None)


@rule(
    "ramp-shorter-than-cycle",
    ADVICE,
    ("ramp", "icp", "stages"),
    "A closing rep reaches full quota before onboarding plus one sales cycle of the segments they sell to has passed.",
    "A rep cannot close a deal they could not have opened; a ramp shorter than the cycle marks good hires as failures in their first quarter.",
)
def ramp_shorter_than_cycle(ctx: Context) -> Iterator[Finding]:
    closing = _closing_stage(ctx)
    for i, plan in enumerate(ctx.doc("ramp")["plans"]):
        if not any(closing in p.get("stages", []) for p in plan["periods"]):
            continue
        full, cycle = _full_quota_day(plan), _cycle(ctx, plan["role"])
        if full is None or cycle is None:
            continue
        onboarding = next((p["start_day"] - 1 for p in plan["periods"] if p.get("quota_fraction", 0) > 0), 0)
        if full < onboarding + cycle[0]:
            message = (
                f"`{plan['role']}` carries full quota from day {full}, before {onboarding} days of onboarding "
                f"plus the {cycle[0]}-day cycle of `{cycle[1]}` (day {onboarding + cycle[0]})"
            )
            yield Finding("ramp", ("plans", i, "full_productivity_month"), message)


@rule(
    "operationalise-documents-only",
    ADVICE,
    ("milestones",),
    "An operationalise phase whose deliverables are only documents or training, with no process, cadence or system change.",
    "Operationalising means the team works differently on Monday; a phase that ends in documents leaves a binder and the old habits.",
)
def operationalise_documents_only(ctx: Context) -> Iterator[Finding]:
    for i, phase in enumerate(ctx.doc("milestones")["phases"]):
        if phase["kind"] != "operationalise":
            continue
        kinds = {d["kind"] for m in phase["milestones"] for d in m.get("deliverables", [])}
        if not kinds & CHANGES:
            made = " and ".join(PLURALS[k] for k in sorted(kinds)) or "no deliverables"
            message = f"operationalise phase `{phase['id']}` produces only {made}: no process, cadence or system change"
            yield Finding("milestones", ("phases", i, "kind"), message)
