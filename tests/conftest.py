"""Shared fixtures: a fixed 'today', the repository root as the working folder, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import run

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
FIXED_EPOCH = "1795478400"  # 2026-11-24: the day the example playbook's statuses describe


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.chdir(ROOT)


@dataclass
class Result:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `playbook ARGS…` in-process; returns the exit status and what it printed."""

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        status = run(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return invoke
