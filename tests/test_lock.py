"""The lock shipped in the package (generator/requirements.lock) matches pyproject.toml's pins."""

from __future__ import annotations

import re
import tomllib

from generator import DISTRIBUTION
from generator.publish.distribution import lock_text
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, tuple[set[str], int]]:
    """Name → (versions, number of hashes) of every requirement in the lock."""
    found: dict[str, tuple[set[str], int]] = {}
    for block in re.split(r"\n(?=\S)", lock_text().decode()):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", block)
        if match:
            versions, hashes = found.get(_normal(match[1]), (set(), 0))
            found[_normal(match[1])] = (versions | {match[2]}, hashes + block.count("--hash=sha256:"))
    return found


def test_every_pin_of_pyproject_is_locked_at_the_same_version():
    locked = _locked()
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, version = requirement.split("==")
        assert locked[_normal(name)][0] == {version}, f"{name}: run `make lock`"


def test_every_locked_requirement_is_pinned_with_hashes():
    locked = _locked()
    assert len(locked) > len(PYPROJECT["project"]["dependencies"])  # the transitive ones too
    for name, (versions, hashes) in locked.items():
        assert hashes >= len(versions), f"{name} has no hash"
    assert "make lock" in lock_text().decode()  # says how it is regenerated


def test_the_distribution_name_is_one_constant():
    assert PYPROJECT["project"]["name"] == DISTRIBUTION
