"""HubSpot: the deal pipelines API's answer (`GET /crm/v3/pipelines/deals`, `results: [...]`), or
one pipeline's body (as `GET …/deals/{id}` answers and `playbook crm export` writes)."""

from __future__ import annotations

from typing import Any

from generator.crm.readers.model import CrmConfig, CrmPipeline, CrmStage
from generator.crm.readers.parse import JsonFile, Placed, flag, number, objects, string


def _is_pipeline(value: Any) -> bool:
    stages = value.get("stages") if isinstance(value, dict) else None
    return isinstance(stages, list) and all(isinstance(s, dict) and "metadata" in s for s in stages)


def detect(file: object) -> bool:
    if not isinstance(file, JsonFile) or not isinstance(file.value, dict):
        return False
    results = file.value.get("results")
    if isinstance(results, list) and results:
        return all(_is_pipeline(p) for p in results)
    return "displayOrder" in file.value and _is_pipeline(file.value)


def _stage(file: JsonFile, item: Placed, order: int) -> CrmStage:
    metadata = item.get("metadata")
    if not isinstance(metadata, Placed):
        metadata = Placed()
    closed = flag(file, metadata, "isClosed", False)
    probability = number(file, metadata, "probability")
    # HubSpot tells a won stage from a lost one by its probability alone.
    won = None if closed and probability is None else closed and probability == 1.0
    return CrmStage(
        label=string(file, item, "label"),
        key=string(file, item, "id", required=False),
        order=order,
        probability=probability,
        closed=closed,
        won=won,
        forecast_category="",
        active=not flag(file, item, "archived", False),
        rotten_days=None,
        where=file.at(item),
    )


def _order(file: JsonFile, item: Placed) -> float:
    return number(file, item, "displayOrder") or 0.0


def _pipeline(file: JsonFile, item: Placed) -> tuple[float, CrmPipeline]:
    listed = objects(file, item, "stages")
    ranked = sorted(listed, key=lambda s: _order(file, s))  # stable: ties keep the file's order
    stages = tuple(_stage(file, s, i) for i, s in enumerate(ranked))
    label = string(file, item, "label")
    return _order(file, item), CrmPipeline(
        label, string(file, item, "id", required=False), stages, file.at(item)
    )


def read(files: list[JsonFile]) -> CrmConfig:
    """Every pipeline of every file, in HubSpot's display order."""
    ranked: list[tuple[float, CrmPipeline]] = []
    for file in files:
        value = file.value
        bodies = objects(file, value, "results") if "results" in value else [value]
        ranked.extend(_pipeline(file, body) for body in bodies)
    pipelines = tuple(p for _, p in sorted(ranked, key=lambda pair: pair[0]))
    return CrmConfig("hubspot", tuple(f.display for f in files), pipelines)
