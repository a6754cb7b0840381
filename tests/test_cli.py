"""The command line: exit statuses, output formats, strictness, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BAD = "tests/cases/schema-unknown"
WARN_ONLY = "tests/cases/criterion-seller-activity"


def test_valid_input_exits_0(cli):
    assert cli("validate", "tests/cases/valid-client").status == 0


def test_invalid_input_exits_1_with_one_line_per_problem(cli):
    result = cli("validate", BAD)
    assert result.status == 1
    assert result.out.splitlines() == [
        "tests/cases/schema-unknown/stages.yaml:5:9: error: unknown field `verfied_by` (did you mean `verified_by`?) [schema-unknown]"
    ]
    assert result.err.strip() == "Failed: 1 error(s), 0 warning(s) in 1 playbook."


def test_warnings_pass_unless_strict(cli):
    assert cli("validate", WARN_ONLY).status == 0
    assert cli("validate", "--strict", WARN_ONLY).status == 1


def test_json_format(cli):
    result = cli("validate", "--format", "json", BAD)
    assert json.loads(result.out) == [
        {
            "file": "tests/cases/schema-unknown/stages.yaml",
            "line": 5,
            "column": 9,
            "severity": "error",
            "rule": "schema-unknown",
            "field": "stages[0].exit_criteria[0].verfied_by",
            "path": ["stages", 0, "exit_criteria", 0, "verfied_by"],
            "message": "unknown field `verfied_by` (did you mean `verified_by`?)",
        }
    ]


def test_github_format_annotates_the_line(cli):
    result = cli("validate", "--format", "github", BAD)
    assert result.out == (
        "::error file=tests/cases/schema-unknown/stages.yaml,line=5,col=9,title=schema-unknown::"
        "unknown field `verfied_by` (did you mean `verified_by`?)\n"
    )


def test_diagnostics_of_several_playbooks_are_sorted_by_file_and_line(cli):
    result = cli("validate", "tests/cases/ramp-quota", BAD, "tests/cases/changelog-version")
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in result.out.splitlines()]
    assert keys == sorted(keys)
    assert len(keys) == 5


@pytest.mark.parametrize(
    "args",
    [["validate", "--format", "xml"], ["validate", "--nope"], ["frobnicate"], ["validate", "no/such/folder"]],
)
def test_wrong_usage_exits_2(cli, args):
    assert cli(*args).status == 2


def test_a_folder_with_no_playbook_is_a_usage_error(cli, tmp_path):
    result = cli("validate", str(tmp_path))
    assert result.status == 2
    assert "holds no playbook" in result.err


@pytest.mark.parametrize(
    "case", ["yaml-encoding", "yaml-alias-limit", "yaml-tag", "schema-type", "document-missing"]
)
def test_python_dash_m_reports_bad_input_without_a_traceback(case):
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", f"tests/cases/{case}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for line in done.stdout.splitlines():
        path, line_no, col, severity = line.split(":")[:4]
        assert path.startswith("tests/cases/") and line_no.isdigit() and col.isdigit()
        assert severity.strip() in {"error", "warning"}


def test_paths_are_relative_to_the_current_folder(cli, monkeypatch):
    monkeypatch.chdir(ROOT / "tests")
    result = cli("validate", "cases/schema-unknown")
    assert result.out.startswith("cases/schema-unknown/stages.yaml:5:9:")


def test_schema_command_prints_the_field_reference(cli):
    result = cli("schema")
    assert result.status == 0
    # A criterion's verifier is required unless it is a group (criterion-group says so); a member's always.
    assert "| `stages[].exit_criteria[].any_of[].verified_by` | string | yes |" in result.out
    assert "| `stages[].exit_criteria[].verified_by` | string |  | Who performs" in result.out
