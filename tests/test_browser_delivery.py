"""What the client keeps, in a real browser: its brand, the version switcher, the static index,
and the exported archive opened from disk with no network."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.publish.export import export
from tests.browser import CHROMIUM, check_version_switcher, open_page, recorded_page, search, serve
from tests.conftest import git, isolated
from tests.test_build import make_client
from tests.test_versions import release

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (make browser)")


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory) -> Path:
    """A branded client with two releases, exported and extracted: the folder the client keeps."""
    repo = tmp_path_factory.mktemp("repo")
    folder = make_client(repo)
    brands = repo / "site_config" / "brands"
    brands.mkdir(parents=True)
    (brands / "acme.yml").write_text('name: Acme\ncolors:\n  primary: "#7A1F5B"\n  accent: "#1F5B7A"\n')
    folder.manifest.write_text(folder.manifest.read_text() + "brand: acme\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First")
    git(repo, "tag", "acme/v1.0.0")
    (folder.path / "stages.yaml").write_text("stages:\n  - id: discovery\n    probability: 0.2\n")
    release(repo, folder, "1.1.0", "Discovery tightened")
    with isolated(repo):
        archive = export(folder, tmp_path_factory.mktemp("dist"))
    target = tmp_path_factory.mktemp("kept")
    with zipfile.ZipFile(archive) as z:
        z.extractall(target)
    return target / "acme-playbook-1.1.0" / "site"


def test_the_brand_colour_is_applied_to_the_header(browser, archive_site):
    with recorded_page(browser) as (page, log):
        open_page(page, log, (archive_site / "latest" / "index.html").as_uri())
        colour = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(122, 31, 91)"  # #7A1F5B
        assert not log.problems(archive_site.as_uri())


def test_the_static_index_opens_from_disk_and_links_every_version(browser, archive_site):
    with recorded_page(browser) as (page, log):
        open_page(page, log, (archive_site / "index.html").as_uri())
        links = page.eval_on_selector_all("main a", "els => els.map(a => a.getAttribute('href'))")
        assert {"1.0.0/index.html", "1.1.0/index.html", "latest/index.html"} <= set(links)
        page.click("text=Open the latest")
        assert page.url.endswith("/latest/index.html")
        assert page.title().startswith("Valid Client")


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_version_switcher_keeps_the_reader_on_the_same_page(browser, archive_site, scheme):
    with serve(archive_site) as http_base:
        base = http_base if scheme == "http" else archive_site.as_uri() + "/"
        with recorded_page(browser) as (page, log):
            check_version_switcher(page, log, base)


def test_the_kept_archive_searches_offline(browser, archive_site):
    with recorded_page(browser) as (page, log):
        open_page(page, log, (archive_site / "latest" / "index.html").as_uri())
        hits = search(page, "Discovery")
        assert any(hit.page.endswith("/latest/pipeline/discovery.html") for hit in hits)
        assert not log.problems(archive_site.as_uri())
