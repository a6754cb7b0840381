"""Measure one playbook in this process and print JSON: `python -m bench.one FOLDER OUTPUT`.

Run in a fresh process per measurement, so peak memory (ru_maxrss) belongs to that playbook.
"""

from __future__ import annotations

import datetime
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.load.sources import PlaybookFolder, load_folder
from generator.model.playbook import build_model
from generator.publish.client import build_client
from generator.render import render_site
from generator.render.field_reference import render_markdown
from generator.schema.fast_check import document_check
from generator.schema.schemas import SchemaSet, load_schemas
from generator.validate.folder import validate_folder

TODAY = datetime.date(2026, 11, 24)


def _clock(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def _median(func, repeats: int) -> float:
    """The median time of `repeats` runs: one run on a shared machine says little."""
    return statistics.median(_clock(func)[0] for _ in range(repeats))


def _ready_schemas() -> SchemaSet:
    schemas = load_schemas()
    for name in schemas.documents:
        schemas.validator(name)
        document_check(schemas, name)
    return schemas


def measure(folder: Path, output: Path) -> dict[str, float]:
    pb = PlaybookFolder(folder)
    # Once per process: read the schemas, build the Cerberus validators and compile the checks.
    setup, schemas = _clock(lambda: _ready_schemas())
    files = sorted(folder.glob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    repeats = 5 if size < 2_000_000 else 1
    # A first pass of each warms the imports and caches every later build also finds warm.
    first, validation = _clock(lambda: validate_folder(pb, schemas))
    bare = _median(
        lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in files], repeats
    )
    load = _median(lambda: load_folder(pb), repeats)
    checked = _median(lambda: validate_folder(pb, schemas), repeats)
    render, _ = _clock(
        lambda: render_site(
            build_model(validation.playbook, validation.diagnostics),
            Path(tempfile.mkdtemp()) / "docs",
            TODAY,
            render_markdown(schemas),
        )
    )
    total, _ = _clock(lambda: build_client(pb, output))
    return {
        "bytes": size,
        "first": first,
        "setup": setup,
        "bare": bare,
        "load": load,
        "validate": max(checked - load, 0.0),
        "render": render,
        "engine": max(total - checked - render, 0.0),
        "total": total,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))
