"""Every command checks and models each playbook once: check → model → render → build → publish.

The counts come from spies: the real validate_folder and build_model, wrapped to count their calls.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import generator.publish.export
import generator.publish.pdf
import generator.publish.serve
import generator.publish.versions  # noqa: F401  (every module that may hold the two names)
from generator.model.playbook import build_model
from generator.publish.client import build_client
from generator.publish.export import export
from generator.publish.versions import build_versions
from generator.validate.folder import validate_folder
from tests.conftest import git
from tests.test_build import make_client
from tests.test_versions import release


def _spy(
    monkeypatch: pytest.MonkeyPatch, function: Callable[..., Any], key: Callable[[Any], str]
) -> Counter[str]:
    """Count calls to `function` by `key(first argument)`, wherever the package imported it."""
    calls: Counter[str] = Counter()

    def counted(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls[key(first)] += 1
        return function(first, *args, **kwargs)

    for module in list(sys.modules.values()):
        if module.__name__.startswith("generator") and getattr(module, function.__name__, None) is function:
            monkeypatch.setattr(module, function.__name__, counted)
    return calls


@pytest.fixture
def counts(monkeypatch):
    validated = _spy(monkeypatch, validate_folder, lambda folder: str(folder.path))
    modelled = _spy(monkeypatch, build_model, lambda resolved: str(resolved.folder.path))
    return validated, modelled


def _tagged(tmp_path, monkeypatch, versions: int):
    folder = make_client(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "First")
    git(tmp_path, "tag", "acme/v1.0.0")
    for minor in range(1, versions):
        release(tmp_path, folder, f"1.{minor}.0", f"Release {minor}")
    monkeypatch.chdir(tmp_path)
    return folder


def test_export_checks_and_models_the_playbook_once(tmp_path, counts):
    validated, modelled = counts
    folder = make_client(tmp_path)
    export(folder, tmp_path / "dist")
    assert validated == Counter({str(folder.path): 1})
    assert modelled == Counter({str(folder.path): 1})


def test_export_with_releases_checks_and_models_each_once(tmp_path, monkeypatch, counts):
    validated, modelled = counts
    folder = _tagged(tmp_path, monkeypatch, 1)
    export(folder, tmp_path / "dist")
    assert len(validated) == 2 and set(validated.values()) == {1}  # the working tree and the release
    assert validated[str(folder.path)] == 1
    assert modelled == validated


def test_versions_check_and_model_each_release_once(tmp_path, monkeypatch, counts):
    validated, modelled = counts
    folder = _tagged(tmp_path, monkeypatch, 2)
    build_versions(folder, tmp_path / "out")
    assert len(validated) == 2 and set(validated.values()) == {1}
    assert modelled == validated


def test_a_build_checks_and_models_once(tmp_path, counts):
    validated, modelled = counts
    folder = make_client(tmp_path)
    build_client(folder, tmp_path / "out")
    assert validated == modelled == Counter({str(folder.path): 1})
