"""Diagnostics carry their field path as parts beside the string shown to a person."""

from __future__ import annotations

import pytest

from generator.core.diagnostics import field_path
from generator.validate.folder import validate_paths
from tests.conftest import CASES


@pytest.mark.parametrize(
    ("case", "rule", "path"),
    [
        ("schema-unknown", "schema-unknown", ("stages", 0, "exit_criteria", 0, "verfied_by")),
        ("duplicate-id", "duplicate-id", ("stages", 1, "exit_criteria", 1, "id")),
    ],
)
def test_a_diagnostic_about_a_field_carries_its_path(case, rule, path):
    (validation,) = validate_paths([CASES / case])
    (found,) = [d for d in validation.diagnostics if d.rule == rule]
    assert found.path == path
    assert found.field == field_path(path)


def test_every_diagnostic_of_a_rule_has_a_path_matching_its_field():
    validations = validate_paths([CASES])
    located = [d for v in validations for d in v.diagnostics if d.path]
    assert len(located) > 50
    assert all(d.field == field_path(d.path) for d in located if not d.rule.startswith("brand-"))
