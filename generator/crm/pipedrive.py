"""Pipedrive: the pipelines and the stages of each, as the bodies of its pipelines and stages API."""

from __future__ import annotations

from typing import Any

from generator.crm.common import CrmSource, Exported, PlacedPipeline, PlacedStage, as_json
from generator.model.playbook import Stage


def stale_days(stage: Stage) -> int | None:
    """The stage's own stale limit; a segment's limit has no place in Pipedrive's one rotting setting."""
    own = next((a for a in stage.ageing if not a.segment), None)
    return own.stale_days if own else None


def _stage(placed: PlacedStage, order: int) -> dict[str, Any]:
    stage = placed.stage
    body: dict[str, Any] = {"name": stage.label, "order_nr": order}
    if stage.probability is not None:
        # Pipedrive takes a whole percentage from 0 to 100.
        body["deal_probability"] = round(stage.probability * 100)
    days = stale_days(stage)
    body["rotten_flag"] = days is not None
    body["rotten_days"] = days
    return body


def stage_settings(stage: Stage) -> dict[str, Any]:
    """What an admin sets on the stage in Pipedrive, as the request body writes it; a won or lost
    stage is the deal's status there."""
    if stage.category != "open":
        return {"status": "won" if stage.category == "won" else "lost"}
    body = _stage(PlacedStage(stage, ()), 0)
    del body["order_nr"]  # the stage's place in its pipeline, which the stages page already shows
    return body


def _pipeline(pipeline: PlacedPipeline, order: int) -> dict[str, Any]:
    # Won and lost are a deal's status in Pipedrive, not stages of its pipeline.
    open_stages = [p for p in pipeline.stages if p.stage.category == "open"]
    return {
        "name": pipeline.label,
        "order_nr": order,
        "stages": [_stage(p, i) for i, p in enumerate(open_stages, start=1)],
    }


def export(source: CrmSource) -> Exported:
    """Every pipeline in one file, each with its open stages in order."""
    pipelines = [_pipeline(p, i) for i, p in enumerate(source.pipelines(), start=1)]
    return Exported(files=(("pipelines.json", as_json({"pipelines": pipelines})),))
