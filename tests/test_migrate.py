"""`playbook migrate`: deprecated spellings rewritten, comments kept, idempotent, examples unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Result

BEFORE = ROOT / "tests" / "migrate"
Cli = Callable[..., Result]


@pytest.fixture
def _run(cli: Cli) -> Callable[..., tuple[int, str]]:
    def run(*args: str) -> tuple[int, str]:
        result = cli("migrate", *args)
        return result.status, result.out + result.err

    return run


def test_the_examples_as_they_were_become_the_examples_as_they_are(
    tmp_path: Path, _run: Callable[..., tuple[int, str]]
) -> None:
    """Copies of the examples from before `framework.confirms` migrate to today's files, byte for byte."""
    pairs = {
        "management-layer.stages.yaml": ROOT / "playbooks/templates/management-layer/stages.yaml",
        "founder-led.stages.yaml": ROOT / "playbooks/templates/founder-led/stages.yaml",
    }
    for name, today in pairs.items():
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        shutil.copy(BEFORE / name, folder / "stages.yaml")
        status, output = _run("--check", str(folder))
        assert status == 1 and "would rewrite stage" in output
        assert _run(str(folder))[0] == 0
        assert (folder / "stages.yaml").read_text() == today.read_text()
        assert _run("--check", str(folder)) == (0, "0 file(s) would be migrated, 1 left as they were.\n")


def test_todays_examples_have_nothing_to_migrate_but_copperlines_planted_spelling(
    tmp_path: Path, _run: Callable[..., tuple[int, str]]
) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    status, output = _run("--check", str(tmp_path / "playbooks"))
    assert status == 1
    rewrites = [line for line in output.splitlines() if "would rewrite" in line]
    assert len(rewrites) == 1 and "copperline/stages.yaml:7: would rewrite stage `discovery`" in rewrites[0]
    assert _run(str(tmp_path / "playbooks"))[0] == 0
    assert _run("--check", str(tmp_path / "playbooks"))[0] == 0
    assert (
        "framework:\n      confirms: [identify-pain]\n"
        in (tmp_path / "playbooks/copperline/stages.yaml").read_text()
    )


def test_a_stage_in_the_old_spelling_keeps_its_comments(
    tmp_path: Path, _run: Callable[..., tuple[int, str]]
) -> None:
    folder = tmp_path / "deprecated-field"
    shutil.copytree(ROOT / "tests/cases/deprecated-field", folder)
    status, output = _run(str(folder))
    assert status == 0
    assert "stages.yaml:5: rewrote stage `discovery`: `framework_elements` → `framework.confirms`" in output
    assert (folder / "stages.yaml").read_text() == (
        "# A client that still writes the old spelling over a template that writes the new one.\n"
        "stages:\n"
        "  - id: discovery\n"
        "    # Confirmed on the first call.\n"
        "    framework:\n"
        "      confirms: [metrics, economic-buyer]          # both, on the call\n"
        "  - id: proposal\n"
        "    framework:\n"
        "      works_on: [metrics]\n"
    )
    before = (folder / "stages.yaml").read_bytes()
    assert _run(str(folder))[0] == 0
    assert (folder / "stages.yaml").read_bytes() == before


def test_both_spellings_are_left_for_the_author(tmp_path: Path, _run: Callable[..., tuple[int, str]]) -> None:
    folder = tmp_path / "conflict"
    shutil.copytree(ROOT / "tests/cases/deprecated-field-conflict", folder)
    before = (folder / "stages.yaml").read_bytes()
    assert _run("--check", str(folder))[0] == 0
    assert (folder / "stages.yaml").read_bytes() == before
