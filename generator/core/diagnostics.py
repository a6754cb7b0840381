"""Diagnostics: what went wrong or looks wrong, and exactly where."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]
"""A field's path in its document: `("stages", 2, "exit_criteria", 0)`."""


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a rule that fired at a location, with a message a person can act on."""

    location: Location
    severity: Severity
    rule: str
    message: str
    field: str = ""  # the path as shown: `stages[2].exit_criteria[0]`
    path: FieldPath = ()  # the same path as parts, for code that follows it (the health page)

    @classmethod
    def at(
        cls, location: Location, severity: Severity, rule: str, message: str, path: FieldPath
    ) -> Diagnostic:
        """A diagnostic about the field at `path`, shown as `field_path(path)`."""
        return cls(location, severity, rule, message, field_path(path), tuple(path))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule, self.message)


def field_path(path: tuple[object, ...]) -> str:
    """Render a document path as `stages[2].exit_criteria[0].verified_by`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: str | Path) -> str:
    """A path as the user should read it: relative to the current folder when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line and column, dropping exact repeats."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: list[Diagnostic], strict: bool = False) -> bool:
    """Whether the diagnostics fail a run; with `strict`, warnings fail it too."""
    return any(d.is_error or strict for d in diagnostics)
