"""Which CRM a file is from, told by its content, and every file read into one form per system."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.limits import MAX_FILES
from generator.crm.readers import close, hubspot, pipedrive, salesforce
from generator.crm.readers.model import CrmConfig
from generator.crm.readers.parse import RULE, BadCrmFile, JsonFile, XmlFile, load

Reader = tuple[Callable[[object], bool], Callable[[Any], CrmConfig]]
READERS: dict[str, Reader] = {
    "salesforce": (salesforce.detect, salesforce.read),
    "hubspot": (hubspot.detect, hubspot.read),
    "pipedrive": (pipedrive.detect, pipedrive.read),
    "close": (close.detect, close.read),
}
# In a folder, only files that can hold a CRM's configuration are opened (a Salesforce project
# holds classes, layouts and more); a file named on the command line is always opened.
SUFFIXES = (".xml", ".json", ".object", ".standardValueSet", ".businessProcess", ".pathAssistant")


def _error(where: Location, message: str) -> Diagnostic:
    return Diagnostic(where, Severity.ERROR, RULE, message)


def _expand(paths: list[Path]) -> tuple[list[tuple[Path, bool]], list[Diagnostic]]:
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            inside = sorted(p for p in path.rglob("*") if p.name.endswith(SUFFIXES) and p.is_file())
            found.extend((p, False) for p in inside)
        else:
            found.append((path, True))
    if len(found) > MAX_FILES:
        where = Location(display_path(paths[0]))
        return [], [_error(where, f"{len(found)} files to read, over the limit of {MAX_FILES}")]
    return found, []


def _system(file: JsonFile | XmlFile) -> str | None:
    return next((name for name, (detect, _) in READERS.items() if detect(file)), None)


def read_configs(paths: list[Path]) -> tuple[list[CrmConfig], list[Diagnostic]]:
    """One configuration per system the files are from, or the diagnostics that stop reading them."""
    found, problems = _expand(paths)
    grouped: dict[str, list[JsonFile | XmlFile]] = {}
    for path, named in found:
        try:
            file = load(path)
        except BadCrmFile as exc:
            problems.append(exc.diagnostic)
            continue
        system = _system(file)
        if system:
            grouped.setdefault(system, []).append(file)
        elif named:
            known = "Salesforce, HubSpot, Pipedrive or Close"
            problems.append(_error(Location(file.display), f"not a saved configuration of {known}"))
    configs = []
    for system, files in grouped.items():
        try:
            configs.append(READERS[system][1](files))
        except BadCrmFile as exc:
            problems.append(exc.diagnostic)
    if not configs and not problems:
        where = Location(display_path(paths[0])) if paths else Location(".")
        problems.append(_error(where, "no CRM configuration found here"))
    return configs, problems
