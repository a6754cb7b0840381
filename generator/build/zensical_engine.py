"""The Zensical engine: Material's successor builds the same configuration, flattened.

Zensical reads mkdocs.yml, but the per-client configuration inherits the shared one through
MkDocs' INHERIT; so the two are merged here first (mappings deep, lists replaced, as MkDocs
merges them) into one self-contained file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from generator.core.errors import BuildError


def _merge(base: Any, child: Any) -> Any:
    if isinstance(base, dict) and isinstance(child, dict):
        merged = dict(base)
        for key, value in child.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return child


def flatten(config_file: Path) -> dict[str, Any]:
    """A configuration with every INHERIT resolved, as MkDocs itself would merge it."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    return _merge(flatten((config_file.parent / parent).resolve()), config)


def build_site(config_file: Path) -> None:
    """Build with `zensical build`, from a flattened copy of the configuration."""
    executable = shutil.which("zensical")
    if executable is None:
        raise BuildError(
            "the zensical engine is not installed: `pip install 'revenue-playbook[zensical]'`, or build with --engine mkdocs"
        )
    flat = config_file.with_name("zensical.yml")
    flat.write_text(
        yaml.safe_dump(flatten(config_file), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    done = subprocess.run(
        [executable, "build", "--config-file", str(flat), "--clean", "--strict"],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise BuildError("Zensical failed: " + " / ".join(lines[-3:]))
