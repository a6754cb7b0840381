"""`playbook diff`: a real two-commit git repository, folders, golden outputs and exit statuses.

The goldens in tests/golden/diff/ are rewritten with PLAYBOOK_UPDATE_GOLDEN=1 (`make golden`);
review their diff before committing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.core.errors import UsageError
from generator.diff.semantic import Kind, diff_document
from generator.load.gitsource import release_tags
from generator.schema.schemas import load_schemas
from tests.conftest import ROOT, git

GOLDEN = ROOT / "tests" / "golden" / "diff"
UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
NEW_CRITERION = """  - id: commercials
    probability: 0.7
    exit_criteria:
      - id: budget-confirmed
        statement: Economic buyer confirmed budget in writing
        evidence: The buyer's email, attached to the opportunity.
        verified_by: buyer
"""


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once, so a change to the example fails loudly here."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected exactly one {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def swap_blocks(path: Path, first: str, second: str, end: str) -> None:
    """Swap two consecutive list items: `first` up to `second`, and `second` up to `end`."""
    text = path.read_text(encoding="utf-8")
    a, b, c = text.index(first), text.index(second), text.index(end)
    path.write_text(text[:a] + text[b:c].rstrip("\n") + "\n\n" + text[a:b].rstrip("\n") + "\n\n" + text[c:])


def second_revision(playbooks: Path) -> None:
    """The edits of the second commit: one of each kind of change a reviewer must see."""
    client, template = playbooks / "fernhill", playbooks / "templates" / "founder-led"
    edit(client / "stages.yaml", "  - id: commercials\n    probability: 0.7\n", NEW_CRITERION)
    edit(
        client / "stages.yaml",
        "  - id: qualified\n    probability: 0.2\n",
        "  - id: qualified\n    probability: 0.25\n",
    )
    edit(
        client / "stages.yaml",
        "      - Draft the close plan and ask the champion to correct it.\n",
        "      - Draft the close plan and ask the champion to correct it.\n"
        "      - Send the mutual close plan within a day of the economic buyer meeting.\n",
    )
    edit(client / "ramp.yaml", "      - id: d31-60\n", "      - id: d31-60\n        quota_fraction: 0.5\n")
    edit(
        client / "milestones.yaml",
        "      - id: ramp-programme\n        due_day: 84\n        status: in-progress\n",
        "      - id: ramp-programme\n        due_day: 84\n        status: done\n",
    )
    text = (client / "failure_modes.yaml").read_text(encoding="utf-8")
    start, end = (
        text.index("  - id: telematics-access-stall\n"),
        text.index("  - id: founder-stays-the-closer\n"),
    )
    (client / "failure_modes.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    manifest = client / "playbook.yaml"
    text = re.sub(r"(?m)^version: .*$", "version: 9.0.0", manifest.read_text(encoding="utf-8"))
    entry = "  - version: 9.0.0\n    date: 2026-11-24\n    summary: Budget confirmed before Commercials.\n"
    manifest.write_text(text.replace("changelog:\n", "changelog:\n" + entry, 1), encoding="utf-8")
    swap_blocks(
        template / "stages.yaml", "  - id: closed-lost\n", "  - id: disqualified\n", "closed_lost_reasons:"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with two commits (tagged fernhill/v1.0.0 and v1.1.0) and a branch that breaks."""
    root = tmp_path_factory.mktemp("repo")
    playbooks = root / "playbooks"
    shutil.copytree(ROOT / "playbooks" / "templates" / "founder-led", playbooks / "templates" / "founder-led")
    shutil.copytree(ROOT / "playbooks" / "fernhill", playbooks / "fernhill")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Fernhill 1.0.0")
    git(root, "tag", "fernhill/v1.0.0")
    shutil.copytree(playbooks, root.parent / f"{root.name}-old" / "playbooks")
    second_revision(playbooks)
    git(root, "commit", "-q", "-am", "Fernhill 1.1.0")
    git(root, "tag", "fernhill/v1.1.0")
    git(root, "checkout", "-q", "-b", "broken")
    (playbooks / "fernhill" / "stages.yaml").write_text("stages: [\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Broken YAML")
    git(root, "checkout", "-q", "main")
    return root


@pytest.fixture
def in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo)
    return repo


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "golden"), [("text", "revisions.txt"), ("markdown", "revisions.md"), ("json", "revisions.json")]
)
def test_two_revisions_match_the_goldens(cli, in_repo, fmt, golden):
    result = cli("diff", "HEAD~1", "HEAD", "--format", fmt)
    assert result.status == 1
    assert "Traceback" not in result.err
    check_golden(golden, result.out)


def test_the_changes_are_phrased_in_playbook_terms(cli, in_repo):
    lines = cli("diff", "HEAD~1", "HEAD", "fernhill").out.splitlines()
    expected = [
        "fernhill: stages.yaml: stage `qualified`: probability 0.2 → 0.25 [pipeline/qualified.md]",
        "fernhill: stages.yaml: stage `commercials`: exit criterion `budget-confirmed` added — "
        "“Economic buyer confirmed budget in writing” [pipeline/commercials.md]",
        "fernhill: ramp.yaml: ramp `ae`, period `d31-60`: quota 0.25 → 0.5 [ramp/ae.md]",
        "fernhill: milestones.yaml: milestone `ramp-programme`: status in-progress → done [roadmap.md]",
    ]
    for line in expected:
        assert line in lines
    assert any(
        re.fullmatch(r"fernhill: playbook.yaml: version \S+ → 9.0.0 \[index.md\]", line) for line in lines
    )
    assert any("failure mode `telematics-access-stall` removed" in line for line in lines)
    assert any("stages reordered — " in line and "[pipeline/index.md]" in line for line in lines)
    assert any("activity added — “Send the mutual close plan" in line for line in lines)


def test_folders_give_the_same_diff_as_revisions(cli, repo, monkeypatch):
    monkeypatch.chdir(repo.parent)
    result = cli("diff", f"{repo.name}-old", repo.name)
    assert result.status == 1
    assert result.out == (GOLDEN / "revisions.txt").read_text(encoding="utf-8")


def test_tags_name_revisions(cli, in_repo):
    assert cli("diff", "fernhill/v1.0.0", "fernhill/v1.1.0").out == cli("diff", "HEAD~1", "HEAD").out


def test_one_playbook_against_a_revision(cli, in_repo):
    golden = (GOLDEN / "revisions.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    result = cli("diff", "HEAD~1", "playbooks/fernhill")
    assert result.status == 1
    assert result.out == "".join(line for line in golden if line.startswith("fernhill: "))


@pytest.mark.parametrize(
    "args",
    [
        ("HEAD~1", "HEAD", "templates/founder-led"),
        ("HEAD~1:templates/founder-led", "HEAD:templates/founder-led"),
        ("HEAD~1:playbooks/templates/founder-led", "playbooks/templates/founder-led"),
    ],
)
def test_what_changed_in_the_template(cli, in_repo, args):
    golden = (GOLDEN / "revisions.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    result = cli("diff", *args)
    assert result.out == "".join(line for line in golden if line.startswith("templates/founder-led: "))
    assert result.out.startswith("templates/founder-led: stages.yaml: stages reordered — ")


def test_a_client_against_its_template_leaves_out_who_the_client_is(cli, in_repo):
    result = cli("diff", "playbooks/templates/founder-led", "playbooks/fernhill")
    assert result.status == 1
    lines = result.out.splitlines()
    assert all(line.startswith("templates/founder-led → fernhill: ") for line in lines)
    manifest = [line.split(": ", 2)[2] for line in lines if ": playbook.yaml: " in line]
    assert not [
        m for m in manifest if m.startswith(("client", "engagement", "version", "changelog", "brand"))
    ]
    assert "role `implementation-lead` added — “Implementation Lead” [team.md]" in manifest
    assert not any("stage `qualified`: probability" in line for line in lines)  # 0.25 in both


@pytest.mark.parametrize("args", [("HEAD", "HEAD"), ("HEAD~1", "HEAD~1", "fernhill"), ("HEAD", ".")])
def test_equal_revisions_exit_0_with_no_changes(cli, in_repo, args):
    result = cli("diff", *args)
    assert (result.status, result.out, result.err) == (0, "", "No changes.\n")
    markdown = cli("diff", *args, "--format", "markdown")
    assert markdown.status == 0
    assert markdown.out.endswith("\n\nNo changes.\n")


def test_reading_revisions_leaves_the_work_tree_index_and_temp_folder_alone(
    cli, in_repo, tmp_path, monkeypatch
):
    (in_repo / "playbooks" / "fernhill" / "icp.yaml").write_text("segments: []\n", encoding="utf-8")
    git(in_repo, "add", "playbooks/fernhill/icp.yaml")
    before = git(in_repo, "status", "--porcelain")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    try:
        assert cli("diff", "HEAD~1", "HEAD").status == 1
        assert git(in_repo, "status", "--porcelain") == before
        assert list(tmp_path.iterdir()) == []
    finally:
        git(in_repo, "reset", "-q", "--hard")


def test_a_revision_that_fails_to_load_gives_diagnostics_not_a_traceback(cli, in_repo):
    result = cli("diff", "HEAD", "broken")
    assert result.status == 1
    assert result.out == ""
    assert result.err.startswith("broken:playbooks/fernhill/stages.yaml:")
    assert "[yaml-" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("nope", "HEAD"),
            "`nope` is neither a folder nor a revision: git ls-tree: Not a valid object name nope",
        ),
        (("HEAD", "HEAD", "fernhil"), "no playbook `fernhil` in HEAD or HEAD; did you mean `fernhill`?"),
        (("HEAD:acme", "HEAD"), "HEAD: no playbook `acme` in playbooks/"),
        (
            ("playbooks/fernhill", "HEAD", "fernhill"),
            "CLIENT applies when OLD and NEW hold several playbooks",
        ),
        (("HEAD", "HEAD", "--format", "xml"), "Invalid value for '--format'"),
        (("HEAD",), "Missing argument 'NEW'"),
    ],
)
def test_wrong_usage_exits_2(cli, in_repo, args, message):
    result = cli("diff", *args)
    assert result.status == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_revision_outside_a_repository_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("diff", "HEAD~1", "HEAD")
    assert result.status == 2
    assert "not a git repository" in result.err


def test_release_tags_are_sorted_by_semver(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "start")
    for tag in ["fernhill/v1.10.0", "fernhill/v1.2.0", "fernhill/v1.2.0-rc.2", "fernhill/v1.2.0-rc.10"]:
        git(tmp_path, "tag", tag)
    for other in ["fernhill/vnext", "acme/v0.1.0", "fernhill-old/v1.0.0"]:
        git(tmp_path, "tag", other)
    assert release_tags(tmp_path, "fernhill") == [
        ("fernhill/v1.2.0-rc.2", "1.2.0-rc.2"),
        ("fernhill/v1.2.0-rc.10", "1.2.0-rc.10"),
        ("fernhill/v1.2.0", "1.2.0"),
        ("fernhill/v1.10.0", "1.10.0"),
    ]
    with pytest.raises(UsageError, match="not a git repository"):
        release_tags(Path(tempfile.mkdtemp(dir=tmp_path.parent)), "fernhill")


STAGE = {"label": "S", "category": "open", "purpose": "p", "owner": "ae", "probability": 0.1}


def test_keyed_items_match_by_key_not_by_position():
    old = {"stages": [{"id": "a", **STAGE}, {"id": "b", **STAGE}]}
    new = {"stages": [{"id": "b", **STAGE, "probability": 0.2}, {"id": "a", **STAGE}]}
    changes = diff_document(load_schemas(), "stages", old, new)
    assert [(c.kind, c.path, c.old, c.new) for c in changes] == [
        (Kind.REORDERED, "stages", ["a", "b"], ["b", "a"]),
        (Kind.CHANGED, "stages[b].probability", 0.1, 0.2),
    ]
    assert changes[1].where == "stage b › probability"
    assert changes[1].page == "pipeline/b.md"


def test_lists_without_a_key_compare_as_values():
    old = {"stages": [{"id": "a", **STAGE, "activities": ["call", "email", "call"]}]}
    new = {"stages": [{"id": "a", **STAGE, "activities": ["email", "call", "demo"]}]}
    changes = diff_document(load_schemas(), "stages", old, new)
    assert [(c.kind, c.old, c.new, c.message) for c in changes] == [
        (Kind.REMOVED, "call", None, "stage `a`: activity removed — “call”"),
        (Kind.ADDED, None, "demo", "stage `a`: activity added — “demo”"),
    ]


def test_duplicate_keys_fall_back_to_values_instead_of_guessing():
    old = {"stages": [{"id": "a", **STAGE}, {"id": "a", **STAGE}]}
    new = {"stages": [{"id": "a", **STAGE}]}
    (change,) = diff_document(load_schemas(), "stages", old, new)
    assert (change.kind, change.path, change.old) == (Kind.REMOVED, "stages", {"id": "a", **STAGE})


def test_the_api_serves_a_what_changed_page_from_anywhere(repo):
    from generator.diff.inputs import diff_inputs

    tags = release_tags(repo, "fernhill")
    assert tags == [("fernhill/v1.0.0", "1.0.0"), ("fernhill/v1.1.0", "1.1.0")]
    report = diff_inputs(tags[0][0], tags[1][0], repo / "playbooks", "fernhill")
    (playbook,) = report.playbooks
    assert (playbook.name, playbook.old, playbook.new) == (
        "fernhill",
        "fernhill/v1.0.0:playbooks/fernhill",
        "fernhill/v1.1.0:playbooks/fernhill",
    )
    assert list(playbook.documents()["stages"]) == [
        "stages",
        "stage `qualified`",
        "stage `solution-validation`",
        "stage `commercials`",
    ]
    assert ("failure-modes/telematics-access-stall.md", Kind.REMOVED) in [
        (p.path, p.kind) for p in playbook.pages()
    ]


def test_a_playbook_only_on_one_side_is_added_or_removed(cli, repo, tmp_path, monkeypatch):
    new = tmp_path / "new" / "playbooks"
    shutil.copytree(repo / "playbooks", new)
    shutil.copytree(new / "fernhill", new / "acme")
    monkeypatch.chdir(tmp_path)
    result = cli("diff", str(repo), "new", "--format", "markdown")
    assert result.status == 1
    assert "### acme\n\nPlaybook added (`new/playbooks/acme`).\n" in result.out
    assert "\n\nPlaybook `acme` added.\n\n" in result.out
    assert cli("diff", "new", str(repo)).out == "acme: playbook removed\n"


def test_group_members_conditions_steps_and_framework_read_in_playbook_terms():
    member = {"statement": "The buyer ran the trial", "verified_by": "buyer"}
    group = {
        "id": "proof",
        "statement": "Proof",
        "any_of": [{"id": "trial", **member}, {"id": "poc", **member}],
    }
    old = {"stages": [{"id": "a", **STAGE, "exit_criteria": [group], "framework": {"works_on": ["pain"]}}]}
    grown = {**group, "any_of": [*group["any_of"], {"id": "ref", **member, "statement": "A reference call"}]}
    grown["applies_when"] = {"deal_size_at_least": 50000}
    new = {
        "stages": [
            {"id": "a", **STAGE, "exit_criteria": [grown], "framework": {"works_on": ["pain", "metrics"]}}
        ],
        "steps": [{"id": "security", "name": "Security review", "alongside": ["a"]}],
    }
    messages = [c.message for c in diff_document(load_schemas(), "stages", old, new)]
    assert messages == [
        "stage `a`, exit criterion `proof`: alternative `ref` added — “A reference call”",
        "stage `a`, exit criterion `proof`: applies when deal size at least added — 50000",
        "stage `a`: element worked on added — metrics",
        "process step `security` added — “Security review”",
    ]
