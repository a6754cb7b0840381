"""Measure one playbook in this process and print JSON: `python -m bench.one FOLDER OUTPUT`.

Run in a fresh process per measurement, so peak memory (ru_maxrss) belongs to that playbook.
"""

from __future__ import annotations

import datetime
import json
import resource
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
from generator.schema.schemas import SchemaSet, load_schemas
from generator.validate.folder import validate_folder

TODAY = datetime.date(2026, 11, 24)


def _clock(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def _ready_schemas() -> SchemaSet:
    schemas = load_schemas()
    for name in schemas.documents:
        schemas.validator(name)
    return schemas


def measure(folder: Path, output: Path) -> dict[str, float]:
    pb = PlaybookFolder(folder)
    # Once per process: read the schemas and build the Cerberus validators (which check them).
    setup, schemas = _clock(lambda: _ready_schemas())
    files = sorted(folder.glob("*.yaml"))
    bare, _ = _clock(
        lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in files]
    )
    load, _ = _clock(lambda: load_folder(pb))
    checked, validation = _clock(lambda: validate_folder(pb, schemas))
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
        "bytes": sum(p.stat().st_size for p in files),
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
