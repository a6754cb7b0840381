"""Each CRM's settings for one stage, from the exporters themselves, so the site and the exported
files cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.crm import close, hubspot, pipedrive, salesforce
from generator.crm.common import is_exported
from generator.model.playbook import Stage

# The systems a manifest's `crm.systems` may name, in the order the site shows them.
SYSTEMS: dict[str, tuple[str, Callable[[Stage], Mapping[str, Any]]]] = {
    "salesforce": ("Salesforce", salesforce.stage_settings),
    "hubspot": ("HubSpot", hubspot.stage_settings),
    "pipedrive": ("Pipedrive", pipedrive.stage_settings),
    "close": ("Close", close.stage_settings),
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "none" if value is None else str(value)


def settings(stage: Stage, systems: tuple[str, ...]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(system name, [(setting, value)]) for each configured system, in SYSTEMS' order; nothing
    for a stage no export carries."""
    if not is_exported(stage):
        return []
    return [
        (title, [(key, _text(value)) for key, value in describe(stage).items()])
        for system, (title, describe) in SYSTEMS.items()
        if system in systems
    ]
