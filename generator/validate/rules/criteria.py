"""Rules on criteria groups, conditional criteria, process steps and deprecated stage fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.locations import DocPath
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists

GROUPS = ("any_of", "all_of")


def stage_criteria(doc: dict[str, Any]) -> Iterator[tuple[DocPath, dict[str, Any]]]:
    """Every criterion of every stage and step, groups and their members alike, with its path."""
    for at, stages in stage_lists(doc):
        for i, stage in enumerate(stages):
            for kind in ("entry_criteria", "exit_criteria"):
                yield from _with_members((*at, i, kind), stage.get(kind, []))
    for k, step in enumerate(doc.get("steps", [])):
        yield from _with_members(("steps", k, "criteria"), step.get("criteria", []))


def _with_members(at: DocPath, criteria: list[dict[str, Any]]) -> Iterator[tuple[DocPath, dict[str, Any]]]:
    for j, criterion in enumerate(criteria):
        yield (*at, j), criterion
        for group in GROUPS:
            for m, member in enumerate(criterion.get(group, [])):
                yield (*at, j, group, m), member


@rule(
    "criterion-group",
    ERROR,
    ("stages",),
    "A criterion says who verifies it (`verified_by`), or is a group of `any_of` or `all_of` members that do.",
    "Who verifies a criterion decides whether it moves a deal; a group is met through its members.",
)
def criterion_group(ctx: Context) -> Iterator[Finding]:
    for path, criterion in stage_criteria(ctx.doc("stages")):
        groups = [g for g in GROUPS if g in criterion]
        if len(groups) == 2:
            yield Finding("stages", (*path, "all_of"), "write `any_of` or `all_of`, not both", True)
        elif groups and "verified_by" in criterion:
            yield Finding(
                "stages",
                (*path, "verified_by"),
                f"group `{criterion['id']}` is verified through its members; remove `verified_by`",
                True,
            )
        elif not groups and "verified_by" not in criterion:
            yield Finding(
                "stages",
                path,
                f"criterion `{criterion['id']}` needs `verified_by`, or `any_of` or `all_of` members",
            )


# Advice, not integrity: the model reads the old spelling correctly, and a template that wants
# its clients migrated can make it an error in `rules:`.
@rule(
    "deprecated-field",
    ADVICE,
    ("stages",),
    "A field spelled the way an earlier version of the content model spelled it; the warning names the new one.",
    "The old spelling still works; `playbook migrate` rewrites it so the file reads as the model means it.",
)
def deprecated_field(ctx: Context) -> Iterator[Finding]:
    for at, stages in stage_lists(ctx.doc("stages")):
        for i, stage in enumerate(stages):
            if "framework_elements" in stage and "confirms" not in stage.get("framework", {}):
                yield Finding(
                    "stages",
                    (*at, i, "framework_elements"),
                    "`framework_elements` is deprecated: write `framework: {confirms: [...]}`"
                    " (`playbook migrate` rewrites it)",
                    True,
                )


@rule(
    "deprecated-field-conflict",
    ERROR,
    ("stages",),
    "A stage gives both a deprecated field and the field that replaces it.",
    "Two lists for one fact disagree sooner or later; the site could show only one of them.",
)
def deprecated_field_conflict(ctx: Context) -> Iterator[Finding]:
    for at, stages in stage_lists(ctx.doc("stages")):
        for i, stage in enumerate(stages):
            if "framework_elements" in stage and "confirms" in stage.get("framework", {}):
                yield Finding(
                    "stages",
                    (*at, i, "framework_elements"),
                    "write `framework.confirms` or the deprecated `framework_elements`, not both",
                    True,
                )


@rule(
    "step-not-stage",
    ERROR,
    ("stages",),
    "A process step's ID is not a stage's: a step runs alongside stages and is never one.",
    "Steps are never exported to the CRM; one named like a stage would be read as the stage itself.",
)
def step_not_stage(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc("stages")
    stage_ids = {s["id"] for _, stages in stage_lists(doc) for s in stages}
    for k, step in enumerate(doc.get("steps", [])):
        if step["id"] in stage_ids:
            yield Finding(
                "stages", ("steps", k, "id"), f"step `{step['id']}` has the ID of a stage; give it its own"
            )
