"""`playbook new`: a scaffolded client validates, builds, and is already in canonical form."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from generator.load.yaml_loader import load_yaml
from tests.conftest import ROOT

TODAY = "2026-11-24"  # conftest's SOURCE_DATE_EPOCH
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/json/{}.schema.json\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A client repository holding the real templates, as the current folder."""
    shutil.copytree(ROOT / "playbooks" / "templates", tmp_path / "playbooks" / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def data(path: Path) -> dict:
    return load_yaml(path, path.name).data


@pytest.mark.parametrize("template", ["founder-led", "management-layer"])
def test_a_new_client_validates_and_is_canonical(cli, repo, template):
    result = cli("new", "acme", "--template", template)
    assert result.status == 0, result.err
    assert cli("validate", "playbooks/acme").status == 0
    assert cli("fmt", "--check", "playbooks/acme").status == 0
    # One file per document of the template, each overriding nothing yet.
    names = sorted(p.name for p in (repo / "playbooks" / "acme").iterdir())
    assert names == sorted(p.name for p in (repo / "playbooks" / "templates" / template).glob("*.yaml"))


def test_the_manifest_extends_the_template_with_placeholders_that_validate(cli, repo):
    assert cli("new", "acme-corp", "--template", "founder-led").status == 0
    manifest = data(repo / "playbooks" / "acme-corp" / "playbook.yaml")
    end = (datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=180)).isoformat()
    assert manifest["client"] == {"name": "Acme Corp", "slug": "acme-corp"}
    assert manifest["engagement"]["start"] == TODAY and manifest["engagement"]["end"] == end
    assert manifest["extends"] == "founder-led" and manifest["brand"] == "acme-corp"
    assert manifest["version"] == "0.1.0"
    assert manifest["changelog"] == [
        {"version": "0.1.0", "date": TODAY, "summary": "Playbook started from the founder-led template."}
    ]
    assert data(repo / "playbooks" / "acme-corp" / "stages.yaml") == {"last_reviewed": TODAY}


def test_the_brand_is_a_placeholder_with_the_agreed_keys(cli, repo):
    assert cli("new", "acme", "--template", "founder-led", "--name", "Acme Industries").status == 0
    brand = repo / "site_config" / "brands" / "acme.yml"
    assert data(brand) == {
        "name": "Acme Industries",
        "colors": {"primary": "#3F51B5", "accent": "#C51162"},
        "language": "en",
    }
    assert brand.read_text().startswith(SCHEMA_LINE.format("brand"))


def test_every_file_names_a_json_schema_that_exists_and_accepts_it(cli, repo):
    assert cli("new", "acme", "--template", "founder-led").status == 0
    files = [
        *sorted((repo / "playbooks" / "acme").glob("*.yaml")),
        repo / "site_config" / "brands" / "acme.yml",
    ]
    for path in files:
        first = path.read_text().splitlines()[0]
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), first
        schema = json.loads(target.read_text())
        assert list(jsonschema.Draft7Validator(schema).iter_errors(data(path))) == [], path.name


def test_a_display_name_with_yaml_syntax_is_quoted(cli, repo):
    name = "Acme: #1 in 'widgets'"
    assert cli("new", "acme", "--template", "founder-led", "--name", name).status == 0
    assert data(repo / "playbooks" / "acme" / "playbook.yaml")["client"]["name"] == name
    assert cli("validate", "playbooks/acme").status == 0


def test_an_existing_client_is_never_overwritten(cli, repo):
    assert cli("new", "acme", "--template", "founder-led").status == 0
    manifest = repo / "playbooks" / "acme" / "playbook.yaml"
    manifest.write_text(manifest.read_text() + "# mine\n")
    result = cli("new", "acme", "--template", "management-layer")
    assert result.status == 1
    assert (
        result.err
        == f"error: {Path('playbooks/acme')} already exists; pick another name or remove it first\n"
    )
    assert manifest.read_text().endswith("# mine\n")


def test_an_existing_brand_is_kept(cli, repo):
    brand = repo / "site_config" / "brands" / "acme.yml"
    brand.parent.mkdir(parents=True)
    brand.write_text('name: Acme\ncolors: {primary: "#1F5B45", accent: "#B4531A"}\n')
    result = cli("new", "acme", "--template", "founder-led")
    assert result.status == 0
    assert "acme.yml (kept: it already existed)" in result.err
    assert brand.read_text().startswith("name: Acme\n")


def test_an_unknown_template_names_the_nearest(cli, repo):
    result = cli("new", "acme", "--template", "founder")
    assert result.status == 2
    assert (
        result.err
        == "error: no template named `founder` in playbooks/templates/; did you mean `founder-led`?\n"
    )
    assert not (repo / "playbooks" / "acme").exists()


@pytest.mark.parametrize("client", ["Acme", "acme_corp", "acme-", "templates"])
def test_a_client_name_must_be_an_id_and_not_the_templates_folder(cli, repo, client):
    result = cli("new", client, "--template", "founder-led")
    assert result.status == 2
    assert "must be a lowercase kebab-case ID" in result.err or "folder of templates" in result.err
    assert not (repo / "playbooks" / client).exists() or client == "templates"


def test_the_template_is_required(cli, repo):
    assert cli("new", "acme").status == 2


def test_a_new_client_builds(cli, repo, tmp_path):
    assert cli("new", "acme", "--template", "founder-led").status == 0
    result = cli("build", "acme", "-o", str(tmp_path / "site"))
    assert result.status == 0, result.err
    assert (tmp_path / "site" / "acme" / "index.html").is_file()
