"""`playbook export`: the archive the client keeps — complete, and byte-identical for the same inputs."""

from __future__ import annotations

import zipfile

from generator.publish.export import export
from tests.conftest import git
from tests.test_build import make_client


def names(archive) -> list[str]:
    with zipfile.ZipFile(archive) as z:
        return z.namelist()


def test_export_without_releases_holds_the_site_yaml_schemas_and_handoff(tmp_path):
    folder = make_client(tmp_path)
    archive = export(folder, tmp_path / "dist")
    assert archive.name == "acme-playbook-1.0.0.zip"
    entries = names(archive)
    assert entries == sorted(entries)
    root = "acme-playbook-1.0.0/"
    for expected in ["HANDOFF.md", "site/index.html", "site/pipeline/discovery.html", "site/search/search_index.js",
                     "playbooks/acme/playbook.yaml", "playbooks/templates/base/stages.yaml", "schemas/stages.yaml"]:  # fmt: skip
        assert root + expected in entries
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        handoff = z.read(root + "HANDOFF.md").decode()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert "playbook validate playbooks/acme" in handoff
    assert "| Revenue audit | Head of Sales |" in handoff


def test_the_same_inputs_give_a_byte_identical_archive(tmp_path):
    folder = make_client(tmp_path)
    first = export(folder, tmp_path / "one").read_bytes()
    second = export(folder, tmp_path / "two").read_bytes()
    assert first == second


def test_export_with_releases_holds_every_version(tmp_path, monkeypatch):
    folder = make_client(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "First")
    git(tmp_path, "tag", "acme/v1.0.0")
    monkeypatch.chdir(tmp_path)
    entries = names(export(folder, tmp_path / "dist"))
    assert "acme-playbook-1.0.0/site/index.html" in entries
    assert "acme-playbook-1.0.0/site/1.0.0/pipeline/discovery.html" in entries
    assert "acme-playbook-1.0.0/site/latest/index.html" in entries
