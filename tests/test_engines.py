"""The engine is one replaceable step: MkDocs by default, Zensical (Material's successor) on request."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator.build.mkdocs_engine import build_site
from generator.build.site_marker import MARKER
from generator.build.zensical_engine import flatten
from generator.publish.client import build_client
from tests.test_build import make_client, tree

ZENSICAL = shutil.which("zensical")


def test_the_flattened_configuration_builds_the_same_site(tmp_path, monkeypatch):
    """Zensical gets one file with INHERIT resolved; MkDocs must build the same bytes from it."""
    import generator.build.site as build_module

    configs = []

    def keep(config_file):
        configs.append(config_file.read_text())
        flat = config_file.with_name("flat.yml")
        flat.write_text(yaml.safe_dump(flatten(config_file)))
        site = yaml.safe_load(flat.read_text())["site_dir"]
        build_site(flat)
        shutil.copytree(site, tmp_path / "from-flat")
        shutil.rmtree(site)
        build_site(config_file)

    monkeypatch.setattr(build_module, "build_site", keep)
    site = build_client(make_client(tmp_path), tmp_path / "site").site
    assert "INHERIT" in configs[0]
    published = tree(site)
    del published[MARKER]  # written by the publish step, after the engine
    assert tree(tmp_path / "from-flat") == published


def test_flatten_merges_mappings_and_replaces_lists(tmp_path):
    (tmp_path / "base.yml").write_text("theme:\n  name: material\n  features: [a, b]\nextra_css: [x.css]\n")
    (tmp_path / "child.yml").write_text("INHERIT: base.yml\ntheme:\n  features: [c]\n  language: de\n")
    assert flatten(tmp_path / "child.yml") == {
        "theme": {"name": "material", "features": ["c"], "language": "de"},
        "extra_css": ["x.css"],
    }


@pytest.mark.skipif(ZENSICAL is not None, reason="zensical is installed: the build test below runs instead")
def test_zensical_missing_is_a_clear_error(cli, tmp_path):
    result = cli("build", "tests/cases/valid-client", "--engine", "zensical", "-o", str(tmp_path))
    assert result.status == 1
    assert "the zensical engine is not installed" in result.err
    assert not (tmp_path / "valid-client").exists()


@pytest.mark.skipif(
    ZENSICAL is None, reason="zensical is not installed (its zensical-ui dependency is not on this registry)"
)
def test_both_engines_build_every_page(tmp_path):
    folder = make_client(tmp_path)
    with_mkdocs = build_client(folder, tmp_path / "mkdocs").site
    with_zensical = build_client(folder, tmp_path / "zensical", engine="zensical").site
    pages = {p.relative_to(with_mkdocs).as_posix() for p in with_mkdocs.rglob("*.html")}
    assert pages <= {p.relative_to(with_zensical).as_posix() for p in with_zensical.rglob("*.html")}
