"""Rules on ideal customer profiles: sane ranges, a primary segment, and a coherent score."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule


@rule(
    "icp-range",
    ERROR,
    ("icp",),
    "A firmographic range's minimum is not above its maximum.",
    "A range nothing can satisfy silently disqualifies every account.",
)
def icp_range(ctx: Context) -> Iterator[Finding]:
    for s, segment in enumerate(ctx.doc("icp").get("segments", [])):
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
    segments = ctx.doc("icp").get("segments")
    if segments and not any(s["tier"] == "primary" for s in segments):
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
    bands = scoring.get("bands", [])
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
    threshold = scoring.get("threshold")
    if bands and threshold is not None and not any(b["min"] <= threshold <= b["max"] for b in bands):
        yield Finding("icp", ("scoring", "threshold"), f"threshold {scoring['threshold']} falls in no band")


def best_score(scoring: dict[str, Any]) -> int:
    """The highest score an account can reach: each group counts once, at its best alternative."""
    best: dict[str, int] = {}
    total = 0
    for criterion in scoring["criteria"]:
        points = max(criterion["points"], 0)
        if group := criterion.get("group"):
            best[group] = max(best.get(group, 0), points)
        else:
            total += points
    return total + sum(best.values())


@rule(
    "scoring-band-gap",
    ADVICE,
    ("icp",),
    "Score bands leave no gap between them.",
    "An account whose score falls between two bands gets no treatment at all, and nobody notices.",
)
def scoring_band_gap(ctx: Context) -> Iterator[Finding]:
    scoring = ctx.doc("icp").get("scoring")
    if not scoring:
        return
    bands = scoring.get("bands", [])
    ordered = sorted(range(len(bands)), key=lambda i: (bands[i]["min"], bands[i]["max"]))
    for a, b in itertools.pairwise(ordered):
        low, high = bands[a]["max"] + 1, bands[b]["min"] - 1
        if low <= high:
            scores = f"score {low} falls" if low == high else f"scores {low}–{high} fall"
            message = f"{scores} in no band, between `{bands[a]['id']}` and `{bands[b]['id']}`"
            yield Finding("icp", ("scoring", "bands", b, "min"), message)


@rule(
    "scoring-groups",
    ERROR,
    ("icp",),
    "Every scoring group has criteria, and the tier divider lies above the threshold.",
    "A group with nothing in it, or tiers that start below the accounts worked at all, puts the page at odds with the team's list.",
)
def scoring_groups(ctx: Context) -> Iterator[Finding]:
    scoring = ctx.doc("icp").get("scoring")
    if not scoring:
        return
    used = {c.get("group") for c in scoring["criteria"]}
    for g, group in enumerate(scoring.get("groups", [])):
        if group["id"] not in used:
            yield Finding(
                "icp", ("scoring", "groups", g, "id"), f"scoring group `{group['id']}` has no criteria"
            )
    divider = scoring.get("tier_divider")
    if divider is not None and "threshold" in scoring and divider <= scoring["threshold"]:
        message = f"tier divider {divider} is not above the threshold {scoring['threshold']}, the score accounts are worked from"
        yield Finding("icp", ("scoring", "tier_divider"), message)


@rule(
    "scoring-reach",
    ADVICE,
    ("icp",),
    "The best possible score, each group counted once, reaches the threshold and the tier divider.",
    "A threshold no account can reach means the score is ignored and reps work whatever they like.",
)
def scoring_reach(ctx: Context) -> Iterator[Finding]:
    scoring = ctx.doc("icp").get("scoring")
    if not scoring:
        return
    best = best_score(scoring)
    for name, what in (
        ("threshold", "no account is ever worked"),
        ("tier_divider", "no account reaches tier 1"),
    ):
        if name in scoring and best < scoring[name]:
            label = name.replace("_", " ")
            message = f"the best possible score is {best}, below the {label} {scoring[name]}: {what}"
            yield Finding("icp", ("scoring", name), message)
