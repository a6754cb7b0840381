"""Every page of every example at a phone's width and a laptop's: diagram text is legible (at
least 12 px as rendered), inside its diagram and clear of other text, and no page scrolls
sideways. Skipped only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests import checkers
from tests.browser import CHROMIUM, new_context, open_page, record
from tests.conftest import EXAMPLES
from tests.test_accessibility import pages

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium (make browser)"
)


@pytest.mark.parametrize("width", checkers.WIDTHS)
@pytest.mark.parametrize("client", EXAMPLES)
def test_diagrams_read_and_no_page_scrolls_sideways(
    browser: Browser, example_sites: dict[str, Path], client: str, width: int
):
    site = example_sites[client]
    problems: dict[str, list[str]] = {}
    diagrams = 0
    context = new_context(browser, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        log = record(page)
        for path in pages(site):
            log.clear()
            open_page(page, log, path.as_uri())
            found = checkers.diagram_text_problems(page)
            if extra := checkers.sideways(page):
                found.append(f"the page scrolls {extra} px sideways")
            if found:
                problems[path.relative_to(site).as_posix()] = found
            diagrams += checkers.smallest_diagram_text(page) is not None
    finally:
        context.close()
    assert problems == {}
    assert diagrams >= 4  # the pipeline, a ramp plan, the roadmap and the print page were measured


def test_the_measure_finds_small_clipped_and_overlapping_text(browser: Browser, tmp_path: Path):
    """The check itself, on a diagram drawn the way this project once drew them."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><html><body style="width:390px;margin:0"><svg class="pb-svg" viewBox="0 0 1200 100" '
        'width="100%"><text x="-20" y="50" style="font-size:12px">Procurement and legal</text>'
        '<text x="30" y="50" style="font-size:12px">quota</text></svg></body></html>',
        encoding="utf-8",
    )
    context = new_context(browser, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        log = record(page)
        open_page(page, log, (tmp_path / "page.html").as_uri())
        found = " | ".join(checkers.diagram_text_problems(page))
    finally:
        context.close()
    assert "px" in found and "outside the diagram" in found and "overlaps" in found


@pytest.mark.parametrize("width", checkers.WIDTHS)
def test_the_actuals_funnel_reads_and_the_page_stays_in_its_column(
    browser: Browser, example_sites: dict[str, Path], width: int
):
    """The actuals page alone (`-k actuals`): its funnel's text is legible and no table scrolls it sideways."""
    context = new_context(browser, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        log = record(page)
        open_page(page, log, (example_sites["fernhill"] / "actuals.html").as_uri())
        found = checkers.diagram_text_problems(page)
        if extra := checkers.sideways(page):
            found.append(f"the page scrolls {extra} px sideways")
        smallest = checkers.smallest_diagram_text(page)
    finally:
        context.close()
    assert found == []
    assert smallest is not None and smallest >= 12
