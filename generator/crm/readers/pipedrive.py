"""Pipedrive: the stages API's answer (`GET /v1/stages`, `data: [...]`), optionally with the
pipelines API's (`GET /v1/pipelines`) for their names and order, or the file `crm export` writes.
Won and lost are a deal's status in Pipedrive, so only open stages are here."""

from __future__ import annotations

from typing import Any

from generator.crm.readers.model import CrmConfig, CrmPipeline, CrmStage
from generator.crm.readers.parse import JsonFile, Placed, flag, number, objects, refuse, string


def _data(file: object) -> list[Any]:
    if (
        isinstance(file, JsonFile)
        and isinstance(file.value, dict)
        and isinstance(file.value.get("data"), list)
    ):
        return [d for d in file.value["data"] if isinstance(d, dict)]
    return []


def is_stages(file: object) -> bool:
    data = _data(file)
    return bool(data) and all("pipeline_id" in d and "order_nr" in d for d in data)


def is_pipelines(file: object) -> bool:
    data = _data(file)
    return bool(data) and all("order_nr" in d and "url_title" in d for d in data)


def _is_export(file: object) -> bool:
    if not isinstance(file, JsonFile) or not isinstance(file.value, dict):
        return False
    pipelines = file.value.get("pipelines")
    return isinstance(pipelines, list) and all(
        isinstance(p, dict) and "order_nr" in p and isinstance(p.get("stages"), list) for p in pipelines
    )


def detect(file: object) -> bool:
    return is_stages(file) or is_pipelines(file) or _is_export(file)


def _stage(file: JsonFile, item: Placed, order: int) -> CrmStage:
    percent = number(file, item, "deal_probability")
    rotting = flag(file, item, "rotten_flag", False)
    days = number(file, item, "rotten_days")
    return CrmStage(
        label=string(file, item, "name"),
        key=string(file, item, "id", required=False),
        order=order,
        probability=None if percent is None else percent / 100,
        closed=None,
        won=None,
        forecast_category="",
        active=flag(file, item, "active_flag", True),
        rotten_days=int(days) if rotting and days is not None else None,
        where=file.at(item),
    )


def _ranked(file: JsonFile, items: list[Placed]) -> list[Placed]:
    return sorted(items, key=lambda s: number(file, s, "order_nr") or 0.0)


def _from_export(file: JsonFile) -> list[tuple[float, CrmPipeline]]:
    found = []
    for item in objects(file, file.value, "pipelines"):
        stages = tuple(_stage(file, s, i) for i, s in enumerate(_ranked(file, objects(file, item, "stages"))))
        pipeline = CrmPipeline(
            string(file, item, "name"), string(file, item, "id", False), stages, file.at(item)
        )
        found.append((number(file, item, "order_nr") or 0.0, pipeline))
    return found


def _from_api(stage_files: list[JsonFile], pipeline_files: list[JsonFile]) -> list[tuple[float, CrmPipeline]]:
    names: dict[str, tuple[float, str, Any]] = {}
    for file in pipeline_files:
        for item in objects(file, file.value, "data"):
            names[string(file, item, "id")] = (
                number(file, item, "order_nr") or 0.0,
                string(file, item, "name"),
                file.at(item),
            )
    grouped: dict[str, list[tuple[JsonFile, Placed]]] = {}
    for file in stage_files:
        for item in objects(file, file.value, "data"):
            grouped.setdefault(string(file, item, "pipeline_id"), []).append((file, item))
    found: list[tuple[float, CrmPipeline]] = []
    for pipeline_id, members in grouped.items():
        first_file, first = members[0]
        ranked = sorted(members, key=lambda m: number(m[0], m[1], "order_nr") or 0.0)
        stages = tuple(_stage(f, s, i) for i, (f, s) in enumerate(ranked))
        fallback = string(first_file, first, "pipeline_name", required=False) or f"Pipeline {pipeline_id}"
        order, label, where = names.get(pipeline_id, (float(len(found)), fallback, stages[0].where))
        found.append((order, CrmPipeline(label, pipeline_id, stages, where)))
    return found


def read(files: list[JsonFile]) -> CrmConfig:
    """The pipelines with their open stages, in Pipedrive's order."""
    stage_files = [f for f in files if is_stages(f)]
    pipeline_files = [f for f in files if is_pipelines(f)]
    exports = [f for f in files if _is_export(f)]
    if pipeline_files and not stage_files:
        raise refuse(
            pipeline_files[0].at(pipeline_files[0].value),
            "Pipedrive pipelines without their stages (`GET /v1/stages`)",
        )
    ranked = _from_api(stage_files, pipeline_files) + [p for f in exports for p in _from_export(f)]
    pipelines = tuple(p for _, p in sorted(ranked, key=lambda pair: pair[0]))
    return CrmConfig("pipedrive", tuple(f.display for f in files), pipelines)
