"""`playbook crm import`: a client's first stages (and pipelines) from a CRM's saved configuration.

The CRM holds a stage's name, order, probability, closed/won flags, forecast category and rotting;
it holds little of the playbook's meaning: a Salesforce Path's guidance becomes exit criteria and
its key fields the fields to fill; purpose, owner and the rest are written as marked placeholders. The result is a company playbook with no engagement, like playbooks/gitlab: a CRO's
first week starts from it, and `crm check` against the same files reports no drift.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.core.errors import InvalidInput
from generator.crm.drift import NAMES
from generator.crm.readers.model import CrmConfig, CrmStage, PathStep
from generator.crm.salesforce_path import guidance_statements

PURPOSE = "Placeholder: what this stage is for, in the buyer's terms. The CRM does not say."
OWNER = "ae"


@dataclass(frozen=True)
class Imported:
    label: str
    stages: tuple[CrmStage, ...]
    terminal: bool  # the CRM keeps won and lost outside the pipeline (Pipedrive)


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "stage"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _pipelines(config: CrmConfig) -> list[Imported]:
    terminal = config.system == "pipedrive"
    if config.system != "salesforce":
        return [Imported(p.label, p.stages, terminal) for p in config.pipelines]
    values = config.pipelines[0].stages
    processes = [p for p in config.processes if p.active]
    if len(processes) < 2:
        won = [v for v in values if v.active and v.won]
        if len(won) > 1:
            # One pipeline has one won stage: only the processes say which values go together.
            raise InvalidInput(
                [
                    Diagnostic(
                        won[1].where,
                        Severity.ERROR,
                        "crm-import",
                        f"`{won[1].label}` is a second won value; to import several pipelines, add the"
                        " business processes (objects/Opportunity/businessProcesses/) that say which"
                        " values each offers",
                    )
                ]
            )
        return [Imported("", values, False)]
    # Each process offers some of the shared values, in the value set's order.
    found = []
    for process in processes:
        offered = set(process.values)
        name = process.name.removeprefix("Opportunity.").replace("_", " ")
        found.append(
            Imported(name, tuple(v for v in values if v.key in offered or v.label in offered), False)
        )
    return found


def _category(stage: CrmStage) -> str:
    if stage.closed:
        return "won" if stage.won else "lost"
    return "open"


def _number(value: float) -> str:
    return f"{value:g}"


def _path_lines(step: PathStep, taken: set[str]) -> list[str]:
    """What a Path step holds that the playbook can: its guidance as exit criteria, its key fields
    as the fields to fill (the CRM does not say whether to enter or to leave: written as leave)."""
    lines = []
    statements = [] if step.info.strip() == "" else guidance_statements(step.info)
    if statements:
        lines.append("  exit_criteria:  # from the Salesforce Path's guidance; say who verifies each")
        ids: set[str] = set()
        for statement in statements:
            lines.append(f"    - id: {_slug(' '.join(statement.split()[:6]), ids)}")
            lines.append(f"      statement: {json.dumps(statement, ensure_ascii=False)}")
            lines.append("      verified_by: seller  # placeholder: buyer, mutual, seller or system")
    if step.fields:
        lines.append("  required_fields:  # the Path's key fields; labels are placeholders")
        lines.append("    exit:")
        for name in step.fields:
            lines.append(f"      - label: {json.dumps(name)}")
            lines.append(f"        api_name: {name}")
    return lines


def _stage(stage: CrmStage, taken: set[str], indent: str, step: PathStep | None = None) -> str:
    lines = [
        f"- id: {_slug(stage.label, taken)}",
        f"  label: {json.dumps(stage.label, ensure_ascii=False)}",
        f"  category: {_category(stage)}",
    ]
    if stage.forecast_category:
        lines.append(f"  forecast_category: {stage.forecast_category}")
    if not stage.active:
        lines.append("  status: retired  # inactive in the CRM")
    lines.append(f"  purpose: {json.dumps(PURPOSE)}")
    lines.append(f"  owner: {OWNER}  # placeholder: the role that owns deals here")
    if stage.probability is not None:
        lines.append(f"  probability: {_number(stage.probability)}")
    if stage.rotten_days is not None:
        lines.append("  ageing:")
        lines.append(f"    stale_days: {stage.rotten_days}")
    path_lines = _path_lines(step, taken) if step is not None else []
    if not any(line.startswith("  exit_criteria:") for line in path_lines):
        lines.append("  # placeholder: exit_criteria, what the buyer has done when a deal leaves the stage")
    lines.extend(path_lines)
    return "".join(f"{indent}{line}\n" for line in lines)


def _terminal(indent: str, taken: set[str]) -> str:
    note = f"{indent}# Won and lost are a deal's status in Pipedrive, not stages: written here for the playbook.\n"
    won = CrmStage("Won", "", 0, 1.0, True, True, "", True, None, Location(""))
    lost = CrmStage("Lost", "", 0, 0.0, True, False, "", True, None, Location(""))
    return note + _stage(won, taken, indent) + _stage(lost, taken, indent)


def _stages(imported: Imported, indent: str, taken: set[str], steps: dict[str, PathStep]) -> str:
    # Stage ids are unique across pipelines too, so a stage shared by two gets a second id.
    text = "".join(_stage(s, taken, indent, steps.get(s.label) or steps.get(s.key)) for s in imported.stages)
    return text + (_terminal(indent, taken) if imported.terminal else "")


def stages_text(config: CrmConfig) -> str:
    pipelines = _pipelines(config)
    steps = {step.value: step for step in reversed(config.path_steps)}  # the first Path's step wins
    head = (
        f"# Stages imported from {NAMES[config.system]} by `playbook crm import`: names, order,\n"
        "# probabilities, closed/won and forecast categories are the CRM's. Purpose, owner and\n"
        "# criteria are placeholders to write.\n"
    )
    if len(pipelines) == 1:
        return head + "stages:\n" + _stages(pipelines[0], "  ", set(), steps)
    taken: set[str] = set()
    stage_ids: set[str] = set()
    body = "pipelines:\n"
    for pipeline in pipelines:
        body += f"  - id: {_slug(pipeline.label, taken)}\n"
        body += f"    label: {json.dumps(pipeline.label, ensure_ascii=False)}\n"
        body += "    stages:\n" + _stages(pipeline, "      ", stage_ids, steps)
    return head + body


def manifest_text(slug: str, name: str, config: CrmConfig, today: str) -> str:
    return f"""# The company's own playbook, with no CRO engagement yet: its stages come from
# {NAMES[config.system]}, everything else is a placeholder to replace.
client:
  name: {json.dumps(name, ensure_ascii=False)}
  slug: {slug}
version: 0.1.0
changelog:
  - version: 0.1.0
    date: {today}
    summary: Stages imported from {NAMES[config.system]}.
currency: USD  # placeholder: the currency deals are valued in
roles:
  - id: {OWNER}
    title: Account Executive  # placeholder: the role that owns deals
    kind: internal
"""
