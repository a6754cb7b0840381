"""Playbook terms for a diff: what list items are called, and how a change reads.

"stage `demo`: exit criterion `budget-confirmed` added — “Economic buyer confirmed budget”";
"ramp `ae`, period `d31-60`: quota 0.25 → 0.5". Names come from a table keyed by schema
field, so a new list in schemas/ reads as its field name until it is given one here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.diff.semantic import Step
    from generator.schema.view import Node

# Singular names of list items, by field or by `parent.field` where a name means two things.
ITEMS = {
    "roles": "role", "changelog": "changelog entry", "changes": "change", "use_when": "sign to use",
    "avoid_when": "sign to avoid", "segments": "segment", "industries": "industry", "regions": "region",
    "funding_stages": "funding stage", "business_models": "business model",
    "team_structure": "team trait", "tech_stack.required": "required tool",
    "tech_stack.signals": "signal tool", "triggers": "trigger", "buying_committee": "committee role",
    "titles": "title", "cares_about": "concern", "pains": "pain", "disqualifiers": "disqualifier",
    "scoring.criteria": "scoring criterion", "bands": "score band", "elements": "framework element",
    "questions": "question", "stages": "stage", "entry_criteria": "entry criterion",
    "exit_criteria": "exit criterion", "activities": "activity", "framework_elements": "framework element",
    "handoffs": "hand-off", "artefacts": "artefact", "closed_lost_reasons": "closed-lost reason",
    "plans": "ramp", "periods": "period", "objectives": "objective", "certifications": "certification",
    "rubric": "rubric item", "targets": "target", "phases": "phase", "milestones": "milestone",
    "acceptance": "acceptance criterion", "depends_on": "dependency", "deliverables": "deliverable",
    "day_90": "90-day success criterion", "month_6": "6-month success criterion",
    "transfers": "knowledge transfer", "failure_modes": "failure mode", "signals": "warning signal",
    "checklist": "checklist item", "threatens.stages": "threatened stage", "pipelines": "pipeline",
    "ageing.segments": "segment ageing limit", "moves.from": "stage moved from",
    "required_fields.enter": "field required to enter", "required_fields.exit": "field required to leave",
    "sub_reasons": "sub-reason", "scoring.groups": "scoring group", "scorecard": "scorecard item",
    "assessors": "possible assessor", "requires": "prerequisite", "agenda": "agenda item",
    "meetings": "meeting", "any_of": "alternative", "all_of": "required part",
    "framework.works_on": "element worked on", "framework.confirms": "element confirmed",
    "steps": "process step", "alongside": "stage run alongside", "criteria": "criterion",
    "threatens.milestones": "threatened milestone", "threatens.deliverables": "threatened deliverable",
}  # fmt: skip
FIELDS = {
    "quota_fraction": "quota", "sla_hours": "SLA hours", "cares_about": "cares about",
    "warning_days": "days to ageing warning", "stale_days": "days to stale", "api_name": "API name",
    "back": "moves back allowed", "sla": "SLA", "details_required_above": "details required above",
    "pass_points": "points to pass", "every_weeks": "every N weeks", "applies_when": "applies when",
    "deal_size_at_least": "deal size at least", "works_on": "worked on",
}  # fmt: skip
TITLES = ("name", "label", "title", "statement", "question", "topic", "event", "signal", "trigger", "summary")
BARE_TYPES = {"id", "date", "semver", "currency", "ratio", "integer", "number", "money"}


def noun(name: str, parent: str = "") -> str:
    """What one item of the list field `name` is called: `exit_criteria` → `exit criterion`."""
    return ITEMS.get(f"{parent}.{name}") or ITEMS.get(name) or field(name)


def field(name: Any) -> str:
    return FIELDS.get(name, str(name).replace("_", " "))


def context(steps: Sequence[Step]) -> str:
    """The items a change sits in, from the innermost one unique in its document outward:
    `stage `demo`, exit criterion `x``; a milestone needs no phase."""
    items = [s for s in steps[:-1] if s.key is not None]
    start = max((i for i, s in enumerate(items) if s.unique), default=0)
    return ", ".join(f"{s.noun} `{s.key}`" for s in items[start:])


def subject(steps: Sequence[Step]) -> str:
    """The fields below the innermost item, as words: `probability`, `engagement end`."""
    tail: list[Step] = []
    for step in reversed(steps):
        if step.key is not None:
            break
        tail.insert(0, step)
    return " ".join(field(s.field) for s in tail)


def item_text(step: Step, verb: str, item: dict[str, Any]) -> str:
    title = next((item[t] for t in TITLES if isinstance(item.get(t), str)), None)
    return f"{step.noun} `{step.key}` {verb}" + (f" — {quote(title)}" if title else "")


def show(value: Any, node: Node | None) -> str:
    """A value as a message shows it: IDs, choices, numbers and dates bare, prose in quotes."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        bare = node is not None and (node.type in BARE_TYPES or bool(node.allowed))
        return " ".join(value.split()) if bare else quote(value)
    if isinstance(value, dict):
        return quote(
            ", ".join(f"{field(k)}: {v}" for k, v in value.items() if not isinstance(v, dict | list))
        )
    if isinstance(value, list):
        return ", ".join(show(v, node) for v in value) or "none"
    return str(value)


def shown_pair(old: Any, new: Any, node: Node | None) -> tuple[str, str]:
    """Both values of a change; long prose starts a few words before the first difference,
    so the edit shows instead of two identical beginnings."""
    before, after = show(old, node), show(new, node)
    if not (isinstance(old, str) and isinstance(new, str) and before.startswith("“")):
        return before, after
    words_old, words_new = old.split(), new.split()
    pairs = zip(words_old, words_new, strict=False)
    same = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(words_old), len(words_new)))
    start = max(0, same - 3)
    if start == 0:
        return before, after
    return (quote("… " + " ".join(words_old[start:])), quote("… " + " ".join(words_new[start:])))


def quote(text: str, limit: int = 100) -> str:
    """Prose in quotes; a long text is cut at a word boundary, so no cut word reads as a change."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return f"“{flat}”"
    head = flat[: limit + 1]  # one more: a space right after the limit ends a whole word
    cut = head.rsplit(" ", 1)[0] if " " in head else flat[: limit - 1]
    return f"“{cut.rstrip(',;:')}…”"
