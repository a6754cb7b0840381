"""Versioned sites from real git tags, read without touching the working tree."""

from __future__ import annotations

import json
import os
import re

import pytest

from generator.publish.versions import build_versions
from tests.conftest import git
from tests.test_build import make_client


def release(repo, folder, version: str, summary: str) -> None:
    manifest = folder.manifest
    text = re.sub(r"^version: .*$", f"version: {version}", manifest.read_text(), count=1, flags=re.MULTILINE)
    entry = f"changelog:\n  - version: {version}\n    date: 2026-02-01\n    summary: {summary}\n"
    text = text.replace("changelog:\n", entry, 1)
    manifest.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"Release {version}")
    git(repo, "tag", f"acme/v{version}")


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    repo = tmp_path_factory.mktemp("repo")
    folder = make_client(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First")
    git(repo, "tag", "acme/v1.0.0")
    (folder.path / "stages.yaml").write_text(
        "stages:\n  - id: discovery\n    probability: 0.2\n    exit_criteria:\n"
        "      - id: owner-named\n        statement: Buyer named the owner of the problem\n"
        "        evidence: Call notes\n        verified_by: buyer\n"
    )
    release(repo, folder, "1.1.0", "Discovery tightened")
    # Unreleased work in the working tree must not reach any version.
    (folder.path / "icp.yaml").write_text(
        "segments:\n  - id: mid-market\n    name: Unreleased Segment Name\n"
    )
    status_before = git(repo, "status", "--porcelain")
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        site = build_versions(folder, tmp_path_factory.mktemp("out"))
    finally:
        os.chdir(cwd)
    return repo, site, status_before


def test_every_release_and_latest_are_built(versioned):
    _, site, _ = versioned
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["1.0.0", "1.1.0", "latest"]
    assert (site / "latest" / "index.html").read_bytes() == (site / "1.1.0" / "index.html").read_bytes()
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_the_working_tree_is_untouched_and_unreleased_work_is_absent(versioned):
    repo, site, status_before = versioned
    assert git(repo, "status", "--porcelain") == status_before
    for page in site.rglob("*.html"):
        assert "Unreleased Segment Name" not in page.read_text()


def test_old_versions_say_they_are_outdated_and_link_the_same_page_in_the_latest(versioned):
    _, site, _ = versioned
    old = (site / "1.0.0" / "pipeline" / "discovery.html").read_text()
    assert "which is outdated" in old
    assert 'href="../../1.1.0/pipeline/discovery.html"' in old
    assert "which is outdated" not in (site / "1.1.0" / "pipeline" / "discovery.html").read_text()


def test_every_page_carries_the_version_list(versioned):
    _, site, _ = versioned
    page = (site / "1.0.0" / "pipeline" / "discovery.html").read_text()
    data = re.search(r'<script id="pb-versions" type="application/json"[^>]*>(.*?)</script>', page, re.S)
    versions = json.loads(data.group(1))
    assert versions["current"] == "1.0.0" and versions["latest"] == "1.1.0"
    assert [v["version"] for v in versions["versions"]] == ["1.1.0", "1.0.0"]
    assert "pipeline/discovery.html" in versions["versions"][0]["pages"]


def test_what_changed_is_told_in_playbook_terms(versioned):
    _, site, _ = versioned
    changes = (site / "1.1.0" / "changes.html").read_text()
    assert "Changes since 1.0.0" in changes
    assert "0.1 → 0.2" in changes
    assert "Buyer named the owner of the problem" in changes
    assert "first released version" in (site / "1.0.0" / "changes.html").read_text()


def test_the_static_index_lists_every_version(versioned):
    _, site, _ = versioned
    index = (site / "index.html").read_text()
    assert 'href="1.0.0/index.html"' in index and 'href="1.1.0/index.html"' in index
    assert 'href="latest/index.html"' in index
    assert "Discovery tightened" in index


def test_no_tags_is_a_usage_error(cli, tmp_path, monkeypatch):
    make_client(tmp_path)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "--versions")
    assert result.status == 2
    assert "no release tags for acme" in result.err
