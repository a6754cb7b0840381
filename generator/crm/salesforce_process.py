"""Salesforce: one Opportunity business process per pipeline, naming the stage values it offers, and
the record type that puts a deal in it."""

from __future__ import annotations

import re

from generator.core.diagnostics import Diagnostic
from generator.crm.common import CrmSource, PlacedPipeline, error
from generator.crm.salesforce_xml import Elements, document

FOLDER = "objects/Opportunity/businessProcesses"
RECORD_TYPES = "objects/Opportunity/recordTypes"
# The process is named after the pipeline's label, which becomes a file name in source format.
_NOT_IN_A_FILE_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def process_name(pipeline: PlacedPipeline) -> str:
    return pipeline.label


def record_type_name(pipeline: PlacedPipeline) -> str:
    """An API name (letters, digits, single underscores, a letter first) from the pipeline's slug."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", pipeline.slug).strip("_")
    return name if name[:1].isalpha() else f"Pipeline_{name}"


def file_name(pipeline: PlacedPipeline) -> str:
    return f"{FOLDER}/{process_name(pipeline)}.businessProcess-meta.xml"


def record_type_file_name(pipeline: PlacedPipeline) -> str:
    return f"{RECORD_TYPES}/{record_type_name(pipeline)}.recordType-meta.xml"


def problems(source: CrmSource, pipelines: tuple[PlacedPipeline, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    names: set[str] = set()
    record_types: set[str] = set()
    for pipeline in pipelines:
        name = process_name(pipeline)
        where = (*pipeline.path, "label") if pipeline.path else ()
        if _NOT_IN_A_FILE_NAME.search(name) or name.startswith("."):
            found.append(
                error(
                    source,
                    where,
                    "crm-salesforce-process-name",
                    f"`{name}` cannot name a Salesforce business process file; use a label without"
                    ' / \\ : * ? " < > | or a leading dot',
                )
            )
        elif name.casefold() in names or record_type_name(pipeline).casefold() in record_types:
            # Salesforce compares names without case, and so do the file systems of many admins.
            found.append(
                error(
                    source,
                    where,
                    "crm-salesforce-process-name",
                    f"pipeline `{name}` would share its Salesforce business process or record type with another;"
                    " give each pipeline its own label and id",
                )
            )
        names.add(name.casefold())
        record_types.add(record_type_name(pipeline).casefold())
    return found


def business_process(pipeline: PlacedPipeline) -> bytes:
    """The process with the pipeline's stage values in order; the first is the default of a new deal."""
    elements: Elements = [("fullName", process_name(pipeline))]
    if pipeline.pipeline.description:
        elements.append(("description", pipeline.pipeline.description))
    elements.append(("isActive", "true"))
    for index, placed in enumerate(pipeline.stages):
        default = "true" if index == 0 else "false"
        elements.append(("values", [("fullName", placed.stage.label), ("default", default)]))
    return document("BusinessProcess", elements)


def record_type(pipeline: PlacedPipeline) -> bytes:
    """The active record type whose deals follow the pipeline's business process."""
    elements: Elements = [
        ("fullName", record_type_name(pipeline)),
        ("active", "true"),
        ("businessProcess", process_name(pipeline)),
        ("label", pipeline.label),
    ]
    return document("RecordType", elements)
