"""Rules on the transfer plan: shadowing inside the engagement, and no recurring work left without an owner."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from generator.validate.rules.base import ADVICE, Context, Finding, rule


def last_day(ctx: Context) -> int | None:
    """The engagement's last day, counted from day 1: from its dates, or for a template its last phase."""
    engagement = ctx.doc("playbook").get("engagement") if ctx.has("playbook") else None
    if engagement:
        start, end = (datetime.date.fromisoformat(engagement[k]) for k in ("start", "end"))
        return (end - start).days + 1
    if ctx.has("milestones"):
        days: list[int] = [phase["end_day"] for phase in ctx.doc("milestones")["phases"]]
        return max(days)
    return None


@rule(
    "shadowing-before-exit",
    ADVICE,
    ("transfer",),
    "Shadowing periods end on or after they start, and on or before the engagement's last day.",
    "Shadowing planned after the CRO has left is not shadowing; it is the successor alone.",
)
def shadowing_before_exit(ctx: Context) -> Iterator[Finding]:
    final = last_day(ctx)
    for s, successor in enumerate(ctx.doc("transfer")["successors"]):
        for p, period in enumerate(successor.get("shadowing", [])):
            path = ("successors", s, "shadowing", p)
            if period["end_day"] < period["start_day"]:
                yield Finding(
                    "transfer", (*path, "end_day"), f"shadowing `{period['id']}` ends before it starts"
                )
            elif final is not None and period["end_day"] > final:
                message = f"shadowing `{period['id']}` ends on day {period['end_day']}, after the engagement's last day ({final})"
                yield Finding("transfer", (*path, "end_day"), message)


def _external(ctx: Context) -> set[str]:
    return {r for r, role in ctx.roles().items() if role["kind"] != "internal"}


def _meetings(ctx: Context) -> list[dict[str, Any]]:
    return ctx.doc("cadence")["meetings"] if ctx.has("cadence") else []


def _deliverables(ctx: Context) -> list[str]:
    if not ctx.has("milestones"):
        return []
    phases = ctx.doc("milestones")["phases"]
    return [d["id"] for p in phases for m in p["milestones"] for d in m.get("deliverables", [])]


def _plan_gaps(ctx: Context, external: set[str]) -> Iterator[Finding]:
    plan = ctx.doc("transfer")
    test = plan["sixty_day_test"]
    for part, names in (
        ("meetings", [m["id"] for m in _meetings(ctx)]),
        ("deliverables", _deliverables(ctx)),
    ):
        key = part[:-1]
        listed = {entry[key] for entry in test.get(part, [])}
        for name in names:
            if name not in listed:
                message = f"the 60-day test does not say who runs {key} `{name}` without the CRO"
                yield Finding("transfer", ("sixty_day_test",), message, True)
        for i, entry in enumerate(test.get(part, [])):
            if entry["runs_it"] in external:
                message = f"the 60-day test has `{entry['runs_it']}`, not an internal role, running {key} `{entry[key]}`"
                yield Finding("transfer", ("sixty_day_test", part, i, "runs_it"), message)
    inherited = set()
    for i, successor in enumerate(plan["successors"]):
        inherited |= set(successor["inherits"].get("meetings", []))
        if successor["role"] in external:
            message = f"successor `{successor['role']}` is not an internal role"
            yield Finding("transfer", ("successors", i, "role"), message)
    for i, meeting in enumerate(_meetings(ctx)):
        if meeting["owner"] in external and meeting["id"] not in inherited:
            message = f"meeting `{meeting['id']}` is run by `{meeting['owner']}` and no successor inherits it"
            yield Finding("cadence", ("meetings", i, "owner"), message)


@rule(
    "transfer-gap",
    ADVICE,
    (),
    "Recurring work with no tested internal owner: a meeting or deliverable missing from the 60-day test, "
    "run there by the CRO or a partner, or a CRO-run meeting no successor inherits (or with no transfer plan at all).",
    "The engagement is judged sixty days after the CRO leaves; whatever nobody has run alone by then stops the week they go.",
)
def transfer_gap(ctx: Context) -> Iterator[Finding]:
    external = _external(ctx)
    if ctx.has("transfer"):
        yield from _plan_gaps(ctx, external)
        return
    broken = "transfer" in ctx.playbook.documents or "transfer" in ctx.playbook.broken
    if broken or ctx.playbook.folder.is_template:
        return  # a broken plan has its own errors; templates are checked in each client
    for i, meeting in enumerate(_meetings(ctx)):
        if meeting["owner"] in external:
            message = f"meeting `{meeting['id']}` is run by `{meeting['owner']}` and there is no transfer plan (transfer.yaml) naming who runs it afterwards"
            yield Finding("cadence", ("meetings", i, "owner"), message)
