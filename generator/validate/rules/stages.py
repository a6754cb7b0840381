"""Rules on the sales process: stage order, rising probabilities, buyer-verified exits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists

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
    doc = ctx.doc("stages")
    for at, stages in stage_lists(doc):
        pipeline = f"no stage of pipeline `{doc['pipelines'][at[1]]['id']}`" if at[0] == "pipelines" else ""
        yield from _stage_order(at, stages, pipeline)


def _stage_order(at: tuple[Any, ...], stages: list[dict[str, Any]], pipeline: str) -> Iterator[Finding]:
    seen_terminal = None
    for i, stage in enumerate(stages):
        if stage["category"] in TERMINAL:
            seen_terminal = seen_terminal or stage["id"]
        elif stage["category"] == "open" and seen_terminal:
            yield Finding(
                "stages",
                (*at, i, "category"),
                f"open stage `{stage['id']}` follows closing stage `{seen_terminal}`",
            )
    won = [i for i, s in enumerate(stages) if s["category"] == "won"]
    if not won:
        yield Finding("stages", at, f"{pipeline or 'no stage'} has category `won`", True)
    for i in won[1:]:
        yield Finding("stages", (*at, i, "category"), "only one stage may have category `won`")


@rule(
    "stage-probability",
    ADVICE,
    ("stages",),
    "Win probabilities rise from each open stage to the next; won is 1, lost and disqualified are 0.",
    "A forecast weights pipeline by stage probability; a probability that falls as a deal advances inflates it.",
)
def stage_probability(ctx: Context) -> Iterator[Finding]:
    for at, stages in stage_lists(ctx.doc("stages")):
        yield from _stage_probability(at, stages)


def _stage_probability(at: tuple[Any, ...], stages: list[dict[str, Any]]) -> Iterator[Finding]:
    previous = None
    for i, stage in enumerate(stages):
        p, path = stage.get("probability"), (*at, i, "probability")
        if p is None:
            continue  # not stated: the health page lists it
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
    "Every open stage can be left on a criterion the buyer verifies, alone or with the seller:"
    " its own exit criteria, or the entry criteria of the stage that follows it.",
    "A deal advances because the buyer did something; exits the seller alone can tick are how pipelines fill with hope.",
)
def exit_criterion_buyer(ctx: Context) -> Iterator[Finding]:
    for at, stages in stage_lists(ctx.doc("stages")):
        yield from _exit_criterion_buyer(at, stages)


def _exit_criterion_buyer(at: tuple[Any, ...], stages: list[dict[str, Any]]) -> Iterator[Finding]:
    for i, stage in enumerate(stages):
        if stage["category"] != "open":
            continue
        following = _next_stage(stages, i)
        # Many companies define a stage by the state a deal is in when it enters ("ALL of the
        # following are true"): the next stage's entry criteria are then this stage's exit.
        leaving = [*stage.get("exit_criteria", []), *(following or {}).get("entry_criteria", [])]
        if any(buyer_side(c) == ALWAYS for c in leaving):
            continue
        name = f"stage `{stage['id']}`"
        if sometimes := [c for c in leaving if buyer_side(c) == SOMETIMES]:
            ids = ", ".join(f"`{c['id']}`" for c in sometimes)
            own = stage.get("exit_criteria", [])
            j = next((j for j, c in enumerate(own) if c in sometimes), None)
            path = (*at, i, "exit_criteria", j, "id") if j is not None else (*at, i, "id")
            message = (
                f"{name}'s only buyer-verified exit ({ids}) applies only sometimes;"
                " add one the buyer verifies on every deal"
            )
        elif leaving:
            ids = ", ".join(f"`{c['id']}`" for c in leaving)
            path = (*at, i, "exit_criteria") if stage.get("exit_criteria") else (*at, i, "id")
            message = f"{name} is left on criteria the seller or a system verifies ({ids}); add one the buyer verifies"
        elif stage.get("entry_criteria"):
            path = (*at, i, "entry_criteria")
            then = f"`{following['id']}`" if following else "the next stage"
            message = (
                f"{name} is defined by its entry criteria only: nothing says what the buyer did to leave it;"
                f" add an exit criterion, or entry criteria to {then}"
            )
        else:
            path = (*at, i, "id")
            message = f"{name} has no entry or exit criteria: say what the buyer did for a deal to leave it"
        yield Finding("stages", path, message)


ALWAYS, SOMETIMES, NEVER = "always", "sometimes", "never"


def buyer_side(criterion: dict[str, Any]) -> str:
    """Whether the buyer verifies a criterion on every deal, only on some (`applies_when`), or never.

    An `all_of` group is as good as its best member; an `any_of` group as its weakest, since
    the seller may meet it through any one.
    """
    if "any_of" in criterion or "all_of" in criterion:
        members = [buyer_side(m) for m in criterion.get("any_of") or criterion.get("all_of", [])]
        order = [NEVER, SOMETIMES, ALWAYS]
        ranks = [order.index(m) for m in members] or [0]
        found = order[max(ranks) if "all_of" in criterion else min(ranks)]
    else:
        found = ALWAYS if criterion.get("verified_by") in BUYER_SIDE else NEVER
    return SOMETIMES if found == ALWAYS and "applies_when" in criterion else found


def _next_stage(stages: list[dict[str, Any]], i: int) -> dict[str, Any] | None:
    """The stage a deal moves to when it advances from stage `i`: the next open or won one."""
    return next((s for s in stages[i + 1 :] if s["category"] in ("open", "won")), None)


@rule(
    "criterion-seller-activity",
    ADVICE,
    ("stages",),
    'An exit criterion the seller or a system verifies that describes what the seller did ("Send proposal").',
    "Seller activity proves effort, not buyer intent; a stage gate built on it moves deals the buyer never moved.",
)
def criterion_seller_activity(ctx: Context) -> Iterator[Finding]:
    for at, stages in stage_lists(ctx.doc("stages")):
        for i, stage in enumerate(stages):
            yield from _seller_activity((*at, i), stage)


def _seller_activity(at: tuple[Any, ...], stage: dict[str, Any]) -> Iterator[Finding]:
    for j, criterion in enumerate(stage.get("exit_criteria", [])):
        here = (*at, "exit_criteria", j)
        yield from _seller_verb(here, criterion)
        for group in ("any_of", "all_of"):
            for m, member in enumerate(criterion.get(group, [])):
                yield from _seller_verb((*here, group, m), member)


def _seller_verb(at: tuple[Any, ...], criterion: dict[str, Any]) -> Iterator[Finding]:
    if "verified_by" in criterion:  # a group's statement names what its members prove
        if criterion["verified_by"] in BUYER_SIDE:
            return  # "Sent the signed order form back", verified by the buyer, is the buyer's act
        if SELLER_VERBS.match(criterion["statement"].strip()):
            path = (*at, "statement")
            yield Finding(
                "stages",
                path,
                f"exit criterion `{criterion['id']}` describes seller activity; state what the buyer did",
            )
