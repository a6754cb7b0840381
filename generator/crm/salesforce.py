"""Salesforce, in source format: the OpportunityStage standard value set every sales process shares."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.core.diagnostics import Diagnostic
from generator.crm.common import CrmSource, Exported, PlacedStage, error

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
    """The value's elements in the order Salesforce retrieves them; the playbook's silences stay out."""
    stage = placed.stage
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
    """The stage value set, or the diagnostics that stop Salesforce from taking it."""
    values, problems = _values(source)
    if problems:
        return Exported(diagnostics=tuple(problems))
    return Exported(files=((PATH, _xml(values)),))
