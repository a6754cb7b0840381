"""Publishing replaces only what the tool built: never sources, never someone else's folder."""

from __future__ import annotations

import json
import os

import pytest

from generator.build.site_marker import MARKER
from tests.test_brand import branded_client
from tests.test_build import make_client, tree


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = make_client(tmp_path)
    (folder.path / "NOTES.txt").write_text("the client's own notes\n")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.mark.parametrize("output", ["playbooks", "playbooks/acme/..", "site_config", "schemas", ".git"])
def test_an_output_overlapping_the_sources_is_refused(cli, project, tmp_path, output):
    (tmp_path / ".git").mkdir()
    before = tree(tmp_path / "playbooks")
    result = cli("build", "acme", "-o", output)
    assert result.status == 1
    [line] = result.err.splitlines()
    assert line.startswith("error: refusing to publish to ")
    assert "choose an --output folder outside the sources, such as site/" in line
    assert tree(tmp_path / "playbooks") == before
    assert not list(tmp_path.rglob(".acme.*"))  # not even a lock file was written


def test_the_brand_folder_is_not_an_output(cli, tmp_path, monkeypatch):
    branded_client(tmp_path, 'name: Acme\ncolors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n')
    logo = tmp_path / "site_config" / "brands" / "acme"
    logo.mkdir()
    (logo / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "-o", "site_config/brands")
    assert result.status == 1
    assert "overlaps the project's site_config/" in result.err
    assert (logo / "logo.svg").is_file()


def test_an_output_holding_the_project_is_refused(cli, tmp_path, monkeypatch):
    folder = make_client(tmp_path / "acme")  # the project folder has the client's name
    monkeypatch.chdir(folder.project_root)
    result = cli("build", "acme", "-o", "..")
    assert result.status == 1
    assert result.err.startswith("error: refusing to publish to ")
    assert "it holds the project" in result.err
    assert folder.manifest.is_file()


def test_a_folder_the_tool_did_not_build_is_never_replaced(cli, project, tmp_path):
    theirs = tmp_path / "out" / "acme"
    theirs.mkdir(parents=True)
    (theirs / "report.docx").write_text("someone's work")
    result = cli("build", "acme", "-o", "out")
    assert result.status == 1
    assert result.err == (
        f"error: refusing to replace out/acme: it was not built by playbook (no readable {MARKER}); "
        "move it away or choose another --output folder\n"
    )
    assert (theirs / "report.docx").read_text() == "someone's work"


def test_an_empty_folder_or_a_site_it_built_is_replaced(cli, project, tmp_path):
    (tmp_path / "out" / "acme").mkdir(parents=True)
    assert cli("build", "acme", "-o", "out").status == 0
    marker = json.loads((tmp_path / "out" / "acme" / MARKER).read_text())
    assert marker["built_by"] == "playbook" and marker["client"] == "acme"
    assert "index.html" in marker["files"]
    assert cli("build", "acme", "-o", "out").status == 0


def test_a_published_path_that_is_a_link_is_refused(cli, project, tmp_path):
    real = tmp_path / "elsewhere" / "acme"
    real.mkdir(parents=True)
    (tmp_path / "out").mkdir()
    os.symlink(real, tmp_path / "out" / "acme")
    result = cli("build", "acme", "-o", "out")
    assert result.status == 1
    assert result.err == (
        "error: refusing to publish to out/acme: it is a symbolic link; remove the link, "
        "or publish into its target with --output elsewhere\n"
    )
    assert (tmp_path / "out" / "acme").is_symlink()
    assert cli("build", "acme", "-o", "elsewhere").status == 0  # into the target, explicitly
    assert (real / "index.html").is_file()
