"""Close: the opportunity statuses API's answer (`GET /api/v1/status/opportunity/`, `data: [...]`
with `status_type` and `pipeline_id`), the pipelines API's (`GET /api/v1/pipeline/`, each with its
statuses in order), or the file `crm export` writes. Close holds no probability or order number:
a status's place is its place in its pipeline's list."""

from __future__ import annotations

from typing import Any

from generator.crm.readers.model import CrmConfig, CrmPipeline, CrmStage
from generator.crm.readers.parse import JsonFile, Placed, objects, refuse, string

TYPES = ("active", "won", "lost")


def _status_type(item: Any) -> Any:
    # The statuses API answers `status_type`; its create call and the pipelines API write `type`.
    return item.get("status_type", item.get("type")) if isinstance(item, dict) else None


def _list(file: object, key: str) -> list[Any]:
    if isinstance(file, JsonFile) and isinstance(file.value, dict) and isinstance(file.value.get(key), list):
        return list(file.value[key])
    return []


def _is_statuses(file: object) -> bool:
    data = _list(file, "data")
    return bool(data) and all(isinstance(d, dict) and "label" in d and _status_type(d) in TYPES for d in data)


def _is_pipelines(file: object, key: str) -> bool:
    data = _list(file, key)
    return bool(data) and all(
        isinstance(p, dict)
        and isinstance(p.get("statuses"), list)
        and all(_status_type(s) in TYPES for s in p["statuses"])
        for p in data
    )


def detect(file: object) -> bool:
    return _is_statuses(file) or _is_pipelines(file, "data") or _is_pipelines(file, "pipelines")


def _stage(file: JsonFile, item: Placed, order: int, kind: str) -> CrmStage:
    return CrmStage(
        label=string(file, item, "label"),
        key=string(file, item, "id", required=False),
        order=order,
        probability=None,
        closed=kind != "active",
        won=kind == "won",
        forecast_category="",
        active=True,
        rotten_days=None,
        where=file.at(item),
    )


def read(files: list[JsonFile]) -> CrmConfig:
    """The pipelines with their statuses; the statuses API's answer alone groups them by `pipeline_id`."""
    types: dict[str, str] = {}
    loose: dict[str, list[tuple[JsonFile, Placed]]] = {}
    for file in (f for f in files if _is_statuses(f)):
        for item in objects(file, file.value, "data"):
            types[string(file, item, "id", False)] = _status_type(item)
            loose.setdefault(string(file, item, "pipeline_id", False), []).append((file, item))
    pipelines: list[CrmPipeline] = []
    placed: set[str] = set()
    for file in files:
        key = "pipelines" if _is_pipelines(file, "pipelines") else "data"
        if not _is_pipelines(file, key):
            continue
        for item in objects(file, file.value, key):
            statuses = objects(file, item, "statuses")
            stages = tuple(
                _stage(file, s, i, _status_type(s) or types.get(string(file, s, "id", False), ""))
                for i, s in enumerate(statuses)
            )
            pipeline_id = string(file, item, "id", False)
            placed.add(pipeline_id)
            pipelines.append(CrmPipeline(string(file, item, "name"), pipeline_id, stages, file.at(item)))
    for pipeline_id, members in loose.items():
        if pipeline_id in placed and pipeline_id:
            continue
        stages = tuple(_stage(f, s, i, _status_type(s)) for i, (f, s) in enumerate(members))
        pipelines.append(CrmPipeline(pipeline_id or "Pipeline", pipeline_id, stages, stages[0].where))
    if not pipelines:
        raise refuse(files[0].at(files[0].value), "Close files hold no statuses")
    return CrmConfig("close", tuple(f.display for f in files), tuple(pipelines))
