"""Projects live anywhere: `playbook init`, the root found upward, built-in and project templates."""

from __future__ import annotations

import shutil

import yaml

from generator import DISTRIBUTION, __version__
from generator.core.project import PROJECT_FILE, find_project
from generator.core.resources import BUILTIN_TEMPLATES, SCHEMA_DIR
from tests.conftest import ROOT, isolated


def test_init_writes_a_project_and_keeps_what_exists(cli, tmp_path):
    target = tmp_path / "acme-revenue"
    first = cli("init", str(target))
    assert first.status == 0, first.err
    for name in (PROJECT_FILE, "playbooks/.gitkeep", "site_config/brands/.gitkeep", "site_config/mkdocs.yml"):
        assert (target / name).is_file(), name
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text())
    pins = {
        dep for repo in hooks["repos"] for hook in repo["hooks"] for dep in hook["additional_dependencies"]
    }
    assert pins == {f"{DISTRIBUTION}=={__version__}"}
    assert (target / ".github" / "workflows" / "playbook.yml").is_file()
    (target / ".gitignore").write_text("mine\n")
    again = cli("init", str(target))
    assert again.status == 0
    assert ".gitignore (kept: it already existed)" in again.err
    assert (target / ".gitignore").read_text() == "mine\n"


def test_the_root_is_found_upward_from_any_subfolder(cli, tmp_path):
    cli("init", str(tmp_path))
    deep = tmp_path / "playbooks" / "notes" / "deeper"
    deep.mkdir(parents=True)
    assert find_project(deep).root == tmp_path.resolve()
    with isolated(deep):
        made = cli("new", "acme", "--template", "founder-led")
        assert made.status == 0, made.err
        assert (tmp_path / "playbooks" / "acme" / "playbook.yaml").is_file()
        checked = cli("validate")
        assert checked.status == 0, checked.err


def test_dash_c_names_the_project(cli, tmp_path):
    cli("init", str(tmp_path))
    assert cli("-C", str(tmp_path), "new", "acme", "--template", "founder-led").status == 0
    built = cli("-C", str(tmp_path), "build", "acme")
    assert built.status == 0, built.err
    assert (tmp_path / "site" / "acme" / "index.html").is_file()


def test_outside_a_project_is_a_clear_usage_error(cli, tmp_path):
    with isolated(tmp_path):
        result = cli("build", "--all")
        assert result.status == 2
        assert result.err.startswith("error: ") and "not inside a playbook project" in result.err
        assert "Traceback" not in result.err
        assert cli("validate").status == 2


def test_a_project_template_overrides_the_built_in_one(cli, tmp_path):
    cli("init", str(tmp_path))
    own = tmp_path / "playbooks" / "templates" / "founder-led"
    shutil.copytree(BUILTIN_TEMPLATES / "founder-led", own)
    manifest = own / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("Founder-led", "Our own founder-led", 1))
    assert cli("-C", str(tmp_path), "new", "acme", "--template", "founder-led").status == 0
    shown = cli("-C", str(tmp_path), "show", "acme", "--document", "playbook")
    assert shown.status == 0, shown.err
    assert "playbooks/templates/founder-led/playbook.yaml" in shown.out


def test_the_package_reads_the_repository_files_it_ships():
    # In a checkout generator/data/ links to the top-level folders; a wheel holds copies.
    assert SCHEMA_DIR.resolve() == (ROOT / "schemas").resolve()
    assert BUILTIN_TEMPLATES.resolve() == (ROOT / "playbooks" / "templates").resolve()


def test_site_overrides_reach_every_site_and_cannot_take_what_the_tool_decides(cli, tmp_path):
    cli("init", str(tmp_path))
    assert cli("-C", str(tmp_path), "new", "acme", "--template", "founder-led").status == 0
    overrides = tmp_path / "site_config" / "mkdocs.yml"
    overrides.write_text("theme:\n  features: [navigation.tabs]\n")
    assert cli("-C", str(tmp_path), "build", "acme").status == 0
    assert "md-tabs" in (tmp_path / "site" / "acme" / "index.html").read_text()
    overrides.write_text("site_name: ours\nplugins: []\n")
    result = cli("-C", str(tmp_path), "validate")
    assert result.status == 1
    assert result.out == (
        "site_config/mkdocs.yml:2:1: error: `plugins` is set by the tool for every site and cannot "
        "be overridden here [site-overrides]\n"
    )
