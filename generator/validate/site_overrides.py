"""The project's optional site settings, `site_config/mkdocs.yml`, checked before a build uses them.

They are merged over the tool's base configuration for every client of the project. What the
tool itself must decide — where pages come from and go, the navigation, the plugins that keep
the site offline, the theme and its overrides — cannot be set there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Severity, display_path
from generator.core.project import Project
from generator.load.locations import FileOrigins, locate
from generator.load.yaml_loader import LoadError, load_yaml

RESERVED: tuple[tuple[str, ...], ...] = (
    ("INHERIT",),
    ("docs_dir",),
    ("site_dir",),
    ("nav",),
    ("plugins",),
    ("theme", "name"),
    ("theme", "custom_dir"),
)


def _has(data: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def load_site_overrides(root: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The project's site settings (empty when it has none) and what is wrong with them."""
    path = Project(root).site_overrides
    if not path.is_file():
        return {}, []
    try:
        loaded = load_yaml(path, display_path(path))
    except LoadError as exc:
        return {}, [exc.diagnostic]
    origins = FileOrigins(loaded.source)
    problems = [
        Diagnostic(
            locate(origins, key, at_key=True),
            Severity.ERROR,
            "site-overrides",
            f"`{'.'.join(key)}` is set by the tool for every site and cannot be overridden here",
        )
        for key in RESERVED
        if _has(loaded.data, key)
    ]
    return ({} if problems else loaded.data), problems
