"""Salesforce, in source format: the OpportunityStage standard value set every sales process shares,
and for each pipeline its business process, record type and Path."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.core.diagnostics import Diagnostic
from generator.crm import salesforce_path, salesforce_process
from generator.crm.common import CrmSource, Exported, PlacedStage, error
from generator.model.playbook import Stage

PATH = "standardValueSets/OpportunityStage.standardValueSet-meta.xml"
NAMESPACE = "http://soap.sforce.com/2006/04/metadata"
# The playbook writes forecast categories as the forecast shows them; metadata has its own tokens.
FORECAST_TOKENS = {
    "Omitted": "Omitted",
    "Pipeline": "Pipeline",
    "Best Case": "BestCase",
    "Commit": "Forecast",
    "Closed": "Closed",
}


def _value(placed: PlacedStage) -> tuple[tuple[str, str], ...]:
    return stage_value(placed.stage)


def stage_value(stage: Stage) -> tuple[tuple[str, str], ...]:
    """The value's elements in the order Salesforce retrieves them; the playbook's silences stay out."""
    closed = stage.category in ("won", "lost", "disqualified")
    elements = [("fullName", stage.label), ("default", "false"), ("label", stage.label)]
    elements.append(("closed", "true" if closed else "false"))
    if stage.forecast_category:
        elements.append(("forecastCategory", FORECAST_TOKENS[stage.forecast_category]))
    if stage.probability is not None:
        # A whole percentage, as Salesforce stores a stage's probability.
        elements.append(("probability", str(round(stage.probability * 100))))
    elements.append(("won", "true" if stage.category == "won" else "false"))
    return tuple(elements)


def stage_settings(stage: Stage) -> dict[str, str]:
    """What an admin sets on the stage's OpportunityStage value, as the metadata writes it, and the
    Path's key fields for the stage."""
    settings = {tag: text for tag, text in stage_value(stage) if tag != "default"}
    fields = salesforce_path.key_fields(stage)
    if fields:
        settings["Path key fields"] = ", ".join(f.api_name or f.label for f in fields)
    return settings


def _values(source: CrmSource) -> tuple[list[tuple[tuple[str, str], ...]], list[Diagnostic]]:
    values: dict[str, tuple[tuple[str, str], ...]] = {}
    problems = []
    for pipeline in source.pipelines():
        for placed in pipeline.stages:
            label = placed.stage.label
            value = _value(placed)
            if label in values and values[label] != value:
                # Every sales process shares one OpportunityStage value set: one probability per label.
                problems.append(
                    error(
                        source,
                        placed.path,
                        "crm-salesforce-shared-value",
                        f"stage `{label}` is in several pipelines with different settings; Salesforce keeps one"
                        " probability, forecast category and closed/won per stage value",
                    )
                )
            values.setdefault(label, value)
    return list(values.values()), problems


def _xml(values: list[tuple[tuple[str, str], ...]]) -> bytes:
    root = ET.Element("StandardValueSet", {"xmlns": NAMESPACE})
    ET.SubElement(root, "sorted").text = "false"
    for value in values:
        entry = ET.SubElement(root, "standardValue")
        for tag, text in value:
            ET.SubElement(entry, tag).text = text
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def export(source: CrmSource) -> Exported:
    """The stage value set and each pipeline's process, record type and Path, or the diagnostics
    that stop Salesforce from taking them."""
    values, problems = _values(source)
    pipelines = source.pipelines()
    problems += salesforce_process.problems(source, pipelines)
    for pipeline in pipelines:
        problems += salesforce_path.problems(source, pipeline)
    if problems:
        return Exported(diagnostics=tuple(problems))
    files = [(PATH, _xml(values))]
    for pipeline in pipelines:
        files.append((salesforce_process.file_name(pipeline), salesforce_process.business_process(pipeline)))
        files.append(
            (salesforce_process.record_type_file_name(pipeline), salesforce_process.record_type(pipeline))
        )
        files.append((salesforce_path.file_name(pipeline), salesforce_path.path(pipeline)))
    return Exported(files=tuple(files))
