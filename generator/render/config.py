"""The per-client MkDocs configuration: it inherits the shared mkdocs.yml and adds the client."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml

from generator.model import Playbook
from generator.paths import BASE_CONFIG


def _escape_nav(entries: list[Any]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        if isinstance(entry, dict):
            out.append(
                {html.escape(k): _escape_nav(v) if isinstance(v, list) else v for k, v in entry.items()}
            )
        else:
            out.append(entry)
    return out


def client_config(playbook: Playbook, nav: list[Any], site_dir: Path) -> dict[str, Any]:
    """The configuration a client's build uses; paths are relative to the staging folder."""
    # The theme prints these unescaped, so YAML content in them is escaped here.
    kind = "template" if playbook.is_template else "revenue playbook"
    return {
        "INHERIT": str(BASE_CONFIG),
        "site_name": html.escape(f"{playbook.name} {kind}"),
        "site_description": html.escape(f"The {playbook.name} {kind}, version {playbook.version}."),
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "nav": _escape_nav(nav),
    }


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
