"""Real builds with the real MkDocs: pages, escaping, reproducibility, atomicity, self-containment."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import mkdocs_engine
from generator.build.selfcontained import external_references
from generator.core.errors import BuildError, InvalidInput
from generator.core.resources import ASSETS
from generator.load.sources import PlaybookFolder
from generator.publish.client import build_client
from tests.conftest import CASES, ROOT, build_example

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) {{ 7*7 }}"


def make_client(root: Path, name: str = "acme", stages: str = "") -> PlaybookFolder:
    """A client playbook extending the test base template, in a fresh playbooks/ folder."""
    playbooks = root / "playbooks"
    shutil.copytree(CASES / "templates" / "base", playbooks / "templates" / "base")
    client = playbooks / name
    shutil.copytree(CASES / "valid-client", client)
    (client / "expected.txt").unlink()
    manifest = client / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("slug: valid-client", f"slug: {name}"))
    if stages:
        (client / "stages.yaml").write_text(stages)
    return PlaybookFolder(client)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class _Dangerous(HTMLParser):
    """Collects what would run: scripts mentioning alert, on* handlers, javascript:/data: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if (
                name in ("href", "src")
                and value
                and value.strip().lower().startswith(("javascript:", "data:"))
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"script: {data[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_the_example_builds_strictly_with_every_section(example_site):
    pages = {p.relative_to(example_site).as_posix() for p in example_site.rglob("*.html")}
    for expected in ["index.html", "team.html", "icp/index.html", "pipeline/index.html", "ramp/index.html",
                     "roadmap.html", "failure-modes/index.html", "print.html", "reference.html"]:  # fmt: skip
        assert expected in pages
    stages = [p for p in pages if p.startswith("pipeline/") and p != "pipeline/index.html"]
    assert len(stages) >= 6
    assert (example_site / "search" / "search_index.js").is_file()


def test_the_example_site_loads_nothing_from_other_hosts(example_site):
    assert external_references(example_site) == []


def test_the_self_containment_check_catches_an_external_asset(tmp_path):
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="https://fonts.example.com/x.css">')
    (tmp_path / "a.css").write_text("body { background: url(//cdn.example.com/bg.png) }")
    assert external_references(tmp_path) == [
        "a.css: //cdn.example.com/bg.png",
        "index.html: https://fonts.example.com/x.css",
    ]


def test_the_self_containment_check_reads_any_case_and_every_url_of_a_tag(tmp_path):
    (tmp_path / "index.html").write_text(
        "<IMG style=\"background: URL( '//a.example.com/bg.png')\" SRC=https://b.example.com/i.png>"
        '<p>a url(//not-fetched) in text is still reported</p><img src="data:image/png;base64,AA">'
    )
    assert external_references(tmp_path) == [
        "index.html: https://b.example.com/i.png",
        "index.html: //a.example.com/bg.png",
        "index.html: //not-fetched",
    ]


def test_the_site_holds_no_absolute_path_of_the_machine(example_site):
    for name, content in tree(example_site).items():
        text = content.decode("utf-8", errors="ignore")
        assert str(ROOT) not in text, name
        assert str(example_site.parent) not in text, name


def test_the_pipeline_diagram_links_every_stage(example_site):
    html = (example_site / "pipeline" / "index.html").read_text()
    diagram = html[html.index('<div class="pb-diagram">') :]
    diagram = diagram[: diagram.index("</svg>")]
    stage_pages = sorted(p.name for p in (example_site / "pipeline").glob("*.html") if p.name != "index.html")
    assert sorted(set(re.findall(r'href="([a-z0-9-]+\.html)"', diagram))) == stage_pages


def test_builds_are_reproducible(tmp_path):
    first = build_example(tmp_path / "one")
    second = build_example(tmp_path / "two")
    assert tree(first) == tree(second)


def test_hostile_content_renders_as_literal_text(tmp_path):
    stages = (
        "stages:\n  - id: discovery\n"
        "    label: '<img src=x onerror=alert(2)> {{ 7*7 }}'\n"
        f"    purpose: {HOSTILE!r}\n"
        "    exit_criteria:\n      - id: pain-confirmed\n"
        f"        statement: {HOSTILE!r}\n"
        f"        evidence: {'{% if true %}tag{% endif %} [y](data:text/html,hi) {: onclick=alert(4)}'!r}\n"
        "        verified_by: buyer\n"
    )
    folder = make_client(tmp_path, stages=stages)
    site = build_client(folder, tmp_path / "site").site
    for page in site.rglob("*.html"):
        parser = _Dangerous()
        parser.feed(page.read_text())
        assert parser.found == [], page
    stage = (site / "pipeline" / "discovery.html").read_text()
    shown = html.unescape(stage)  # the text a reader sees
    assert (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) {{ 7*7 }}" in shown
    )
    assert "{% if true %}tag{% endif %}" in shown


def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path):
    folder = make_client(tmp_path)
    output = tmp_path / "site"
    site = build_client(folder, output).site
    before = tree(site)
    (folder.path / "stages.yaml").write_text("stages:\n  - id: discovery\n    probability: 2\n")
    with pytest.raises(InvalidInput):
        build_client(folder, output)
    assert tree(site) == before
    assert sorted(p.name for p in output.iterdir() if p.suffix != ".lock") == ["acme"]


def test_an_engine_failure_leaves_no_staging_folder(tmp_path, monkeypatch):
    folder = make_client(tmp_path)
    output = tmp_path / "site"
    site = build_client(folder, output).site
    before = tree(site)

    def broken_engine(config_file: Path, site_dir: Path) -> None:
        site_dir.mkdir()
        (site_dir / "index.html").write_text("half")
        raise BuildError("disk full")

    monkeypatch.setattr(mkdocs_engine, "build_site", broken_engine)
    with pytest.raises(BuildError):
        build_client(folder, output)
    assert tree(site) == before
    assert sorted(p.name for p in output.iterdir() if p.suffix != ".lock") == ["acme"]


def test_the_search_shim_is_the_packages_own_and_no_cdn_is_named(tmp_path):
    site = build_client(make_client(tmp_path), tmp_path / "site").site
    shipped = ASSETS / "iframe-worker.js"
    assert (site / "assets" / "iframe-worker.js").read_bytes() == shipped.read_bytes()
    page = (site / "index.html").read_text()
    assert 'src="assets/iframe-worker.js"' in page
    assert "unpkg" not in page and "iframe-worker/shim" not in page


def test_build_command_reports_invalid_input_as_diagnostics(cli, tmp_path):
    result = cli("build", "tests/cases/schema-type", "-o", str(tmp_path))
    assert result.status == 1
    assert result.err.startswith("tests/cases/schema-type/stages.yaml:3:18: error:")
    assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_build_command_names_the_nearest_client(cli, tmp_path):
    result = cli("build", "fernhil", "-o", str(tmp_path))
    assert result.status == 2
    assert "did you mean fernhill" in result.err


def test_strict_build_fails_on_warnings(cli, tmp_path):
    result = cli("build", "--strict", "tests/cases/criterion-seller-activity", "-o", str(tmp_path))
    assert result.status == 1
    assert "[criterion-seller-activity]" in result.err


def test_reference_page_is_generated_from_the_schemas(example_site):
    html = (example_site / "reference.html").read_text()
    assert "stages[].exit_criteria[].verified_by" in html
    assert "**Markdown.**" not in html and "<strong>Markdown.</strong>" in html


def test_the_print_page_is_left_out_of_search(example_site):
    index = (example_site / "search" / "search_index.js").read_text()
    assert '"location":"print.html' not in index
    assert '"location":"pipeline/discovery.html' in index


def test_large_playbooks_collapse_and_prune_the_navigation():
    from generator.model.playbook import build_model
    from generator.render.config import LARGE_SITE_PAGES, client_config
    from generator.validate.brand import neutral_brand
    from generator.validate.folder import validate_folder

    playbook = build_model(validate_folder(make_client_folder()).playbook)
    small = client_config(playbook, neutral_brand("x"), {}, [{"Home": "index.md"}], Path("/tmp/x"))
    big_nav = [{"Pipeline": [f"p{i}.md" for i in range(LARGE_SITE_PAGES + 1)]}]
    big = client_config(playbook, neutral_brand("x"), {}, big_nav, Path("/tmp/x"))
    assert "features" not in small["theme"]
    assert "navigation.prune" in big["theme"]["features"]
    assert "navigation.sections" not in big["theme"]["features"]


def make_client_folder() -> PlaybookFolder:
    return PlaybookFolder(CASES / "valid-client")
