"""What a diagnostic is about: the items with an ID along its field path, read once from the data.

The health page links each warning to the page of the deepest of these items that has one; it
reads them here instead of walking the playbook's raw documents itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import FieldPath


@dataclass(frozen=True)
class Subject:
    """One item on a diagnostic's path: the list it is in, its ID, and what it calls itself."""

    list_field: str
    key: str
    name: str  # its name, label or title as written, else its ID


def subjects(data: Any, path: FieldPath) -> tuple[Subject, ...]:
    """The items with an `id` (or a `role`) that `path` passes through in `data`, outermost first."""
    found: list[Subject] = []
    for n, part in enumerate(path):
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            break
        above = path[n - 1] if n else None
        if isinstance(part, int) and isinstance(above, str) and isinstance(data, dict):
            key = data.get("id") or data.get("role")
            if key:
                name = data.get("name") or data.get("label") or data.get("title") or key
                found.append(Subject(above, str(key), str(name)))
    return tuple(found)
