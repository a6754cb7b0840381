"""`playbook show --resolved`: the merged playbook, each value followed by the line it came from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.load.sources import find_client
from generator.load.yaml_loader import load_yaml
from generator.resolve.merge import resolve
from generator.schema.schemas import load_schemas
from tests.conftest import CASES

ENTRY = re.compile(r"^\s*(?:- )?(?P<text>[^#]*?)\s+# (?P<file>\S+):(?P<line>\d+)$")
STAGES = """\
stages:
  - id: discovery
    probability: 0.2
  - id: review
    label: Review
    category: administrative
    purpose: Deals parked for a decision.
    owner: ae
    probability: 0.3
"""


@pytest.fixture
def acme(tmp_path, monkeypatch):
    """A client extending the test base template, overriding one stage and adding one."""
    playbooks = tmp_path / "playbooks"
    shutil.copytree(CASES / "templates" / "base", playbooks / "templates" / "base")
    shutil.copytree(CASES / "valid-client", playbooks / "acme")
    (playbooks / "acme" / "expected.txt").unlink()
    manifest = playbooks / "acme" / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("slug: valid-client", "slug: acme"))
    (playbooks / "acme" / "stages.yaml").write_text(STAGES)
    monkeypatch.chdir(tmp_path)
    return playbooks


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def documents(output: str) -> dict[str, str]:
    """The output's YAML documents by name, from their `--- # name.yaml: …` headers."""
    parts = re.split(r"^--- # (\w+)\.yaml: .*\n", output, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_overrides_point_at_the_client_and_the_rest_at_the_template(cli, acme):
    result = cli("show", "acme", "--resolved", "--document", "stages")
    assert result.status == 0, result.err
    base = acme / "templates" / "base" / "stages.yaml"
    lines = result.out.splitlines()
    assert lines[0] == "--- # stages.yaml: Sales process, merged from base → acme"
    assert "    probability: 0.2  # playbooks/acme/stages.yaml:3" in lines
    assert (
        f"    label: Discovery  # playbooks/templates/base/stages.yaml:{line_of(base, 'label: Discovery')}"
        in lines
    )
    assert "  - id: review  # playbooks/acme/stages.yaml:4" in lines
    assert "stages:  # playbooks/acme/stages.yaml:1" in lines


def test_the_output_holds_the_merged_data(cli, acme, tmp_path):
    output = cli("show", "acme").out
    resolved = resolve(find_client("acme", Path("playbooks")), load_schemas()).documents
    shown = documents(output)
    assert list(shown) == ["playbook", "icp", "stages", "ramp", "milestones", "failure_modes"]
    for name, text in shown.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        assert load_yaml(path, path.name).data == resolved[name].data, name


def test_every_comment_names_the_line_that_holds_the_value(cli):
    """On the example playbook: each annotated line's text is on the line its comment names."""
    output = cli("show", "fernhill").out
    checked = 0
    for line in output.splitlines():
        match = ENTRY.match(line)
        if not match or line.startswith("---"):
            continue
        text = match["text"].split(": ")[0].rstrip(":").removesuffix(" |")
        source = Path(match["file"]).read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
        assert text[:30] in source, line
        checked += 1
    assert checked > 500


def test_own_shows_only_what_the_clients_files_hold(cli, acme):
    result = cli("show", "acme", "--own")
    assert result.status == 0
    assert list(documents(result.out)) == ["playbook", "stages"]
    assert "templates/base" not in result.out


def test_a_document_the_client_does_not_hold_is_an_error(cli, acme):
    result = cli("show", "acme", "--own", "--document", "ramp")
    assert result.status == 1
    assert result.err == f"error: the {Path('playbooks/acme')}/ has no `ramp` document\n"


def test_an_unknown_document_or_client_is_a_usage_error(cli, acme):
    assert cli("show", "acme", "--document", "stage").status == 2
    result = cli("show", "acm")
    assert result.status == 2
    assert "did you mean acme" in result.err


def test_a_playbook_that_does_not_load_is_reported_without_output(cli, acme):
    (acme / "acme" / "stages.yaml").write_text("stages: [\n")
    result = cli("show", "acme")
    assert result.status == 1
    assert result.out == ""
    assert "playbooks/acme/stages.yaml:2:1: error: invalid YAML" in result.err
    assert "Traceback" not in result.err
