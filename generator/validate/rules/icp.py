"""Rules on ideal customer profiles: sane ranges, a primary segment, and a coherent score."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule


@rule(
    "icp-range",
    ERROR,
    ("icp",),
    "A firmographic range's minimum is not above its maximum.",
    "A range nothing can satisfy silently disqualifies every account.",
)
def icp_range(ctx: Context) -> Iterator[Finding]:
    for s, segment in enumerate(ctx.doc("icp")["segments"]):
        for name in ("employees", "revenue"):
            bounds = segment.get("firmographics", {}).get(name, {})
            if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
                path = ("segments", s, "firmographics", name, "min")
                yield Finding(
                    "icp", path, f"{name} minimum {bounds['min']:g} is above the maximum {bounds['max']:g}"
                )


@rule(
    "icp-primary",
    ADVICE,
    ("icp",),
    "At least one segment is primary.",
    "Without a primary segment every account looks equally good, and reps chase the loudest.",
)
def icp_primary(ctx: Context) -> Iterator[Finding]:
    if not any(s["tier"] == "primary" for s in ctx.doc("icp")["segments"]):
        yield Finding("icp", ("segments",), "no segment has tier `primary`", True)


@rule(
    "scoring-bands",
    ERROR,
    ("icp",),
    "Score bands do not overlap, each has min ≤ max, and the threshold falls inside a band.",
    "An account that lands in two bands gets two different treatments.",
)
def scoring_bands(ctx: Context) -> Iterator[Finding]:
    scoring = ctx.doc("icp").get("scoring")
    if not scoring:
        return
    bands = scoring["bands"]
    for i, band in enumerate(bands):
        if band["min"] > band["max"]:
            yield Finding(
                "icp",
                ("scoring", "bands", i, "min"),
                f"band `{band['id']}` has min {band['min']} above max {band['max']}",
            )
    ordered = sorted(range(len(bands)), key=lambda i: (bands[i]["min"], bands[i]["max"]))
    for a, b in itertools.pairwise(ordered):
        if bands[b]["min"] <= bands[a]["max"]:
            message = f"band `{bands[b]['id']}` ({bands[b]['min']}–{bands[b]['max']}) overlaps `{bands[a]['id']}` ({bands[a]['min']}–{bands[a]['max']})"
            yield Finding("icp", ("scoring", "bands", b, "min"), message)
    if not any(band["min"] <= scoring["threshold"] <= band["max"] for band in bands):
        yield Finding("icp", ("scoring", "threshold"), f"threshold {scoring['threshold']} falls in no band")
