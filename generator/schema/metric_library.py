"""The built-in metric library (generator/library/metrics.yaml) and how a playbook's metrics use it.

A metric with `library: win-rate` starts from the library's definition of win rate; every field
it writes itself wins. Validation and the model both read metrics through `effective_metrics`,
so a rule sees exactly what the site shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.core.resources import METRIC_LIBRARY
from generator.load.yaml_loader import TRUSTED_LOADER

LIBRARY_FILE = METRIC_LIBRARY
# Fields a library metric supplies; `id` stays the playbook's own.
INHERITED = ("name", "definition", "unit", "direction", "formula", "population", "window")


@dataclass(frozen=True)
class Library:
    """The library's inputs and metrics by ID."""

    inputs: dict[str, dict[str, Any]]
    metrics: dict[str, dict[str, Any]]


@functools.cache
def load_library(path: Path = LIBRARY_FILE) -> Library:
    """Read the library once per process."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=TRUSTED_LOADER)
    return Library(
        {item["id"]: item for item in data["inputs"]},
        {item["id"]: item for item in data["metrics"]},
    )


def effective_metric(metric: dict[str, Any], library: Library) -> dict[str, Any]:
    """A metric with the library's fields filled in where the playbook left them out."""
    base = library.metrics.get(metric.get("library", ""), {})
    return {**{k: base[k] for k in INHERITED if k in base}, **metric}


def effective_metrics(document: dict[str, Any], library: Library | None = None) -> list[dict[str, Any]]:
    """Every metric of a metrics document, library fields filled in, in document order."""
    library = library or load_library()
    return [effective_metric(m, library) for m in document.get("metrics", [])]


def inputs(document: dict[str, Any], library: Library | None = None) -> dict[str, dict[str, Any]]:
    """The inputs formulas may name: the library's, overridden or extended by the playbook's."""
    library = library or load_library()
    return {**library.inputs, **{item["id"]: item for item in document.get("inputs", [])}}
