"""Every page of every example, light and dark, through axe-core and the Nu HTML checker.

What Material's own markup does wrong is listed, with the reason, in tests/checkers.py; any
other violation or error comes from the project's templates and fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests import checkers
from tests.browser import CHROMIUM, new_context, open_page, record
from tests.conftest import EXAMPLES

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium (make browser)"
)
needs_axe = pytest.mark.skipif(
    not checkers.AXE.is_file(), reason="axe-core is missing: python tools/fetch_axe.py .vendor (make test)"
)
needs_java = pytest.mark.skipif(
    checkers.JAVA is None, reason="java is missing: install Debian's default-jre-headless (make browser)"
)


def pages(site: Path) -> list[Path]:
    """Every page that opens from disk (404.html uses root-absolute URLs: it needs a server)."""
    return [p for p in sorted(site.rglob("*.html")) if p != site / "404.html"]


@needs_chromium
@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("client", EXAMPLES)
def test_axe_finds_nothing_in_the_projects_markup(
    browser: Browser, example_sites: dict[str, Path], client: str, scheme: str
):
    site = example_sites[client]
    found: dict[str, list[str]] = {}
    context = new_context(browser, color_scheme=scheme)
    try:
        page = context.new_page()
        log = record(page)
        for path in pages(site):
            log.clear()
            open_page(page, log, path.as_uri())
            if own := checkers.own(checkers.axe(page)):
                found[path.relative_to(site).as_posix()] = [str(v) for v in own]
    finally:
        context.close()
    assert found == {}


@needs_chromium
@needs_axe
def test_axe_reports_what_the_project_gets_wrong(browser: Browser, tmp_path: Path):
    """The check itself: markup with the faults this project once had is reported."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color:#333">Text with <a href="#x" style="color:#444;text-decoration:none">a link</a>.</p>'
        '<svg role="img" aria-label="d"><a href="#x"><text y="10">x</text></a></svg>'
        "<table><tr><th></th><th>Monday</th></tr><tr><td>a</td><td>b</td></tr></table>"
        "</main></body></html>",
        encoding="utf-8",
    )
    context = new_context(browser)
    try:
        page = context.new_page()
        log = record(page)
        open_page(page, log, (tmp_path / "page.html").as_uri())
        rules = {v.rule for v in checkers.own(checkers.axe(page))}
    finally:
        context.close()
    assert {"link-in-text-block", "nested-interactive", "empty-table-header"} <= rules


@needs_java
def test_the_nu_checker_finds_no_error_in_the_projects_markup(example_sites: dict[str, Path]):
    errors = checkers.own_nu(checkers.nu_errors(*example_sites.values()))
    assert [f"{e['url']}:{e.get('lastLine')}: {e['message']}" for e in errors] == []


@needs_java
def test_the_nu_checker_reports_an_attribute_html_does_not_have(tmp_path: Path):
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<div class="pb-rich" markdown="0"><p>x</p></div></body></html>',
        encoding="utf-8",
    )
    messages = [str(e["message"]) for e in checkers.own_nu(checkers.nu_errors(tmp_path))]
    assert any("markdown" in m for m in messages)


# The actuals page (only the examples with snapshots have one): run alone with `-k actuals`.
ACTUALS_CLIENTS = [
    c for c in EXAMPLES if (Path(__file__).parent.parent / "playbooks" / c / "actuals").is_dir()
]


@needs_chromium
@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("client", ACTUALS_CLIENTS)
def test_axe_finds_nothing_on_the_actuals_page(
    browser: Browser, example_sites: dict[str, Path], client: str, scheme: str
):
    page_file = example_sites[client] / "actuals.html"
    context = new_context(browser, color_scheme=scheme)
    try:
        page = context.new_page()
        log = record(page)
        open_page(page, log, page_file.as_uri())
        own = [str(v) for v in checkers.own(checkers.axe(page))]
    finally:
        context.close()
    assert own == []


@needs_java
def test_the_nu_checker_finds_no_error_on_the_actuals_pages(example_sites: dict[str, Path], tmp_path: Path):
    for client in ACTUALS_CLIENTS:
        (tmp_path / f"{client}.html").write_bytes((example_sites[client] / "actuals.html").read_bytes())
    errors = checkers.own_nu(checkers.nu_errors(tmp_path))
    assert [f"{e['url']}:{e.get('lastLine')}: {e['message']}" for e in errors] == []
