"""Salesforce: a Path per pipeline, its step guidance from each stage's exit criteria and its key
fields from the CRM fields the stage requires."""

from __future__ import annotations

import html
import re

from generator.core.diagnostics import Diagnostic
from generator.crm.common import CrmSource, PlacedPipeline, PlacedStage, error
from generator.crm.salesforce_process import record_type_name
from generator.crm.salesforce_xml import Elements, document
from generator.model.playbook import CrmField, Stage

FOLDER = "pathAssistants"
# Salesforce Help, "Path Settings" (Setup > Path Settings > New Path): each step takes up to five key
# fields and up to 1,000 characters of guidance for success. The guidance is rich text stored as
# HTML, so its markup is counted too: guidance within the limit here is within it in Setup.
MAX_GUIDANCE = 1000
MAX_KEY_FIELDS = 5


def path_guidance(stage: Stage) -> str:
    """The step's guidance for success: the stage's exit criteria as an HTML list, escaped; empty
    for a stage without exit criteria. A drift check compares a retrieved Path's `info` with this."""
    if not stage.exit_criteria:
        return ""
    items = "".join(f"<li>{html.escape(c.statement, quote=False)}</li>" for c in stage.exit_criteria)
    return f"<p>Leave this stage when:</p><ul>{items}</ul>"


def guidance_statements(info: str) -> list[str]:
    """The statements a step's guidance makes: each list item as text, or the whole text when it has
    no list. Setup's rich-text editor rewrites markup, so drift compares these, not the HTML."""
    items = re.findall(r"<li\b[^>]*>(.*?)</li>", info, flags=re.S | re.I) or [info]
    texts = (html.unescape(re.sub(r"<[^>]+>", " ", item)) for item in items)
    return [t for t in (" ".join(text.split()) for text in texts) if t]


def key_fields(stage: Stage) -> tuple[CrmField, ...]:
    """The fields a rep fills to enter the stage, then those to leave it, each once."""
    fields: dict[str, CrmField] = {}
    for field in (*stage.required_enter, *stage.required_exit):
        fields.setdefault(field.api_name or field.label, field)
    return tuple(fields.values())


def file_name(pipeline: PlacedPipeline) -> str:
    # The Path is named like the record type it belongs to: one Path per record type.
    return f"{FOLDER}/{record_type_name(pipeline)}.pathAssistant-meta.xml"


def _stage_problems(source: CrmSource, placed: PlacedStage) -> list[Diagnostic]:
    stage, found = placed.stage, []
    guidance = path_guidance(stage)
    if len(guidance) > MAX_GUIDANCE:
        found.append(
            error(
                source,
                (*placed.path, "exit_criteria"),
                "crm-salesforce-path-guidance",
                f"the exit criteria of stage `{stage.id}` make {len(guidance)} characters of Path guidance;"
                f" Salesforce takes at most {MAX_GUIDANCE}",
            )
        )
    fields = key_fields(stage)
    if len(fields) > MAX_KEY_FIELDS:
        found.append(
            error(
                source,
                (*placed.path, "required_fields"),
                "crm-salesforce-path-fields",
                f"stage `{stage.id}` requires {len(fields)} CRM fields; a Salesforce Path step shows at most"
                f" {MAX_KEY_FIELDS} key fields",
            )
        )
    for side, listed in (("enter", stage.required_enter), ("exit", stage.required_exit)):
        for index, field in enumerate(listed):
            if not field.api_name:
                found.append(
                    error(
                        source,
                        (*placed.path, "required_fields", side, index),
                        "crm-salesforce-path-fields",
                        f"the Path's key field `{field.label}` of stage `{stage.id}` needs its API name (`api_name`)",
                    )
                )
    return found


def problems(source: CrmSource, pipeline: PlacedPipeline) -> list[Diagnostic]:
    return [d for placed in pipeline.stages for d in _stage_problems(source, placed)]


def _step(stage: Stage) -> Elements:
    step: Elements = [("fieldNames", f.api_name) for f in key_fields(stage)]
    if guidance := path_guidance(stage):
        step.append(("info", guidance))
    step.append(("picklistValueName", stage.label))
    return step


def path(pipeline: PlacedPipeline) -> bytes:
    """The active Path on the opportunity stage for the pipeline's record type; a stage with neither
    guidance nor key fields has no step of its own (Salesforce shows its bare value)."""
    elements: Elements = [
        ("active", "true"),
        ("entityName", "Opportunity"),
        ("fieldName", "StageName"),
        ("masterLabel", pipeline.label),
    ]
    for placed in pipeline.stages:
        if path_guidance(placed.stage) or key_fields(placed.stage):
            elements.append(("pathAssistantSteps", _step(placed.stage)))
    elements.append(("recordTypeName", record_type_name(pipeline)))
    return document("PathAssistant", elements)
