"""Close: opportunity statuses grouped into pipelines, as the bodies of its pipeline and status API."""

from __future__ import annotations

from typing import Any

from generator.crm.common import CrmSource, Exported, PlacedPipeline, as_json
from generator.model.playbook import Stage

# Close knows three kinds of opportunity status; a disqualified deal is a lost one there.
STATUS_TYPES = {"open": "active", "won": "won", "lost": "lost", "disqualified": "lost"}


def stage_settings(stage: Stage) -> dict[str, str]:
    """What an admin sets on the stage's opportunity status in Close, as the request body writes it."""
    return {"label": stage.label, "status_type": STATUS_TYPES[stage.category]}


def _pipeline(pipeline: PlacedPipeline) -> dict[str, Any]:
    statuses = [stage_settings(p.stage) for p in pipeline.stages]
    return {"name": pipeline.label, "statuses": statuses}


def export(source: CrmSource) -> Exported:
    """Every pipeline in one file, each with its statuses in the playbook's order."""
    pipelines = [_pipeline(p) for p in source.pipelines()]
    return Exported(files=(("pipelines.json", as_json({"pipelines": pipelines})),))
