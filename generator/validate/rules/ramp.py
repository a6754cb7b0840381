"""Rules on ramp plans: contiguous periods, quota that never falls and reaches full on time."""

from __future__ import annotations

from collections.abc import Iterator

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
