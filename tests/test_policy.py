"""The rule policy: integrity rules are errors, advice is set per playbook and inherited."""

from __future__ import annotations

import re

from generator.core.diagnostics import Severity
from generator.validate.policy import policy_of
from generator.validate.rules import RULES
from tests.conftest import ROOT


def test_advice_warns_by_default_and_integrity_is_always_an_error():
    policy = policy_of({"stage-order": "off", "icp-primary": "error", "review-overdue": "off"})
    by_id = {r.id: r for r in RULES}
    assert policy.severity(by_id["stage-order"]) is Severity.ERROR
    assert policy.severity(by_id["icp-primary"]) is Severity.ERROR
    assert policy.severity(by_id["review-overdue"]) is None
    assert policy.severity(by_id["transfer-gap"]) is Severity.WARNING
    assert all(r.severity is Severity.WARNING for r in RULES if r.is_advice)
    assert all(r.severity is Severity.ERROR for r in RULES if not r.is_advice)


def test_the_readme_shows_the_kind_and_default_of_every_rule():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| `")]
    for rule in RULES:
        row = next((r for r in rows if re.search(rf"`{re.escape(rule.id)}`", r[0])), None)
        assert row, rule.id
        assert row[1] == rule.kind, rule.id
        assert row[2].startswith(rule.severity.value), rule.id


def test_strict_still_fails_on_advice_a_client_relaxed(cli):
    assert cli("validate", "tests/cases/rules-inherited").status == 0
    assert cli("validate", "--strict", "tests/cases/rules-inherited").status == 1


def test_a_client_turning_advice_off_hides_it(cli):
    result = cli("validate", "tests/cases/rules-inherited")
    assert "icp-primary" not in result.out
    assert cli("validate", "tests/cases/icp-primary").out.count("[icp-primary]") == 1
