"""HubSpot: the JSON body of `POST /crm/v3/pipelines/deals`, one file per pipeline."""

from __future__ import annotations

from typing import Any

from generator.core.diagnostics import Diagnostic
from generator.crm.common import CrmSource, Exported, PlacedPipeline, PlacedStage, as_json, error
from generator.model.playbook import Stage

# HubSpot's product limits: at most 100 stages in one deal pipeline.
MAX_STAGES = 100
CLOSED = ("won", "lost", "disqualified")


def _probability(placed: PlacedStage) -> float | None:
    stage = placed.stage
    if stage.category == "won":
        return 1.0
    if stage.category in ("lost", "disqualified"):
        return 0.0
    return stage.probability


def _problems(source: CrmSource, pipeline: PlacedPipeline) -> list[Diagnostic]:
    problems = []
    if len(pipeline.stages) > MAX_STAGES:
        problems.append(
            error(
                source,
                pipeline.path,
                "crm-hubspot-stage-limit",
                f"HubSpot allows at most {MAX_STAGES} stages in a pipeline; `{pipeline.label}` has {len(pipeline.stages)}",
            )
        )
    seen: set[str] = set()
    for placed in pipeline.stages:
        label = placed.stage.label
        if label.casefold() in seen:
            problems.append(
                error(
                    source,
                    (*placed.path, "label"),
                    "crm-hubspot-duplicate-label",
                    f"HubSpot needs a different label for each stage of a pipeline; `{label}` is used twice",
                )
            )
        seen.add(label.casefold())
        if _probability(placed) is None:
            # The pipelines API requires metadata.probability on every deal stage.
            problems.append(
                error(
                    source,
                    placed.path,
                    "crm-hubspot-probability",
                    f"HubSpot needs a probability for every deal stage; stage `{placed.stage.id}` has none",
                )
            )
    return problems


def _metadata(placed: PlacedStage) -> dict[str, str]:
    return {
        # The API takes both values as strings.
        "probability": str(_probability(placed)),
        "isClosed": "true" if placed.stage.category in CLOSED else "false",
    }


def stage_settings(stage: Stage) -> dict[str, str]:
    """What an admin sets on the stage in HubSpot, as the request body writes it."""
    placed = PlacedStage(stage, ())
    metadata = _metadata(placed)
    if _probability(placed) is None:
        metadata["probability"] = "none yet, and HubSpot needs one"
    return {"label": stage.label, **{f"metadata.{k}": v for k, v in metadata.items()}}


def _body(pipeline: PlacedPipeline, order: int) -> dict[str, Any]:
    stages = [
        {"label": placed.stage.label, "displayOrder": index, "metadata": _metadata(placed)}
        for index, placed in enumerate(pipeline.stages)
    ]
    return {"label": pipeline.label, "displayOrder": order, "stages": stages}


def export(source: CrmSource) -> Exported:
    """One request body per pipeline, or the diagnostics that stop HubSpot from taking it."""
    pipelines = source.pipelines()
    problems = [d for p in pipelines for d in _problems(source, p)]
    if problems:
        return Exported(diagnostics=tuple(problems))
    return Exported(files=tuple((f"{p.slug}.json", as_json(_body(p, i))) for i, p in enumerate(pipelines)))
