"""The validator's case corpus: each folder in tests/cases/ is a playbook and the exact diagnostics it gives.

Adding a case needs no Python: a folder with the playbook files and `expected.txt`. After an
intended change, `make golden` rewrites every expected file; review the diff before committing.
"""

from __future__ import annotations

import os
import re

import pytest

from generator.validate.rules import RULES
from tests.conftest import CASES

UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and p.name != "templates")


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_case_gives_exactly_the_expected_diagnostics(case, cli):
    result = cli("validate", str(case.relative_to(CASES.parent.parent)))
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text(result.out, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.out == expected
    failed = any(": error: " in line for line in expected.splitlines())
    assert result.status == (1 if failed else 0)
    assert "Traceback" not in result.err


def _fired_rules() -> set[str]:
    fired = set()
    for case in CASE_DIRS:
        text = (case / "expected.txt").read_text(encoding="utf-8")
        fired |= set(re.findall(r"\[([a-z0-9-]+)\]$", text, re.MULTILINE))
    return fired


def test_every_rule_has_a_case_that_makes_it_fire():
    missing = {rule.id for rule in RULES} - _fired_rules()
    assert not missing, f"rules with no case in tests/cases/: {sorted(missing)}"


def test_every_loader_error_has_a_case():
    loader = set(
        re.findall(
            r'"(yaml-[a-z-]+)"', (CASES.parent.parent / "generator" / "load" / "yaml_loader.py").read_text()
        )
    )
    # Limits on size, depth, node count and string length are tested at their edges in test_loader.
    at_edges = {
        "yaml-size-limit",
        "yaml-depth-limit",
        "yaml-node-limit",
        "yaml-string-limit",
        "yaml-list-limit",
        "yaml-key",
        "yaml-alias-recursive",
    }
    missing = loader - at_edges - _fired_rules()
    assert not missing, f"loader errors with no case: {sorted(missing)}"


def test_the_valid_case_passes_cleanly(cli):
    result = cli("validate", "tests/cases/valid-client", "--strict")
    assert (result.status, result.out) == (0, "")
    assert "All checks passed" in result.err
