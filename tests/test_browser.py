"""The built example site in a real browser (Debian's Chromium), over http://127.0.0.1 and from file://.

Skipped only when /usr/bin/chromium is missing (`make browser` installs it; CI always has it).
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import (
    CHROMIUM,
    NOT_LOCAL,
    is_local,
    load_alone,
    open_page,
    recorded_page,
    search,
    settle,
)

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium (make browser)"
)

# The sections the print page must hold, in order, by words of their h2 headings.
PRINT_SECTIONS = ["customer profiles", "pipeline", "ramp plans", "roadmap", "failure modes"]
HEADING_TEXT = """els => els.map(h => [...h.childNodes]
    .filter(n => !(n.classList && n.classList.contains('headerlink')))
    .map(n => n.textContent).join('').trim())"""


@pytest.fixture(scope="module")
def stages(example_site: Path) -> list[tuple[str, str]]:
    """(label, page) of every stage, in order, from the table of the built pipeline/index.html."""
    text = (example_site / "pipeline" / "index.html").read_text(encoding="utf-8")
    table = text[text.index("<table") : text.index("</table>")]
    rows = re.findall(r'<td><a href="([\w-]+\.html)">([^<]+)</a></td>', table)
    assert rows, "no stage links in the table of pipeline/index.html"
    return [(html.unescape(label), f"pipeline/{href}") for href, label in rows]


def site_pages(site: Path, base: str) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # 404.html uses root-absolute URLs ("/assets/…"): it only works when served at a site root.
    return [p for p in pages if not (base.startswith("file:") and p == "404.html")]


def test_every_page_loads_clean_and_requests_nothing_foreign(browser: Browser, example_site: Path, base: str):
    pages = site_pages(example_site, base)
    assert len(pages) > 20
    problems: dict[str, object] = {}
    with recorded_page(browser) as (page, log):
        for rel in pages:
            if found := load_alone(page, log, base + rel, base):
                problems[rel] = found
    assert problems == {}


def test_search_finds_a_stage_page(browser: Browser, base: str, stages: list[tuple[str, str]]):
    # The longest label is the least ambiguous query ("Solution validation" for the example).
    label, target = max(stages, key=lambda stage: len(stage[0]))
    with recorded_page(browser) as (page, log):
        open_page(page, log, base + "index.html")
        hits = search(page, label)
        assert hits, f"no search results for {label!r}"
        assert base + target in {hit.page for hit in hits}, hits
        assert hits[0].page == base + target, hits
        assert hits[0].title == label
        # The hit opens the stage page.
        page.locator(".md-search-result__list .md-search-result__link").first.click()
        page.wait_for_url(base + target + "*")
        settle(page, log)
        assert page.locator("h1").first.inner_text().startswith(label)
        assert log.problems(base) == {} and log.blocked == []


def test_pipeline_diagram_links_to_the_stage_pages(
    browser: Browser, example_site: Path, http_base: str, stages: list[tuple[str, str]]
):
    with recorded_page(browser) as (page, log):
        open_page(page, log, http_base + "pipeline/index.html")
        # Drawn twice, for a wide column and a phone: at 1280 px the wide one shows.
        assert page.locator(".pb-diagram svg.pb-svg-wide").is_visible()
        assert not page.locator(".pb-diagram svg.pb-svg-narrow").is_visible()
        boxes = page.locator(".pb-diagram svg.pb-svg-wide a")
        links = [a.evaluate("el => el.href.baseVal") for a in boxes.all()]
        assert [f"pipeline/{href}" for href in links] == [target for _, target in stages]
        assert all((example_site / target).is_file() for _, target in stages)
        # Click a box of each row (open stages above, closed ones below).
        for index in (0, len(stages) - 1):
            label, target = stages[index]
            if index:
                open_page(page, log, http_base + "pipeline/index.html")
            boxes.nth(index).click()
            page.wait_for_url(http_base + target)
            settle(page, log)
            assert page.locator("h1").first.inner_text().startswith(label)
        assert log.problems(http_base) == {}


def test_print_page_holds_every_section_and_hides_navigation(
    browser: Browser, http_base: str, stages: list[tuple[str, str]]
):
    with recorded_page(browser) as (page, log):
        open_page(page, log, http_base + "print.html")
        sections = page.locator(".pb-print-section")
        h2s = sections.locator("h2").evaluate_all(HEADING_TEXT)
        assert len(h2s) == sections.count()  # one h2 per section
        # Every required section, in this order (the page may hold more).
        found = [next((i for i, h in enumerate(h2s) if word in h.lower()), -1) for word in PRINT_SECTIONS]
        assert -1 not in found and found == sorted(found), h2s
        pipeline = sections.filter(has=page.locator("h2", has_text=re.compile("pipeline", re.I)))
        h3s = pipeline.locator("h3").evaluate_all(HEADING_TEXT)
        assert h3s == [label for label, _ in stages]

        chrome = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary"]
        for selector in chrome:
            assert page.locator(selector).is_visible(), f"{selector} hidden on screen"
        page.emulate_media(media="print")
        for selector in [*chrome, ".md-footer", ".headerlink"]:
            assert page.locator(selector).first.is_hidden(), f"{selector} shown in print"
        assert sections.first.is_visible()
        assert log.problems(http_base) == {}


def test_checklist_ticks_persist_and_reset(browser: Browser, example_site: Path, http_base: str):
    rel = next(
        p.relative_to(example_site).as_posix()
        for p in sorted((example_site / "failure-modes").glob("*.html"))
        if "data-checklist" in p.read_text(encoding="utf-8")
    )
    with recorded_page(browser) as (page, log):
        open_page(page, log, http_base + rel)
        checklist = page.locator(".pb-checklist[data-checklist]").first
        boxes = checklist.locator("input[type=checkbox][data-item]")
        assert boxes.count() >= 2
        assert not any(box.is_checked() for box in boxes.all())
        boxes.nth(1).check()
        page.reload(wait_until="load")
        settle(page, log)
        expect(boxes.nth(1)).to_be_checked()
        assert [box.is_checked() for box in boxes.all()] == [i == 1 for i in range(boxes.count())]
        checklist.locator(".pb-checklist-reset").click()
        expect(boxes.nth(1)).not_to_be_checked()
        page.reload(wait_until="load")
        settle(page, log)
        assert not any(box.is_checked() for box in boxes.all())
        assert log.problems(http_base) == {}


def test_palette_toggle_switches_light_and_dark(browser: Browser, base: str):
    with recorded_page(browser) as (page, log):
        open_page(page, log, base + "index.html")
        body = page.locator("body")
        toggle = page.locator("form[data-md-component=palette] label:visible")
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(toggle).to_have_count(1)
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        page.reload(wait_until="load")
        settle(page, log)  # Material remembers the choice
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        assert log.problems(base) == {}


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/index.html", True),
        ("http://127.0.0.1/", True),
        ("file:///tmp/site/index.html", True),
        ("data:image/svg+xml,<svg/>", True),
        ("http://localhost:8000/index.html", False),
        ("http://127.0.0.10/x", False),
        ("https://fonts.googleapis.com/css?family=Roboto", False),
        ("https://unpkg.com/iframe-worker/shim", False),
    ],
)
def test_harness_tells_local_from_foreign(url: str, local: bool):
    assert is_local(url) is local
    assert (NOT_LOCAL.search(url) is None) is local


def test_harness_blocks_and_records_other_hosts(browser: Browser, http_base: str):
    """Negative control: a request to another host is aborted, recorded and reported."""
    with recorded_page(browser) as (page, log):
        open_page(page, log, http_base + "index.html")
        outside = [
            "https://example.org/pixel.png",
            http_base.replace("127.0.0.1", "localhost") + "index.html",
        ]
        for url in outside:
            page.evaluate(
                "url => { const img = new Image(); img.src = url; document.body.append(img); }", url
            )
        # The images' requests start when the browser gets to them, which on a busy machine can be
        # later than settle()'s quiet window: wait for both (or 15 s) before judging.
        deadline = time.monotonic() + 15
        while len(log.blocked) < len(outside) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        settle(page, log)
        assert log.blocked == outside
        assert log.foreign(http_base) == outside
        assert set(log.problems(http_base)) == {"errors", "failed", "foreign"}
