"""The static-site engines `--engine` names: each builds a written configuration into a site folder.

Chosen once, at the command line, and passed down as an object, so every build path (one client,
`--all`, `--versions`, export) uses the same engine. Adding one is a module and a line here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from generator.build.mkdocs_engine import MKDOCS
from generator.build.zensical_engine import ZENSICAL


class Engine(Protocol):
    """Builds the site a configuration file describes into `site_dir`; any warning fails it."""

    # Read-only, so frozen dataclasses meet it.
    @property
    def name(self) -> str:
        """The name `--engine` takes."""
        ...

    def build(self, config_file: Path, site_dir: Path) -> None: ...

    def fingerprint(self) -> str:
        """The engine and its version, so a site built by another one is not taken as current."""
        ...


ENGINES: dict[str, Engine] = {engine.name: engine for engine in (MKDOCS, ZENSICAL)}
DEFAULT_ENGINE: Engine = MKDOCS
