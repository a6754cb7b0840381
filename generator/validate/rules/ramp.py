"""Rules on ramp plans: contiguous periods, quota that never falls and reaches full on time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.locations import DocPath
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule

DAYS_PER_MONTH = 30


@rule(
    "ramp-contiguous",
    ERROR,
    ("ramp",),
    "Ramp periods start on day 1 and each starts the day after the previous one ends.",
    "A gap in the ramp is weeks in which nobody knows what the new rep should be doing.",
)
def ramp_contiguous(ctx: Context) -> Iterator[Finding]:
    for p, plan in enumerate(ctx.doc("ramp")["plans"]):
        expected = 1
        for i, period in enumerate(plan["periods"]):
            path: DocPath = ("plans", p, "periods", i)
            if period["start_day"] != expected:
                yield Finding(
                    "ramp",
                    (*path, "start_day"),
                    f"period `{period['id']}` starts on day {period['start_day']}; expected day {expected}",
                )
            if period["end_day"] < period["start_day"]:
                yield Finding(
                    "ramp",
                    (*path, "end_day"),
                    f"period `{period['id']}` ends (day {period['end_day']}) before it starts",
                )
            expected = period["end_day"] + 1


@rule(
    "ramp-quota",
    ADVICE,
    ("ramp",),
    "Quota fractions never fall from one period to the next, reach 1.0 in the last period, and by the month of full productivity.",
    "A ramp that lowers quota or never reaches full quota hides an under-performing rep until it is too late to coach.",
)
def ramp_quota(ctx: Context) -> Iterator[Finding]:
    for p, plan in enumerate(ctx.doc("ramp")["plans"]):
        periods = plan["periods"]
        if any("quota_fraction" not in period for period in periods):
            continue  # a curve with gaps cannot be judged; the health page lists what is missing
        for i in range(1, len(periods)):
            before, now = periods[i - 1]["quota_fraction"], periods[i]["quota_fraction"]
            if now < before:
                path: DocPath = ("plans", p, "periods", i, "quota_fraction")
                yield Finding("ramp", path, f"quota fraction falls from {before:g} to {now:g}")
        last = periods[-1]
        if last["quota_fraction"] != 1:
            path = ("plans", p, "periods", len(periods) - 1, "quota_fraction")
            yield Finding(
                "ramp",
                path,
                f"the last period carries {last['quota_fraction']:g} of quota; a ramp ends at 1.0",
            )
            continue
        deadline = plan["full_productivity_month"] * DAYS_PER_MONTH
        full = next(period for period in periods if period["quota_fraction"] == 1)
        if full["start_day"] > deadline:
            path = ("plans", p, "full_productivity_month")
            month = plan["full_productivity_month"]
            yield Finding(
                "ramp",
                path,
                f"full quota starts on day {full['start_day']}, after month {month} (day {deadline})",
            )


def _certifications(ctx: Context) -> Iterator[tuple[int, int, int, dict[str, Any]]]:
    """Every certification with the indexes of its plan, period and place in the period."""
    for p, plan in enumerate(ctx.doc("ramp")["plans"]):
        for i, period in enumerate(plan["periods"]):
            for c, cert in enumerate(period.get("certifications", [])):
                yield p, i, c, cert


@rule(
    "certification-pass-mark",
    ERROR,
    ("ramp",),
    "A certification's points to pass need a scorecard and are at most its total; a pass mark is a share or points, not both.",
    "A pass mark above the points there are to win fails every rep, however good.",
)
def certification_pass_mark(ctx: Context) -> Iterator[Finding]:
    for p, i, c, cert in _certifications(ctx):
        path: DocPath = ("plans", p, "periods", i, "certifications", c)
        if "pass_points" not in cert:
            continue
        total = sum(item["points"] for item in cert.get("scorecard", []))
        if "pass_mark" in cert:
            message = f"certification `{cert['id']}` has both `pass_mark` and `pass_points`; keep one"
            yield Finding("ramp", (*path, "pass_points"), message)
        elif not total:
            message = f"certification `{cert['id']}` passes from {cert['pass_points']} points but has no `scorecard` to score them"
            yield Finding("ramp", (*path, "pass_points"), message)
        elif cert["pass_points"] > total:
            message = f"certification `{cert['id']}` passes from {cert['pass_points']} points; its scorecard totals {total}"
            yield Finding("ramp", (*path, "pass_points"), message)


@rule(
    "certification-prerequisite",
    ERROR,
    ("ramp",),
    "A certification's prerequisites are passed in the same period or earlier, and none requires itself through others.",
    "A rep asked to pass a step before the one it depends on cannot pass either.",
)
def certification_prerequisite(ctx: Context) -> Iterator[Finding]:
    found = list(_certifications(ctx))
    where = {cert["id"]: (p, i) for p, i, _, cert in found}
    requires = {cert["id"]: cert.get("requires", []) for _, _, _, cert in found}
    reported: set[str] = set()
    for p, i, c, cert in found:
        path: DocPath = ("plans", p, "periods", i, "certifications", c, "requires")
        for r, needed in enumerate(cert.get("requires", [])):
            plan, period = where.get(needed, (None, None))
            if plan == p and period is not None and period > i:
                message = (
                    f"certification `{cert['id']}` requires `{needed}`, which is passed in a later period"
                )
                yield Finding("ramp", (*path, r), message)
        cycle = _cycle(cert["id"], requires)
        if cycle and not reported & set(cycle):
            reported |= set(cycle)
            chain = " → ".join(f"`{x}`" for x in (*cycle, cycle[0]))
            yield Finding("ramp", path, f"certification prerequisites form a cycle: {chain}")


def _cycle(start: str, requires: dict[str, list[str]]) -> list[str]:
    """The cycle through `start`, in order, or an empty list."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for needed in requires.get(node, []):
            if needed == start:
                return trail
            if needed not in seen:
                seen.add(needed)
                stack.append((needed, [*trail, needed]))
    return []


@rule(
    "certification-assessor",
    ADVICE,
    ("ramp",),
    "No certification is assessed by the role it ramps.",
    "A rep who may certify a peer in the same seat turns the certification into a formality.",
)
def certification_assessor(ctx: Context) -> Iterator[Finding]:
    plans = ctx.doc("ramp")["plans"]
    for p, i, c, cert in _certifications(ctx):
        role = plans[p]["role"]
        assessors = [cert.get("assessor"), *cert.get("assessors", [])]
        if role in assessors:
            path: DocPath = ("plans", p, "periods", i, "certifications", c)
            key = "assessor" if cert.get("assessor") == role else "assessors"
            message = f"certification `{cert['id']}` may be assessed by `{role}`, the role it ramps; name someone who already does the job well"
            yield Finding("ramp", (*path, key), message)
