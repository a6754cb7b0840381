"""The pipelines of a stages document: the one `stages` list, or each of `pipelines`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.locations import DocPath
from generator.validate.rules.base import ERROR, Context, Finding, rule


def stage_lists(doc: dict[str, Any]) -> Iterator[tuple[DocPath, list[dict[str, Any]]]]:
    """Each pipeline's stage list with its path: rules on stage order apply per pipeline."""
    if "stages" in doc:
        yield ("stages",), doc["stages"]
    for k, pipeline in enumerate(doc.get("pipelines", [])):
        yield ("pipelines", k, "stages"), pipeline["stages"]


@rule(
    "pipelines-or-stages",
    ERROR,
    ("stages",),
    "The stages document has `stages` (one pipeline) or `pipelines` (several), exactly one of them.",
    "A deal belongs to one pipeline; stages outside every named pipeline would belong to none.",
)
def pipelines_or_stages(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc("stages")
    if "stages" in doc and "pipelines" in doc:
        yield Finding("stages", ("pipelines",), "write `stages` or `pipelines`, not both", True)
    elif "stages" not in doc and "pipelines" not in doc:
        yield Finding("stages", (), "no `stages` or `pipelines`: say which stages a deal moves through", True)
