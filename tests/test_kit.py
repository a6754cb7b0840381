"""The kit for client repositories: pre-commit hooks and the pull-request workflow."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from generator.cli import cli
from tests.conftest import ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
WORKFLOW = yaml.safe_load((ROOT / "kit" / "github-workflow.yml").read_text())
STEPS = WORKFLOW["jobs"]["playbook"]["steps"]


def step(name: str) -> dict:
    return next(s for s in STEPS if s.get("name") == name)


def test_the_hooks_run_real_commands_on_playbook_yaml():
    assert [h["id"] for h in HOOKS] == ["playbook-validate", "playbook-fmt"]
    for hook in HOOKS:
        assert hook["language"] == "python"
        program, command = hook["entry"].split()
        assert program == "playbook" and command in cli.commands
        files = re.compile(hook["files"])
        assert files.search("playbooks/acme/stages.yaml") and files.search("playbooks/templates/x/icp.yml")
        assert not files.search("site_config/brands/acme.yml")


def test_the_workflow_checks_builds_and_diffs_pull_requests():
    assert "pull_request" in WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert WORKFLOW["permissions"]["pull-requests"] == "write"
    assert step("Validate")["run"] == "playbook validate --format github"
    assert step("Check formatting")["run"] == "playbook fmt --check"
    assert step("Build every client")["run"].startswith("playbook build --all")
    diff = step("Diff against the base branch")
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert 'playbook diff "origin/$BASE_REF" HEAD --format markdown' in diff["run"]
    assert step("Check out the pull request")["with"]["fetch-depth"] == 0


def test_the_workflow_updates_one_comment_found_by_its_marker():
    comment = step("Comment on the pull request")
    assert comment["uses"].startswith("actions/github-script@")
    script = comment["with"]["script"]
    assert "<!-- playbook-diff -->" in script
    assert "updateComment" in script and "createComment" in script


def test_the_workflow_scripts_parse(tmp_path):
    for number, run in enumerate(s["run"] for s in STEPS if "run" in s):
        shell = tmp_path / f"step{number}.sh"
        shell.write_text(run)
        subprocess.run(["bash", "-n", str(shell)], check=True)
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = tmp_path / "comment.js"
    body = step("Comment on the pull request")["with"]["script"]
    script.write_text(f"async function run(github, context) {{\n{body}\n}}\n")
    subprocess.run(["node", "--check", str(script)], check=True)
