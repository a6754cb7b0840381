"""Salesforce metadata, in source or retrieved format: the OpportunityStage value set, business
processes (alone or inside the Opportunity object) and Paths. The value set is one list every
process shares, so it reads as one pipeline; the processes say which values each offers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.crm.readers.model import BusinessProcess, CrmConfig, CrmPipeline, CrmStage, PathStep
from generator.crm.readers.parse import XmlFile, refuse

ROOTS = ("StandardValueSet", "BusinessProcess", "CustomObject", "PathAssistant")
# Metadata's forecast tokens, back to the names the forecast shows (and the playbook writes).
FORECAST_NAMES = {
    "Omitted": "Omitted",
    "Pipeline": "Pipeline",
    "BestCase": "Best Case",
    "Forecast": "Commit",
    "Closed": "Closed",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element, name: str) -> str | None:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else None


def _flag(element: ET.Element, name: str, default: bool | None) -> bool | None:
    text = _text(element, name)
    return default if text is None else text.lower() == "true"


def detect(file: object) -> bool:
    return isinstance(file, XmlFile) and _local(file.root.tag) in ROOTS


def _probability(file: XmlFile, value: ET.Element) -> float | None:
    text = _text(value, "probability")
    if text is None or text == "":
        return None
    try:
        return float(text) / 100  # metadata holds a percentage
    except ValueError:
        raise refuse(file.at(value), f"probability `{text[:40]}` is not a number") from None


def _stages(file: XmlFile) -> list[CrmStage]:
    stages = []
    for order, value in enumerate(_children(file.root, "standardValue")):
        name = _text(value, "fullName") or ""
        token = _text(value, "forecastCategory") or ""
        if token and token not in FORECAST_NAMES:
            raise refuse(file.at(value), f"forecast category `{token[:40]}` is not one Salesforce knows")
        stages.append(
            CrmStage(
                label=_text(value, "label") or name,
                key=name,
                order=order,
                probability=_probability(file, value),
                closed=_flag(value, "closed", False),
                won=_flag(value, "won", False),
                forecast_category=FORECAST_NAMES.get(token, ""),
                active=bool(_flag(value, "isActive", True)),
                rotten_days=None,
                where=file.at(value),
            )
        )
    return stages


def _process(file: XmlFile, element: ET.Element) -> BusinessProcess:
    name = _text(element, "fullName") or ""
    values = tuple(_text(v, "fullName") or "" for v in _children(element, "values"))
    return BusinessProcess(name, bool(_flag(element, "isActive", True)), values, file.at(element))


def _path_steps(file: XmlFile) -> list[PathStep]:
    return [
        PathStep(
            value=_text(step, "picklistValueName") or "",
            info=_text(step, "info") or "",
            fields=tuple((f.text or "").strip() for f in _children(step, "fieldNames")),
            where=file.at(step),
        )
        for step in _children(file.root, "pathAssistantSteps")
    ]


def read(files: list[XmlFile]) -> CrmConfig:
    """The value set as one pipeline, with every business process and Path step the files hold."""
    stages: list[CrmStage] = []
    processes: list[BusinessProcess] = []
    steps: list[PathStep] = []
    value_sets = []
    for file in files:
        kind = _local(file.root.tag)
        if kind == "StandardValueSet":
            value_sets.append(file)
            stages.extend(_stages(file))
        elif kind == "BusinessProcess":
            processes.append(_process(file, file.root))
        elif kind == "CustomObject":
            processes.extend(_process(file, e) for e in _children(file.root, "businessProcesses"))
        else:
            steps.extend(_path_steps(file))
    if len(value_sets) != 1:
        where = files[0].at(files[0].root)
        count = "no" if not value_sets else f"{len(value_sets)}"
        raise refuse(where, f"Salesforce files need one OpportunityStage value set; {count} found")
    pipeline = CrmPipeline("", "OpportunityStage", tuple(stages), value_sets[0].at(value_sets[0].root))
    return CrmConfig(
        "salesforce", tuple(f.display for f in files), (pipeline,), tuple(processes), tuple(steps)
    )
