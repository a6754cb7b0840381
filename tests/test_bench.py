"""`make bench` runs no test of its own: these keep its modules in step with the package."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "module", ["bench.generate", "bench.one", "bench.serve", "bench.stage", "bench.whole"]
)
def test_bench_modules_import(module: str):
    importlib.import_module(module)


def test_the_stage_is_what_a_bare_engine_build_needs(tmp_path: Path):
    from bench.stage import write_stage

    write_stage(ROOT / "playbooks" / "fernhill", tmp_path)
    assert (tmp_path / "mkdocs.yml").is_file()
    assert (tmp_path / "zensical.yml").is_file()
    assert (tmp_path / "docs" / "index.md").is_file()
