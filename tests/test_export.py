"""`playbook export`: the archive the client keeps — complete, and byte-identical for the same inputs."""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator import DISTRIBUTION, __version__
from generator.core.errors import InvalidInput
from generator.publish.distribution import lock_text, wheel_name
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


def test_archive_entries_have_ordinary_permissions_when_unzipped(tmp_path):
    archive = export(make_client(tmp_path), tmp_path / "dist")
    with zipfile.ZipFile(archive) as z:
        modes = {i.filename: (i.create_system, i.external_attr >> 16) for i in z.infolist()}
    assert {mode for name, mode in modes.items() if name.endswith("/")} == {(3, 0o40755)}
    assert {mode for name, mode in modes.items() if not name.endswith("/")} == {(3, 0o100644)}
    if shutil.which("unzip") is None:
        pytest.skip("unzip is not installed")
    subprocess.run(["unzip", "-q", str(archive), "-d", str(tmp_path / "out")], check=True)
    root = tmp_path / "out" / "acme-playbook-1.0.0"
    assert stat.S_IMODE((root / "HANDOFF.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((root / "playbooks").stat().st_mode) == 0o755


def test_handoff_shows_text_not_html_entities(tmp_path):
    folder = make_client(tmp_path)
    manifest = folder.path / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("name: Valid Client", "name: Smith & Sons <Ltd>"))
    with zipfile.ZipFile(export(folder, tmp_path / "dist")) as z:
        handoff = z.read("acme-playbook-1.0.0/HANDOFF.md").decode()
    assert "# Smith \\& Sons \\<Ltd\\> revenue playbook" in handoff
    assert not re.search(r"&#?\w+;", handoff)


def test_handoff_records_the_tool_its_lock_and_how_to_install_it(tmp_path):
    with zipfile.ZipFile(export(make_client(tmp_path), tmp_path / "dist")) as z:
        root = "acme-playbook-1.0.0/"
        handoff = z.read(root + "HANDOFF.md").decode()
        assert z.read(root + "requirements.lock") == lock_text()
        wheel = z.read(f"{root}wheels/{wheel_name()}")
        entries = z.namelist()
    assert f"{DISTRIBUTION} {__version__}" in handoff
    assert f".venv/bin/pip install --no-deps wheels/{wheel_name()}" in handoff
    assert ".venv/bin/pip install --require-hashes -r requirements.lock" in handoff
    assert root + "schemas/json/stages.schema.json" in entries
    with zipfile.ZipFile(io.BytesIO(wheel)) as tool:
        assert "generator/cli.py" in tool.namelist()
    # Every file besides the site is listed in HANDOFF.md.
    for name in entries:
        inner = name.removeprefix(root)
        if not name.endswith("/") and not inner.startswith("site/") and inner != "HANDOFF.md":
            assert f"- `{inner}`" in handoff


def test_export_leaves_out_dotfiles_git_and_files_it_never_read(tmp_path):
    folder = make_client(tmp_path)
    (folder.path / ".env").write_text("API_KEY=secret\n")
    (folder.path / ".git").mkdir()
    (folder.path / ".git" / "config").write_text("[remote]\n")
    (folder.path / "passwd.txt").symlink_to("/etc/passwd")
    (folder.path / "NOTES.txt").write_text("private notes\n")
    brands = tmp_path / "site_config" / "brands"
    brands.mkdir(parents=True)
    (brands / ".secret.yml").write_text("token: x\n")
    with zipfile.ZipFile(export(folder, tmp_path / "dist")) as z:
        entries = z.namelist()
        content = b"".join(z.read(name) for name in entries if not name.endswith("/"))
    assert not [name for name in entries if "/." in name]
    assert not [name for name in entries if name.endswith(("passwd.txt", "NOTES.txt", ".env"))]
    assert b"API_KEY=secret" not in content and Path("/etc/passwd").read_bytes()[:40] not in content
    assert "acme-playbook-1.0.0/playbooks/acme/playbook.yaml" in entries
    assert "acme-playbook-1.0.0/playbooks/templates/base/stages.yaml" in entries


def test_export_refuses_a_document_that_links_out_of_the_project(tmp_path):
    project = tmp_path / "project"
    folder = make_client(project)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((folder.path.parent / "templates" / "base" / "stages.yaml").read_bytes())
    (folder.path / "stages.yaml").symlink_to(outside)
    with pytest.raises(InvalidInput) as raised:
        export(folder, tmp_path / "dist")
    [diagnostic] = raised.value.diagnostics
    # The loader refuses a document outside the project for every command, before export's own check.
    assert diagnostic.rule == "input-file"
    assert diagnostic.location.file.endswith("playbooks/acme/stages.yaml")
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_export_keeps_the_measured_snapshots_and_leaves_the_raw_exports_out(tmp_path):
    from generator.load.sources import PlaybookFolder
    from generator.publish.client import build_client

    folder = make_client(tmp_path)
    (folder.path / "actuals").mkdir()
    (folder.path / "actuals" / "2026-01-05.yaml").write_text(
        "as_of: 2026-01-05\nclient: acme\nmin_deals: 20\ncurrency: USD\n"
    )
    (folder.path / "exports").mkdir()
    (folder.path / "exports" / "deals.csv").write_text("Id,Amount\nD1,900\n")
    archive = export(folder, tmp_path / "dist")
    entries = names(archive)
    assert "acme-playbook-1.0.0/playbooks/acme/actuals/2026-01-05.yaml" in entries
    assert not [name for name in entries if "exports" in name or name.endswith(".csv")]
    kept = tmp_path / "kept"
    with zipfile.ZipFile(archive) as z:
        z.extractall(kept)
    rebuilt = build_client(
        PlaybookFolder(kept / "acme-playbook-1.0.0" / "playbooks" / "acme"), tmp_path / "again"
    )
    assert (rebuilt.site / "actuals.html").is_file()
