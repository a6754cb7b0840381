"""The example built with Zensical, in Debian's Chromium: self-contained, searchable from disk and
over http, and in the brand's colours, as the MkDocs build is (tests/test_browser.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.build.zensical_engine import ZENSICAL
from generator.publish.versions import build_versions
from generator.validate.colors import parse_hex
from tests.browser import (
    CHROMIUM,
    check_version_switcher,
    load_alone,
    open_page,
    recorded_page,
    settle,
    zensical_search,
)
from tests.conftest import FIXED_EPOCH, build_example, git
from tests.test_browser import site_pages
from tests.test_build import make_client
from tests.test_versions import release

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (make browser)"),
    pytest.mark.skipif(
        importlib.util.find_spec("zensical") is None,
        reason="zensical is not installed: pip install -e .[test]",
    ),
]
BRAND_PRIMARY = "#1F5B45"  # site_config/brands/fernhill.yml
STAGE = ("Solution validation", "pipeline/solution-validation.html")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("zensical"), strict=True, engine=ZENSICAL)


@pytest.fixture(scope="module")
def browsed_site(zensical_site: Path) -> Path:
    return zensical_site


def test_every_page_loads_clean_and_requests_nothing_foreign(
    browser: Browser, zensical_site: Path, base: str
):
    pages = site_pages(zensical_site, base)
    assert len(pages) > 20
    problems: dict[str, object] = {}
    with recorded_page(browser) as (page, log):
        for rel in pages:
            if found := load_alone(page, log, base + rel, base):
                problems[rel] = found
    assert problems == {}


def test_search_finds_a_stage_page(browser: Browser, base: str):
    label, target = STAGE
    with recorded_page(browser) as (page, log):
        open_page(page, log, base + "index.html")
        hits = zensical_search(page, label)
        assert hits, f"no search results for {label!r}"
        assert hits[0].page == base + target, hits
        assert hits[0].title == label
        page.locator("dialog[open] ol[role=listbox] a[role=option]").first.click()
        page.wait_for_url(base + target + "*")
        settle(page, log)
        assert page.locator("h1").first.inner_text().startswith(label)
        assert log.problems(base) == {} and log.blocked == []


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_brand_colour_is_on_the_header_with_both_engines(
    browser: Browser, example_site: Path, zensical_site: Path, engine: str
):
    site = zensical_site if engine == "zensical" else example_site
    with recorded_page(browser) as (page, log):
        open_page(page, log, (site / "index.html").as_uri())
        colour = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb({}, {}, {})".format(*parse_hex(BRAND_PRIMARY))
        assert log.problems(site.as_uri()) == {}


@pytest.fixture(scope="module")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A client with two releases, every version built with Zensical."""
    repo = tmp_path_factory.mktemp("repo")
    folder = make_client(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First")
    git(repo, "tag", "acme/v1.0.0")
    (folder.path / "stages.yaml").write_text("stages:\n  - id: discovery\n    probability: 0.2\n")
    release(repo, folder, "1.1.0", "Discovery tightened")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        return build_versions(folder, tmp_path_factory.mktemp("out"), engine=ZENSICAL)


def test_the_version_switcher_and_outdated_banner_work_with_zensical(browser: Browser, versioned_site: Path):
    base = versioned_site.as_uri() + "/"
    with recorded_page(browser) as (page, log):
        check_version_switcher(page, log, base)
