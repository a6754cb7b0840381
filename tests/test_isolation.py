"""The tests' one way to change the working folder and the environment puts both back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, isolated


def test_isolated_restores_the_folder_and_the_environment_even_on_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_KEPT", "before")
    monkeypatch.delenv("PLAYBOOK_ADDED", raising=False)
    with (
        pytest.raises(RuntimeError),
        isolated(tmp_path, {"PLAYBOOK_ADDED": "1", "PLAYBOOK_KEPT": None}) as cwd,
    ):
        assert cwd == Path.cwd() == tmp_path.resolve()
        assert os.environ.get("PLAYBOOK_ADDED") == "1"
        assert "PLAYBOOK_KEPT" not in os.environ
        raise RuntimeError
    assert Path.cwd() == ROOT
    assert os.environ.get("PLAYBOOK_KEPT") == "before"
    assert "PLAYBOOK_ADDED" not in os.environ


def test_no_test_changes_the_folder_or_the_environment_by_hand():
    """`isolated` and pytest's monkeypatch put things back; a bare os.chdir or os.environ write
    leaks into every test that runs after it."""
    import re

    by_hand = re.compile(
        r"\bos\.chdir\(|\bos\.environ\[[^]]+\]\s*=|\bdel os\.environ\[|\bos\.environ\.(?:pop|update|setdefault)\("
    )
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name not in ("conftest.py", "test_isolation.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
