"""Versioned sites from real git tags, read without touching the working tree."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys

import pytest

from generator.core.limits import MAX_FILE_BYTES
from generator.load.gitsource import checkout, repository
from generator.publish.versions import build_versions
from tests.conftest import FIXED_EPOCH, GIT_ENV, ROOT, git, isolated
from tests.test_brand import write_brand
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
    with isolated(repo):
        site = build_versions(folder, tmp_path_factory.mktemp("out"))
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


def test_every_page_names_its_version_and_loads_the_one_shared_list(versioned):
    _, site, _ = versioned
    page = (site / "1.0.0" / "pipeline" / "discovery.html").read_text()
    data = re.search(r'<script id="pb-versions" type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert json.loads(data.group(1)) == {"current": "1.0.0"}
    assert '<script src="../../versions-list.js">' in page
    script = (site / "versions-list.js").read_text()
    versions = json.loads(script.removeprefix("window.playbookVersions = ").removesuffix(";\n"))
    assert versions["latest"] == "1.1.0"
    assert [v["version"] for v in versions["versions"]] == ["1.1.0", "1.0.0"]
    assert "pipeline/discovery.html" in versions["versions"][0]["pages"]


def test_a_page_does_not_grow_with_the_number_of_versions(versioned):
    _, site, _ = versioned
    # The latest version's page names no other version: no list of versions or of their pages.
    for page in ("pipeline/discovery.html", "pipeline/index.html", "team.html"):
        assert "1.0.0" not in (site / "1.1.0" / page).read_text(), page


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


def tagged(root, *tags: str):
    """A client repository with one commit carrying every tag in `tags`."""
    folder = make_client(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First")
    for tag in tags:
        git(root, "tag", tag)
    return folder


def test_tags_spelling_one_version_differently_are_refused(cli, tmp_path, monkeypatch):
    tagged(tmp_path, "acme/v01.0.0", "acme/v1.0.0", "acme/v1.0.0+build.5")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "--versions")
    assert result.status == 1
    assert result.err.splitlines() == [
        "acme/v1.0.0+build.5:1:1: error: tags `acme/v01.0.0`, `acme/v1.0.0`, `acme/v1.0.0+build.5` all "
        "release version 1.0.0; keep one and delete the others (`git tag -d acme/v01.0.0`) "
        "[version-tag-duplicate]"
    ]
    assert not (tmp_path / "site" / "acme").exists()


def test_versions_are_normalised_and_a_tag_unlike_the_manifest_is_a_warning(cli, tmp_path, monkeypatch):
    tagged(tmp_path, "acme/v01.0.0", "acme/v2.0.0+build.7")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "--versions")
    assert result.status == 0, result.err
    site = tmp_path / "site" / "acme"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["1.0.0", "2.0.0", "latest"]
    warnings = [line for line in result.err.splitlines() if "warning:" in line]
    assert warnings == [
        "acme/v2.0.0+build.7:playbooks/acme/playbook.yaml:11:10: warning: tag `acme/v2.0.0+build.7` "
        "releases version 2.0.0, but the manifest's `version` is 1.0.0 [version-tag-mismatch]"
    ]
    strict = cli("build", "acme", "--versions", "--strict")
    assert strict.status == 1
    assert "error: tag `acme/v2.0.0+build.7` releases version 2.0.0" in strict.err


def branded_release(root, logo: str, favicon: str):
    """A tagged client whose brand (in the working tree, as versions use it) names two assets."""
    folder = tagged(root)
    write_brand(
        root,
        "acme",
        f'name: Acme\nlogo: {logo}\nfavicon: {favicon}\ncolors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n',
    )
    folder.manifest.write_text(folder.manifest.read_text() + "brand: acme\n")
    git(root, "commit", "-qam", "Brand")
    git(root, "tag", "acme/v1.0.0")
    return root / "site_config" / "brands"


def test_versions_refuse_a_brand_file_linked_out_of_the_repository(cli, tmp_path, monkeypatch):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>Outside</title></svg>')
    brands = branded_release(tmp_path, "logo.svg", "logo.svg")
    os.symlink(outside, brands / "logo.svg")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "--versions")
    assert result.status == 1
    assert "`logo.svg` is a link to a file outside the repository [brand-file]" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "site" / "acme").exists()


def test_versions_never_read_a_device_or_a_pipe_in_site_config(tmp_path):
    brands = branded_release(tmp_path, "zero.svg", "pipe.png")
    os.symlink("/dev/zero", brands / "zero.svg")
    os.mkfifo(brands / "pipe.png")

    def bounded() -> None:  # a copy that reads /dev/zero stops at 64 MiB, not at a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024, 64 * 1024 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "acme", "--versions"],
        cwd=tmp_path,
        env={**os.environ, **GIT_ENV, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,  # reading the pipe would wait for ever
        preexec_fn=bounded,
    )
    assert done.returncode == 1, done.stderr
    assert "`zero.svg` is a link to a file outside the repository [brand-file]" in done.stderr
    assert "`pipe.png` does not exist in site_config/brands/ [brand-file]" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_blob_over_the_size_limit_is_never_read_from_git(cli, tmp_path, monkeypatch):
    folder = tagged(tmp_path)
    big = folder.path / "stages.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 1) + b"\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Big")
    git(tmp_path, "tag", "acme/v1.0.0")
    with checkout(repository(folder.path.parent), "acme/v1.0.0", ["acme"]) as playbooks:
        stand_in = playbooks / "acme" / "stages.yaml"
        assert stand_in.stat().st_size == MAX_FILE_BYTES + 4
        assert stand_in.stat().st_blocks * 512 < 1024 * 1024  # sparse: nothing of the blob was written
    monkeypatch.chdir(tmp_path)
    result = cli("build", "acme", "--versions")
    assert result.status == 1
    assert result.err.startswith(
        f"acme/v1.0.0:playbooks/acme/stages.yaml:1:1: error: file is {MAX_FILE_BYTES + 4} bytes"
    )
