"""The Zensical engine: Material's successor builds the same configuration, flattened.

Zensical reads mkdocs.yml, but the per-client configuration inherits the shared one through
MkDocs' INHERIT; so the two are merged here first (mappings deep, lists replaced, as MkDocs
merges them) into one self-contained file.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator.core.errors import BuildError
from generator.load.yaml_loader import TRUSTED_LOADER
from generator.render.config import merged

# Zensical's default "modern" look draws the header in the page's background colour, so the
# brand would show only in links; "classic" is Material's look, with the header in the brand.
VARIANT = "classic"
# Zensical refuses a site_dir outside the folder of its configuration: it builds here first.
OWN_SITE = "zensical-site"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[ (\S+) \]")


def flatten(config_file: Path) -> dict[str, Any]:
    """A configuration with every INHERIT resolved, as MkDocs itself would merge it."""
    config: dict[str, Any] = yaml.load(config_file.read_text(encoding="utf-8"), Loader=TRUSTED_LOADER)
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    whole: dict[str, Any] = merged(flatten((config_file.parent / parent).resolve()), config)
    return whole


def _problems(output: str) -> list[str]:
    """Zensical's warnings and errors as `message (file:line:col)`, from its drawn report."""
    lines = [_ANSI.sub("", line).strip() for line in output.splitlines()]
    found = []
    for i, line in enumerate(lines):
        if line.startswith(("Warning:", "Error:")):
            message = line.split(":", 1)[1].strip()
            where = next((m.group(1) for m in map(_WHERE.search, lines[i + 1 : i + 3]) if m), "")
            found.append(f"{message} ({where})" if where else message)
    if not found:  # a crash rather than a report: its last lines say what happened
        found = [line for line in lines if line][-3:]
    return found


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build with `zensical build --strict`, from a flattened copy of the configuration."""
    if importlib.util.find_spec("zensical") is None:
        raise BuildError(
            "the zensical engine is not installed: `pip install 'revenue-playbook[zensical]'`, "
            "or build with --engine mkdocs"
        )
    own = config_file.parent / OWN_SITE
    config = flatten(config_file)
    config["site_dir"] = str(own)
    config["theme"].setdefault("variant", VARIANT)
    flat = config_file.with_name("zensical.yml")
    flat.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--config-file", str(flat), "--clean", "--strict"],
        cwd=config_file.parent,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        problems = _problems(done.stdout + "\n" + done.stderr)
        raise BuildError("Zensical failed: " + "; ".join(problems[:10]))
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.move(own, site_dir)


@dataclass(frozen=True)
class ZensicalEngine:
    """Zensical, run as its own process (it is a Rust program that calls back into Python)."""

    name: str = "zensical"

    def build(self, config_file: Path, site_dir: Path) -> None:
        build_site(config_file, site_dir)

    def fingerprint(self) -> str:
        try:
            return f"zensical {metadata.version('zensical')}"
        except metadata.PackageNotFoundError:
            return "zensical (not installed)"


ZENSICAL = ZensicalEngine()
