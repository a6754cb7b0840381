"""The engine is one replaceable step: MkDocs by default, Zensical (Material's successor) on request.

Every build path takes the engine chosen at the command line: one client, `--all` and `--versions`.
Zensical is a test dependency (`pip install -e .[test]`); without it its tests are skipped.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
import yaml

from generator.build import mkdocs_engine
from generator.build.engines import ENGINES
from generator.build.site_marker import MARKER
from generator.build.zensical_engine import ZENSICAL, _problems, flatten
from generator.core.errors import BuildError
from generator.core.resources import BASE_CONFIG
from generator.load.sources import find_client
from generator.publish.client import build_client
from tests.conftest import git
from tests.test_build import make_client, tree
from tests.test_fleet import make_repo

INSTALLED = importlib.util.find_spec("zensical") is not None
needs_zensical = pytest.mark.skipif(not INSTALLED, reason="zensical is not installed: pip install -e .[test]")
EXAMPLES = ["fernhill", "kestrel", "copperline"]
# Where each engine puts its search index: Zensical at the site root (search.js for file://).
ZENSICAL_MARKER = "search.json"
MKDOCS_MARKER = "search/search_index.json"


def built_by(page):
    """The engine a page names in its generator tag: `zensical-0.0.73`, `mkdocs-1.6.1, …`."""
    return re.search(r'<meta name="generator" content="([^"]+)"', page.read_text()).group(1)


def test_the_engines_are_the_command_line_choices(cli):
    assert sorted(ENGINES) == ["mkdocs", "zensical"]
    result = cli("build", "fernhill", "--engine", "hugo")
    assert result.status == 2
    assert "'mkdocs', 'zensical'" in result.err


def test_the_flattened_configuration_builds_the_same_site(tmp_path, monkeypatch):
    """Zensical gets one file with INHERIT resolved; MkDocs must build the same bytes from it."""
    real = mkdocs_engine.build_site
    configs = []

    def keep(config_file, site_dir):
        configs.append(config_file.read_text())
        flat = config_file.with_name("flat.yml")
        flat.write_text(yaml.safe_dump(flatten(config_file)))
        real(flat, tmp_path / "from-flat")
        real(config_file, site_dir)

    monkeypatch.setattr(mkdocs_engine, "build_site", keep)
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


def test_zensical_warnings_are_reported_with_their_place():
    report = (
        "Build started\n\x1b[33mWarning:\x1b[0m anchor does not exist\n"
        "    ╭─[ team.md:12:40 ]\n    │\n 12 │ | [Head](#role-head) |\n"
        "Traceback (most recent call last):\nRuntimeError: Aborted because --strict flag is set\n"
    )
    assert _problems(report) == ["anchor does not exist (team.md:12:40)"]
    assert _problems("Error: site_dir must be within project root\n") == [
        "site_dir must be within project root"
    ]


@pytest.mark.skipif(INSTALLED, reason="zensical is installed: the build tests below run instead")
def test_zensical_missing_is_a_clear_error(cli, tmp_path):
    result = cli("build", "tests/cases/valid-client", "--engine", "zensical", "-o", str(tmp_path))
    assert result.status == 1
    assert "the zensical engine is not installed" in result.err
    assert not (tmp_path / "valid-client").exists()


@needs_zensical
def test_both_engines_build_every_page(tmp_path):
    folder = make_client(tmp_path)
    with_mkdocs = build_client(folder, tmp_path / "mkdocs").site
    with_zensical = build_client(folder, tmp_path / "zensical", engine=ZENSICAL).site
    pages = {p.relative_to(with_mkdocs).as_posix() for p in with_mkdocs.rglob("*.html")}
    assert pages <= {p.relative_to(with_zensical).as_posix() for p in with_zensical.rglob("*.html")}
    assert (with_zensical / ZENSICAL_MARKER).is_file()
    assert not (with_zensical / MKDOCS_MARKER).exists()


@pytest.mark.parametrize("engine", ["mkdocs", pytest.param("zensical", marks=needs_zensical)])
@pytest.mark.parametrize("client", EXAMPLES)
def test_every_example_builds_with_both_engines_strict(client, engine, tmp_path):
    """Both engines build strictly (any engine warning, such as a missing anchor, fails the build);
    the playbooks too, but for copperline, which trips every health warning on purpose."""
    site = build_client(
        find_client(client), tmp_path, strict=client != "copperline", engine=ENGINES[engine]
    ).site
    assert (site / (ZENSICAL_MARKER if engine == "zensical" else MKDOCS_MARKER)).is_file()
    assert built_by(site / "index.html").startswith(engine)
    assert re.search(r'href="(\./)?assets/brand/brand\.css"', (site / "index.html").read_text())
    assert "--md-primary-fg-color:" in (site / "assets" / "brand" / "brand.css").read_text()


@needs_zensical
def test_zensical_builds_the_same_bytes_twice(tmp_path):
    folder = make_client(tmp_path)
    first = tree(build_client(folder, tmp_path / "one", engine=ZENSICAL).site)
    assert tree(build_client(folder, tmp_path / "two", engine=ZENSICAL).site) == first


@needs_zensical
def test_versions_honour_the_engine(cli, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    make_client(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First")
    git(repo, "tag", "acme/v1.0.0")
    monkeypatch.chdir(repo)
    result = cli("build", "acme", "--versions", "--engine", "zensical", "-o", str(tmp_path / "out"))
    assert result.status == 0, result.err
    built = tmp_path / "out" / "acme" / "1.0.0"
    assert built_by(built / "index.html") == "zensical-0.0.73"
    assert (built / ZENSICAL_MARKER).is_file()
    assert not (built / MKDOCS_MARKER).exists()
    assert 'id="pb-versions"' in (built / "index.html").read_text()  # the switcher's data


@needs_zensical
def test_all_honours_the_engine_and_rebuilds_when_it_changes(cli, tmp_path, monkeypatch):
    make_repo(tmp_path, {"alpha": "Alpha", "bravo": "Bravo"})
    monkeypatch.chdir(tmp_path)
    assert cli("build", "--all", "-j", "1").status == 0
    assert (tmp_path / "site" / "alpha" / MKDOCS_MARKER).is_file()
    result = cli("build", "--all", "-j", "1", "--engine", "zensical")
    assert result.status == 0, result.err
    assert result.err.splitlines()[-1] == "Built 2, skipped 0 unchanged, failed 0."
    for client in ("alpha", "bravo"):
        assert built_by(tmp_path / "site" / client / "index.html") == "zensical-0.0.73"
        assert (tmp_path / "site" / client / ZENSICAL_MARKER).is_file()
        assert not (tmp_path / "site" / client / MKDOCS_MARKER).exists()
    again = cli("build", "--all", "--engine", "zensical")
    assert again.err.splitlines()[-1] == "Built 0, skipped 2 unchanged, failed 0."


@needs_zensical
def test_a_zensical_warning_fails_the_build_and_says_where(tmp_path):
    """Zensical checks anchors in raw HTML too (MkDocs, set to `anchors: info`, lets them pass):
    a Markdown field linking to an ID no page has fails the build, naming the page."""
    folder = make_client(tmp_path)
    folder.manifest.write_text(
        folder.manifest.read_text().replace(
            "  slug: acme\n", "  slug: acme\n  description: See [the plan](#no-such-part).\n"
        )
    )
    build_client(folder, tmp_path / "mkdocs")
    missing = r"anchor does not exist \({}\.md:\d+:\d+\)"
    with pytest.raises(
        BuildError, match=f"^Zensical failed: {missing.format('index')}; {missing.format('print')}$"
    ):
        build_client(folder, tmp_path / "zensical", engine=ZENSICAL)
    assert not (tmp_path / "zensical" / "acme").exists()


@pytest.mark.parametrize("engine", ["mkdocs", pytest.param("zensical", marks=needs_zensical)])
def test_a_link_to_a_missing_anchor_fails_either_engine(engine, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home {#home}\n\n[Back](#home) and [away](#nowhere)\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {BASE_CONFIG}\nsite_name: Anchors\ndocs_dir: docs\n")
    with pytest.raises(
        BuildError, match="nowhere" if engine == "mkdocs" else r"anchor does not exist \(index\.md"
    ):
        ENGINES[engine].build(config, tmp_path / "site")
    (tmp_path / "docs" / "index.md").write_text("# Home {#home}\n\n[Back](#home)\n")
    ENGINES[engine].build(config, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()
