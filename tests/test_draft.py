"""Draft builds: a site despite advice and reference errors, marked as a draft on every page, and
never when a file cannot be loaded or typed; a draft is never versioned, exported or skipped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build.inputs import build_key
from generator.build.site_marker import is_draft, is_intact, read_marker
from generator.core.errors import UsageError
from generator.load.sources import find_client
from generator.publish.export import _entries
from generator.publish.preview_build import PreviewBuild
from generator.render.draft import _message
from generator.validate.folder import validate_folder
from tests.conftest import CASES, ROOT

CASE = "tests/cases/reference-unknown"
_TITLE = re.compile(r'<p class="admonition-title">([^<]*)</p>')


def _titles(page: Path) -> list[str]:
    return _TITLE.findall(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import run

    out = tmp_path_factory.mktemp("draft")
    assert run(["build", "--draft", CASE, "-o", str(out)]) == 0
    return out / "reference-unknown"


def test_a_draft_builds_despite_an_unknown_stage(draft_site):
    pages = [p for p in draft_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10
    assert all(_titles(p)[:1] == ["Draft"] for p in pages), "every page is marked as a draft"
    ramp = (draft_site / "ramp" / "ae.html").read_text(encoding="utf-8")
    assert _titles(draft_site / "ramp" / "ae.html") == ["Draft", "Finding on this page"]
    assert '<div class="admonition failure">' in ramp
    assert "unknown stage <code>discovry</code>" in ramp
    # The unknown stage is named, not linked to a page that does not exist.
    assert "discovry.html" not in ramp
    assert _titles(draft_site / "team.html") == ["Draft"]
    health = (draft_site / "health.html").read_text(encoding="utf-8")
    assert "2 of them errors: this site is a draft" in health


def test_the_same_playbook_without_draft_fails(cli, tmp_path):
    result = cli("build", CASE, "-o", str(tmp_path))
    assert result.status == 1
    assert "ramp.yaml:5:18: error: unknown stage `discovry`" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_draft_prints_its_errors_and_says_it_is_a_draft(cli, tmp_path):
    result = cli("build", "--draft", CASE, "-o", str(tmp_path))
    assert result.status == 0
    assert "ramp.yaml:5:18: error: unknown stage `discovry`" in result.err
    assert "Built a draft of reference-unknown" in result.err + result.out


@pytest.mark.parametrize("case", ["yaml-syntax", "schema-type"])
def test_a_file_that_cannot_be_loaded_or_typed_stops_a_draft(cli, tmp_path, case):
    result = cli("build", "--draft", f"tests/cases/{case}", "-o", str(tmp_path))
    assert result.status == 1
    assert "error: " in result.err and f"[{case}]" in result.err
    assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("other", ["--versions", "--strict"])
def test_a_draft_is_never_versioned(cli, tmp_path, other):
    result = cli("build", "--draft", other, CASE, "-o", str(tmp_path))
    assert result.status == 2
    assert "--draft" in result.err


def test_the_marker_records_a_draft_so_no_build_skips_on_it(draft_site):
    assert read_marker(draft_site)["draft"] is True
    assert is_draft(draft_site)
    folder = find_client(CASE, ROOT / "playbooks")
    assert not is_intact(draft_site, build_key(folder))


def test_export_refuses_a_draft_site(draft_site):
    folder = find_client(CASE, ROOT / "playbooks")
    with pytest.raises(UsageError, match="never exported"):
        _entries(folder, validate_folder(folder), draft_site)


def test_a_findings_message_is_escaped():
    shown = _message("unknown stage `<script>x</script>` in [x](javascript:alert(1))")
    assert "<script>" not in shown and "](javascript" not in shown
    assert shown.startswith("unknown stage <code>")


def test_the_preview_builds_a_draft(tmp_path):
    (tmp_path / "work").mkdir()
    build = PreviewBuild(find_client(CASE, ROOT / "playbooks"), tmp_path / "site", tmp_path / "work")
    found = build()
    assert any(d.rule == "reference-unknown" for d in found)
    assert _titles(build.site / "ramp" / "ae.html") == ["Draft", "Finding on this page"]


def test_a_clean_preview_is_not_a_draft(tmp_path):
    (tmp_path / "work").mkdir()
    folder = find_client(str(CASES / "valid-client"), ROOT / "playbooks")
    build = PreviewBuild(folder, tmp_path / "site", tmp_path / "work")
    build()
    assert "Draft" not in _titles(build.site / "index.html")


def test_a_draft_whose_errors_break_a_link_fails_with_its_diagnostics(cli, tmp_path):
    # Its stages name a pipeline's stage the site has no page for: the engine refuses the link.
    result = cli("build", "--draft", "tests/cases/pipelines-or-stages", "-o", str(tmp_path))
    assert result.status == 1
    expected = (CASES / "pipelines-or-stages" / "expected.txt").read_text(encoding="utf-8")
    assert result.err.splitlines()[: len(expected.splitlines())] == expected.splitlines()
    assert "MkDocs" not in result.err and "Traceback" not in result.err
    assert not (tmp_path / "pipelines-or-stages").exists()
