"""data.yaml against the playbook: how the exports' labels map to its stages."""

from __future__ import annotations

from collections.abc import Iterator

from generator.load.locations import DocPath, locate
from generator.validate.rules.base import ERROR, Context, Finding, rule
from generator.validate.rules.pipelines import stage_lists


def _label_key(text: str) -> str:
    # As `playbook actuals` compares labels (actuals/exports.py): without case and outer spaces.
    return " ".join(text.split()).lower()


@rule(
    "data-stage-label",
    ERROR,
    ("data", "stages"),
    "data.yaml maps one export label to two stages of the same pipeline, or to stages of two pipelines without a `pipeline` column to tell them apart.",
    "A deal's stage must mean one playbook stage: a label mapped twice would count the deal in both.",
)
def data_stage_label(ctx: Context) -> Iterator[Finding]:
    pipeline_of: dict[str, str] = {}
    for path, stages in stage_lists(ctx.doc("stages")):
        for stage in stages:
            pipeline_of[stage["id"]] = ctx.doc("stages")["pipelines"][path[1]]["id"] if len(path) == 3 else ""
    data = ctx.doc("data")
    piped = bool(data["sources"]["opportunities"]["columns"].get("pipeline"))
    first: dict[str, tuple[str, DocPath]] = {}
    for i, mapping in enumerate(data["stages"]):
        for j, value in enumerate(mapping["values"]):
            here: DocPath = ("stages", i, "values", j)
            seen = first.setdefault(_label_key(value), (mapping["stage"], here))
            if seen[1] == here:
                continue
            other, ours = seen[0], mapping["stage"]
            same_pipeline = pipeline_of.get(other) == pipeline_of.get(ours)
            if piped and not same_pipeline:
                continue  # the deal's pipeline says which stage the label means
            line = f"line {locate(ctx.playbook.documents['data'].origins, seen[1]).line}"
            if other == ours:
                message = f"label `{value}` is listed twice for stage `{ours}` (first on {line})"
            elif same_pipeline:
                message = f"label `{value}` already means stage `{other}` ({line}); one label means one stage of a pipeline"
            else:
                message = (
                    f"label `{value}` also means stage `{other}` of another pipeline ({line}); map the "
                    "opportunities' `pipeline` column so each deal's pipeline says which"
                )
            yield Finding("data", here, message)
