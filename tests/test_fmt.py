"""`playbook fmt`: canonical YAML that keeps comments and never changes the data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.authoring import fmt as fmt_module
from generator.authoring.yaml_format import format_text
from generator.load.yaml_loader import LoadError, load_yaml
from generator.schema.schemas import load_schemas
from tests.conftest import CASES, ROOT

SCHEMAS = load_schemas()
# Documents only: the actuals/ snapshots are written by `playbook actuals`, not formatted.
PLAYBOOK_FILES = sorted(
    p for p in (ROOT / "playbooks").rglob("*.yaml") if p.parent.name != "actuals"
) + sorted((CASES / "templates" / "base").glob("*.yaml"))


def fmt(text: str, document: str | None = "stages") -> str:
    return format_text(text, SCHEMAS.documents[document] if document else None, SCHEMAS)


def load_text(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "doc.yaml").data


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_formatting_keeps_the_data_and_is_idempotent(path, tmp_path):
    try:
        before = load_yaml(path, str(path)).data
    except LoadError:
        pytest.skip("does not load; fmt reports it and leaves it alone")
    once = fmt(path.read_text(encoding="utf-8"), path.stem)
    assert load_text(tmp_path, once) == before
    assert fmt(once, path.stem) == once
    assert [line for line in once.splitlines() if line != line.rstrip()] == []


COMMENTED = """\
# yaml-language-server: $schema=../../schemas/json/stages.schema.json
# header about the file

# Who owns it
owner: head-of-sales  # the owner
review_interval_days: 90

# The stages
stages:
  # first stage
  - id: discovery
    probability: 0.1   # tuned
    # label comes after
    label: "Discovery"
    exit_criteria:
      - verified_by: buyer  # must be buyer
        # the id
        id: pain
    purpose: |
      Literal text
        indented\x20\x20
    # category at end
    category: open
    # trailing comment of the stages list

framework:  # eol framework
  # before name
  name: MEDDIC
meta:
  x: 1
# last comment
"""

COMMENTED_FORMATTED = """\
# yaml-language-server: $schema=../../schemas/json/stages.schema.json
# header about the file

framework:  # eol framework
  # before name
  name: MEDDIC

# The stages
stages:
  # first stage
  - id: discovery
    # label comes after
    label: Discovery
    # category at end
    category: open
    purpose: |
      Literal text
        indented\x20\x20
    probability: 0.1   # tuned
    exit_criteria:
      # the id
      - id: pain
        verified_by: buyer  # must be buyer
    # trailing comment of the stages list
# Who owns it
owner: head-of-sales  # the owner
review_interval_days: 90
meta:
  x: 1
# last comment
"""


def test_keys_follow_the_schema_and_comments_move_with_their_key():
    assert fmt(COMMENTED) == COMMENTED_FORMATTED


def test_unknown_keys_follow_the_known_ones_and_meta_comes_last():
    text = "meta: {a: 1}\nzeta: 1\nstages:\n  - $remove: true\n    extra: 2\n    id: x\nowner: o\nalpha: 2\n"
    assert fmt(text) == (
        "stages:\n  - id: x\n    $remove: true\n    extra: 2\nowner: o\nzeta: 1\nalpha: 2\nmeta: {a: 1}\n"
    )


def test_a_file_that_is_no_document_keeps_its_key_order():
    assert fmt("b: 1\na: 2\n", None) == "b: 1\na: 2\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"123"', "'123'"),
        ('"1.5"', "'1.5'"),
        ("'true'", "'true'"),
        ('"null"', "'null'"),
        ('"~"', "'~'"),
        ('""', "''"),
        ('"0x1F"', "'0x1F'"),
        ('".inf"', "'.inf'"),
        ('"yes"', "'yes'"),  # YAML 1.2 reads it plain as text, but a YAML 1.1 reader as a boolean
        ("'NO'", "'NO'"),
        ('"2026-01-05"', "'2026-01-05'"),  # text to the loader, a date to a YAML 1.1 reader
        ("yes", "yes"),  # written plain, it stays as the file wrote it
        ("2026-01-05", "2026-01-05"),
        ('"plain words"', "plain words"),
        ('"a: b"', "'a: b'"),
        ('"issue#3"', "issue#3"),
        ('"see #3"', "'see #3'"),
        ('"x #y"', "'x #y'"),
        ('"- dash"', "'- dash'"),
        ('"it\'s"', "it's"),
    ],
)
def test_strings_are_quoted_only_where_plain_text_would_mean_something_else(source, expected, tmp_path):
    out = fmt(f"k: {source}\n", None)
    assert out == f"k: {expected}\n"
    assert load_text(tmp_path, out) == load_text(tmp_path, f"k: {source}\n")


def test_numbers_booleans_and_null_keep_their_form():
    text = "a: 0.20\nb: 1\nc: true\nd:\ne: 1e3\n"
    assert fmt(text, None) == text


def test_sequences_are_indented_under_their_key():
    assert fmt("stages:\n- id: a\n  label: A\n", "stages") == "stages:\n  - id: a\n    label: A\n"
    assert fmt("a:\n    b:\n        - 1\n", None) == "a:\n  b:\n    - 1\n"


def test_long_text_wraps_at_the_width_without_trailing_spaces(tmp_path):
    words = " ".join(f"word{i}" for i in range(40))
    out = fmt(f"summary: {words}\nlit: |\n  keep  \n", None)
    lines = out.splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert lines[0].startswith("summary: word0") and lines[1].startswith("  word")
    assert "  keep  " in lines  # block text keeps its spaces
    assert [line for line in lines if line.endswith(" ") and "keep" not in line] == []
    assert load_text(tmp_path, out)["summary"] == words


def test_a_flow_list_too_long_for_its_line_becomes_a_block_list():
    short = "stages:\n  - id: a\n    framework_elements: [metrics, champion]  # kept\n"
    assert fmt(short) == short
    items = ", ".join(f"element-number-{i}" for i in range(8))
    out = fmt(f"stages:\n  - id: a\n    framework_elements: [{items}]  # why\n    label: A\n")
    assert out.startswith(
        "stages:\n  - id: a\n    label: A\n    framework_elements: # why\n      - element-number-0\n"
    )
    assert out.endswith("      - element-number-7\n")


# The command line


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "playbooks" / "acme"
    folder.mkdir(parents=True)
    (folder / "playbook.yaml").write_text("version: 1.0.0\nclient:\n    name: Acme\n    slug: acme\n")
    (folder / "stages.yaml").write_text("stages:\n  - id: a\n    label: A\n")
    monkeypatch.chdir(tmp_path)
    return folder


def test_check_lists_the_files_that_would_change_and_changes_nothing(cli, project):
    before = (project / "playbook.yaml").read_text()
    result = cli("fmt", "--check")
    assert result.status == 1
    assert result.out == f"{Path('playbooks/acme/playbook.yaml')}: would reformat\n"
    assert (project / "playbook.yaml").read_text() == before


def test_fmt_rewrites_in_place_keeping_the_file_mode(cli, project):
    manifest = project / "playbook.yaml"
    manifest.chmod(0o640)
    assert cli("fmt").status == 0
    assert manifest.read_text() == "client:\n  name: Acme\n  slug: acme\nversion: 1.0.0\n"
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o640
    assert sorted(p.name for p in project.iterdir()) == ["playbook.yaml", "stages.yaml"]  # no temp files
    assert cli("fmt", "--check").status == 0


def test_fmt_takes_files_and_folders(cli, project):
    assert cli("fmt", "--check", "playbooks/acme/stages.yaml").status == 0
    assert cli("fmt", "--check", "playbooks/acme").status == 1


def test_a_broken_file_is_reported_and_the_others_are_formatted(cli, project):
    (project / "icp.yaml").write_text("segments: [\n")
    result = cli("fmt")
    assert result.status == 1
    assert f"{Path('playbooks/acme/icp.yaml')}:2:1: error: invalid YAML" in result.err
    assert "Traceback" not in result.err
    assert (project / "playbook.yaml").read_text().startswith("client:")
    assert (project / "icp.yaml").read_text() == "segments: [\n"


def test_a_missing_path_is_a_usage_error(cli, project):
    result = cli("fmt", "nowhere")
    assert result.status == 2
    assert result.err == "error: nowhere: no such file or folder\n"


def test_formatting_that_would_change_the_data_is_refused(cli, project, monkeypatch):
    monkeypatch.setattr(fmt_module, "format_text", lambda text, schema, schemas: "client: {}\n")
    manifest = project / "playbook.yaml"
    before = manifest.read_text()
    result = cli("fmt", str(manifest))
    assert result.status == 1
    assert "error: formatting would change the data" in result.err
    assert manifest.read_text() == before
    assert sorted(os.listdir(project)) == ["playbook.yaml", "stages.yaml"]


def test_windows_line_ends_and_a_byte_order_mark_are_reformatted(cli, project):
    stages = project / "stages.yaml"
    stages.write_bytes(b"\xef\xbb\xbfstages:\r\n  - id: a\r\n    label: A\r\n")
    assert cli("fmt", "--check", str(stages)).status == 1
    assert cli("fmt", str(stages)).status == 0
    assert stages.read_bytes() == b"stages:\n  - id: a\n    label: A\n"
