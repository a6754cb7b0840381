"""Run the benchmarks and print their ratios: `python -m bench`."""

from __future__ import annotations

import datetime
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.generate import scaled_documents, write_playbook
from generator.build import build_client
from generator.field_reference import render_markdown
from generator.model import build_model
from generator.render import render_site
from generator.schema import load_schemas
from generator.sources import PlaybookFolder, load_folder
from generator.validate import validate_folder

TODAY = datetime.date(2026, 11, 24)


def timed(func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best of `repeat` runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def bare_load(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def validation_bench(root: Path, factor: int) -> dict[str, float]:
    folder = root / "playbooks" / f"big{factor}"
    size = write_playbook(scaled_documents(factor), folder)
    schemas = load_schemas()
    pb = PlaybookFolder(folder)
    bare, _ = timed(lambda: bare_load(folder))
    load, _ = timed(lambda: load_folder(pb))
    total, result = timed(lambda: validate_folder(pb, schemas))
    errors = [d for d in result.diagnostics if d.is_error]
    assert not errors, errors[:3]
    return {"bytes": size, "bare": bare, "load": load, "validate": total - load, "total": total}


def site_bench(root: Path, factor: int) -> dict[str, float]:
    folder = root / "playbooks" / f"site{factor}"
    write_playbook(scaled_documents(factor), folder)
    pb = PlaybookFolder(folder)
    schemas = load_schemas()
    reference = render_markdown(schemas)
    validate_time, result = timed(lambda: validate_folder(pb, schemas))
    playbook = build_model(result.playbook)
    render_time, rendered = timed(
        lambda: render_site(playbook, Path(tempfile.mkdtemp(dir=root)) / "docs", TODAY, reference)
    )
    pages = sum(len(s.pages) for s in rendered.sections)
    start = time.perf_counter()
    site = build_client(pb, root / "out").site  # the whole command, engine included
    whole = time.perf_counter() - start
    del site
    return {"pages": pages, "validate": validate_time, "render": render_time, "whole": whole}


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    print(
        f"# playbook benchmarks — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print("\n## Load and validate (issue: validation well under a second for ~1 MB)\n")
        print(
            "| factor | YAML bytes | bare libyaml load | our load | validate | load+validate | ratio to bare |"
        )
        print("|---|---|---|---|---|---|---|")
        for factor in (1, 10, 40):
            r = validation_bench(root, factor)
            both = r["load"] + r["validate"]
            print(
                f"| {factor}× | {r['bytes']:,} | {r['bare']:.3f} s | {r['load']:.3f} s | {r['validate']:.3f} s | {both:.3f} s | {both / r['bare']:.1f}× |"
            )
        print("\n## Site build (generator share of the whole build)\n")
        print("| factor | pages | validate | YAML→Markdown | whole build | generator share |")
        print("|---|---|---|---|---|---|")
        for factor in (1, 12):
            r = site_bench(root, factor)
            share = (r["validate"] + r["render"]) / r["whole"]
            print(
                f"| {factor}× | {r['pages']} | {r['validate']:.2f} s | {r['render']:.2f} s | {r['whole']:.2f} s | {share:.0%} |"
            )


if __name__ == "__main__":
    main()
