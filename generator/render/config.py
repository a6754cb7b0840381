"""The per-client MkDocs configuration: it inherits the shared mkdocs.yml and adds the client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model import Playbook
from generator.paths import BASE_CONFIG


def client_config(playbook: Playbook, nav: list[Any], site_dir: Path) -> dict[str, Any]:
    """The configuration a client's build uses; paths are relative to the staging folder."""
    kind = "template" if playbook.is_template else "revenue playbook"
    return {
        "INHERIT": str(BASE_CONFIG),
        "site_name": f"{playbook.name} {kind}",
        "site_description": f"The {playbook.name} {kind}, version {playbook.version}.",
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "nav": nav,
    }


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
