"""Rules on the sales process: stage order, rising probabilities, buyer-verified exits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule

TERMINAL = {"won", "lost", "disqualified"}
BUYER_SIDE = {"buyer", "mutual"}
SELLER_VERBS = re.compile(
    r"^(send|sent|schedule|scheduled|book|booked|call|called|email|emailed|present|presented|"
    r"demo|demoed|deliver|delivered|share|shared|follow up|followed up|run|ran|hold|held|"
    r"prepare|prepared|submit|submitted|update|updated|log|logged)\b",
    re.IGNORECASE,
)


@rule(
    "stage-order",
    ERROR,
    ("stages",),
    "Open stages come first; won, lost and disqualified stages follow them; there is exactly one won stage.",
    "The stage list is the path a deal walks; a closing stage in the middle of it breaks every funnel report.",
)
def stage_order(ctx: Context) -> Iterator[Finding]:
    stages = ctx.doc("stages")["stages"]
    seen_terminal = None
    for i, stage in enumerate(stages):
        if stage["category"] in TERMINAL:
            seen_terminal = seen_terminal or stage["id"]
        elif stage["category"] == "open" and seen_terminal:
            yield Finding(
                "stages",
                ("stages", i, "category"),
                f"open stage `{stage['id']}` follows closing stage `{seen_terminal}`",
            )
    won = [i for i, s in enumerate(stages) if s["category"] == "won"]
    if not won:
        yield Finding("stages", ("stages",), "no stage has category `won`", True)
    for i in won[1:]:
        yield Finding("stages", ("stages", i, "category"), "only one stage may have category `won`")


@rule(
    "stage-probability",
    ADVICE,
    ("stages",),
    "Win probabilities rise from each open stage to the next; won is 1, lost and disqualified are 0.",
    "A forecast weights pipeline by stage probability; a probability that falls as a deal advances inflates it.",
)
def stage_probability(ctx: Context) -> Iterator[Finding]:
    previous = None
    for i, stage in enumerate(ctx.doc("stages")["stages"]):
        p, path = stage["probability"], ("stages", i, "probability")
        if stage["category"] == "open":
            if previous and p <= previous["probability"]:
                yield Finding(
                    "stages",
                    path,
                    f"probability {p:g} does not rise above {previous['probability']:g} of `{previous['id']}`",
                )
            previous = stage
        elif stage["category"] == "won" and p != 1:
            yield Finding("stages", path, f"a won stage has probability 1, not {p:g}")
        elif stage["category"] in ("lost", "disqualified") and p != 0:
            yield Finding("stages", path, f"a {stage['category']} stage has probability 0, not {p:g}")


@rule(
    "exit-criterion-buyer",
    ADVICE,
    ("stages",),
    "Every open stage has at least one exit criterion verified by the buyer or by both sides.",
    "A deal advances because the buyer did something; exits the seller alone can tick are how pipelines fill with hope.",
)
def exit_criterion_buyer(ctx: Context) -> Iterator[Finding]:
    for i, stage in enumerate(ctx.doc("stages")["stages"]):
        if stage["category"] != "open":
            continue
        criteria = stage.get("exit_criteria", [])
        if not any(c["verified_by"] in BUYER_SIDE for c in criteria):
            path = ("stages", i, "exit_criteria") if criteria else ("stages", i, "id")
            yield Finding(
                "stages",
                path,
                f"stage `{stage['id']}` has no exit criterion verified by the buyer or mutually",
            )


@rule(
    "criterion-seller-activity",
    ADVICE,
    ("stages",),
    'An exit criterion that only describes something the seller did ("Send proposal", "Schedule demo").',
    "Seller activity proves effort, not buyer intent; a stage gate built on it moves deals the buyer never moved.",
)
def criterion_seller_activity(ctx: Context) -> Iterator[Finding]:
    for i, stage in enumerate(ctx.doc("stages")["stages"]):
        for j, criterion in enumerate(stage.get("exit_criteria", [])):
            if SELLER_VERBS.match(criterion["statement"].strip()):
                path = ("stages", i, "exit_criteria", j, "statement")
                yield Finding(
                    "stages",
                    path,
                    f"exit criterion `{criterion['id']}` describes seller activity; state what the buyer did",
                )
