"""Rules on the engagement plan: phases in order, due days inside phases, dependencies, ownership."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.locations import DocPath
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule
from generator.validate.rules.graph import cycles


def _milestones(ctx: Context) -> Iterator[tuple[DocPath, dict[str, Any], dict[str, Any]]]:
    for p, phase in enumerate(ctx.doc("milestones")["phases"]):
        for m, milestone in enumerate(phase["milestones"]):
            yield ("phases", p, "milestones", m), phase, milestone


@rule(
    "phase-order",
    ERROR,
    ("milestones",),
    "Phases are listed in order, each ending before the next begins.",
    "Overlapping phases blur what the engagement is doing this week, the first thing a sponsor asks.",
)
def phase_order(ctx: Context) -> Iterator[Finding]:
    phases = ctx.doc("milestones")["phases"]
    for i, phase in enumerate(phases):
        if phase["end_day"] < phase["start_day"]:
            yield Finding(
                "milestones", ("phases", i, "end_day"), f"phase `{phase['id']}` ends before it starts"
            )
        if i and phase["start_day"] <= phases[i - 1]["end_day"]:
            before = phases[i - 1]
            message = f"phase `{phase['id']}` starts on day {phase['start_day']}, before `{before['id']}` ends (day {before['end_day']})"
            yield Finding("milestones", ("phases", i, "start_day"), message)


@rule(
    "milestone-in-phase",
    ERROR,
    ("milestones",),
    "A milestone is due on a day inside its phase.",
    "A milestone due outside its phase is planned in one place and judged in another.",
)
def milestone_in_phase(ctx: Context) -> Iterator[Finding]:
    for path, phase, milestone in _milestones(ctx):
        if not phase["start_day"] <= milestone["due_day"] <= phase["end_day"]:
            span = f"days {phase['start_day']}–{phase['end_day']}"
            yield Finding(
                "milestones",
                (*path, "due_day"),
                f"milestone `{milestone['id']}` is due on day {milestone['due_day']}, outside phase `{phase['id']}` ({span})",
            )


@rule(
    "milestone-cycle",
    ERROR,
    ("milestones",),
    "Milestone dependencies form no cycle.",
    "Milestones that wait on each other never start.",
)
def milestone_cycle(ctx: Context) -> Iterator[Finding]:
    graph = {m["id"]: (path, m.get("depends_on", [])) for path, _, m in _milestones(ctx)}
    for node, cycle in cycles({k: deps for k, (_, deps) in graph.items()}):
        message = f"dependencies form a cycle: {' → '.join(cycle)}"
        yield Finding("milestones", (*graph[node][0], "depends_on"), message)


@rule(
    "milestone-dependency-order",
    ADVICE,
    ("milestones",),
    "A milestone depends on one that is due later than itself.",
    "If the work it waits for lands later, the due day is already missed on paper.",
)
def milestone_dependency_order(ctx: Context) -> Iterator[Finding]:
    due = {m["id"]: m["due_day"] for _, _, m in _milestones(ctx)}
    for path, _, milestone in _milestones(ctx):
        for d, dep in enumerate(milestone.get("depends_on", [])):
            if due.get(dep, 0) > milestone["due_day"]:
                message = f"`{milestone['id']}` (day {milestone['due_day']}) depends on `{dep}`, due later (day {due[dep]})"
                yield Finding("milestones", (*path, "depends_on", d), message)


@rule(
    "deliverable-owner-internal",
    ADVICE,
    ("milestones", "playbook"),
    "Every deliverable is owned after the engagement by an internal role, not the fractional CRO or a partner.",
    "What the CRO still owns on the last day leaves with them; the playbook exists so the team keeps it.",
)
def deliverable_owner_internal(ctx: Context) -> Iterator[Finding]:
    roles = ctx.roles()
    for path, _, milestone in _milestones(ctx):
        for d, deliverable in enumerate(milestone.get("deliverables", [])):
            role = roles.get(deliverable["owner_after"])
            if role and role["kind"] != "internal":
                message = f"deliverable `{deliverable['id']}` is owned after the engagement by `{role['id']}` ({role['kind']}); name an internal role"
                yield Finding("milestones", (*path, "deliverables", d, "owner_after"), message)
