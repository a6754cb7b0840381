"""Rules on roles and compensation."""

from __future__ import annotations

import math
from collections.abc import Iterator

from generator.validate.rules.base import ERROR, Context, Finding, rule


@rule(
    "compensation-mix",
    ERROR,
    ("roles",),
    "Base and variable pay add up to 100% of on-target earnings.",
    "A pay mix that does not add up is the first thing a candidate's spreadsheet finds, and the last thing a rep forgives.",
)
def compensation_mix(ctx: Context) -> Iterator[Finding]:
    for i, detail in enumerate(ctx.doc("roles").get("roles", [])):
        pay = detail.get("compensation")
        if pay and not math.isclose(pay["base"] + pay["variable"], 1, abs_tol=1e-9):
            total = (pay["base"] + pay["variable"]) * 100
            message = f"base {pay['base']:g} and variable {pay['variable']:g} add up to {total:g}%, not 100%"
            yield Finding("roles", ("roles", i, "compensation", "variable"), message)
