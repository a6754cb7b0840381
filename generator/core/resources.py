"""The files the package ships, found through importlib.resources.

In a checkout, generator/data/ links to the repository's top-level schemas/, mkdocs.yml and
playbooks/templates/; a built wheel holds copies of them. Either way the tool reads its own
files from its package, never from a path beside the source tree.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped(*parts: str) -> Path:
    """A file or folder of the package on disk (pip installs packages unzipped)."""
    return Path(str(files("generator").joinpath(*parts)))


PACKAGE_DIR = shipped()
SCHEMA_DIR = shipped("data", "schemas")
BASE_CONFIG = shipped("data", "mkdocs.yml")
BUILTIN_TEMPLATES = shipped("data", "templates")
PAGE_TEMPLATES = shipped("render", "templates")
ASSETS = shipped("render", "assets")
THEME_OVERRIDES = shipped("render", "overrides")
METRIC_LIBRARY = shipped("schema", "library", "metrics.yaml")
