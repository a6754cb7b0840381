"""Playwright (sync API) helpers for testing a built playbook site in Debian's Chromium.

Never downloads a Playwright browser: it always launches /usr/bin/chromium. Every request
to a host other than the local one is recorded and aborted, so tests never touch the network.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request, Route

from generator.publish.pdf import CHROMIUM as PDF_CHROMIUM
from generator.publish.pdf import CHROMIUM_ARGS

CHROMIUM = str(PDF_CHROMIUM)
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the machine, whatever the page was loaded from.
INLINE_SCHEMES = frozenset({"data", "blob", "about"})
BLOCKED = "net::ERR_BLOCKED_BY_CLIENT"


def launch(pw: Playwright) -> Browser:
    """Launch the system Chromium headless with the project's fixed flags."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    """True for file:, data:, blob: and about: URLs, and for http(s)/ws(s) URLs on 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme == "file" or parts.scheme in INLINE_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == LOCAL_HOST


def same_origin(url: str, base: str) -> bool:
    """True if `url` was loaded from where `base` points (same scheme, and same host:port for http),
    or is an inline data:/blob:/about: URL. Stricter than `is_local`: an http page may not load file:."""
    parts, home = urlsplit(url), urlsplit(base)
    if parts.scheme in INLINE_SCHEMES:
        return True
    if home.scheme == "file":
        return parts.scheme == "file"
    return parts.scheme == home.scheme and parts.netloc == home.netloc


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: str | Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port; yields the base URL ("http://127.0.0.1:N/")."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class PageLog:
    """Everything one page (its frames and workers included) did that a test may want to assert on."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "URL net::ERR_…"
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set, repr=False)

    @property
    def blocked(self) -> list[str]:
        """Requests to another host, which the context aborted."""
        return [f.rsplit(" ", 1)[0] for f in self.failed if f.rsplit(" ", 1)[1].startswith(BLOCKED)]

    def foreign(self, base: str) -> list[str]:
        """Requests that did not come from where `base` points (see `same_origin`)."""
        return [url for url in self.requests if not same_origin(url, base)]

    @property
    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors

    def clear(self) -> None:
        """Forget everything recorded so far (to reuse the log for the page's next URL)."""
        for items in (self.requests, self.failed, self.console_errors, self.page_errors):
            items.clear()
        self.pending.clear()

    def problems(self, base: str) -> dict[str, list[str]]:
        """The non-empty lists among errors, failed and foreign requests: {} for a clean load."""
        found = {"errors": self.errors, "failed": self.failed, "foreign": self.foreign(base)}
        return {name: items for name, items in found.items() if items}


def record(page: Page) -> PageLog:
    """Start recording what `page` requests, which requests fail, console errors and page errors."""
    log = PageLog()

    def started(request: Request) -> None:
        log.requests.append(request.url)
        log.pending.add(request)

    def finished(request: Request) -> None:
        log.pending.discard(request)

    def failed(request: Request) -> None:
        log.failed.append(f"{request.url} {request.failure}")
        log.pending.discard(request)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    page.on("request", started)
    page.on("requestfinished", finished)
    page.on("requestfailed", failed)
    page.on("console", console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    return log


# What `is_local` rejects, as one regex, so that Playwright intercepts only those requests
# (routing every request through Python would slow every page load down).
NOT_LOCAL = re.compile(
    r"^(?!(?:file|data|blob|about):|(?:https?|wss?)://127\.0\.0\.1(?:[:/]|$))", re.IGNORECASE
)


def _block(route: Route) -> None:
    route.abort("blockedbyclient")  # fails with "net::ERR_BLOCKED_BY_CLIENT.Inspector"


def new_context(browser: Browser, **options: object) -> BrowserContext:
    """A context (1280x800, light colour scheme, no service workers unless `options` say otherwise)
    that aborts every request to a host other than 127.0.0.1."""
    settings: dict[str, object] = {"viewport": VIEWPORT, "color_scheme": "light", "service_workers": "block"}
    settings.update(options)
    context = browser.new_context(**settings)  # type: ignore[arg-type]
    context.route(NOT_LOCAL, _block)
    return context


@contextmanager
def recorded_page(browser: Browser, **options: object) -> Iterator[tuple[Page, PageLog]]:
    """A page in a new context (see `new_context`), and its `PageLog`."""
    context = new_context(browser, **options)
    try:
        page = context.new_page()
        yield page, record(page)
    finally:
        context.close()


def open_page(page: Page, log: PageLog, url: str, timeout_ms: float = 15_000) -> None:
    """Go to `url` and wait until the page has settled (see `settle`)."""
    page.goto(url, wait_until="load", timeout=timeout_ms)
    settle(page, log, timeout_ms)


def settle(page: Page, log: PageLog, timeout_ms: float = 15_000, quiet_ms: float = 100) -> None:
    """Wait until the page is loaded, and no request of `log` has been in flight for `quiet_ms`.

    Over http, also wait until Material's search index is ready (it loads in a worker after
    `load`). From file:// the search box only reports "ready" once focused, so there the quiet
    window covers it: the index is loaded by a <script> tag before `load`. Faster than
    Playwright's "networkidle", which always waits 500 ms."""
    page.wait_for_load_state("load", timeout=timeout_ms)
    if not page.url.startswith("file:"):
        page.wait_for_function(
            """() => { const meta = document.querySelector('.md-search-result__meta');
                      return !meta || !/Initializing/i.test(meta.textContent); }""",
            timeout=timeout_ms,
        )
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < quiet_ms / 1000:
        if log.pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"requests in flight on {page.url}: {sorted(r.url for r in log.pending)}")
            quiet_since = time.monotonic()
        page.wait_for_timeout(25)


@dataclass(frozen=True)
class SearchHit:
    title: str
    href: str  # absolute URL as resolved by the browser, with any "?h=" and "#anchor"

    @property
    def page(self) -> str:
        """The URL of the page the hit points to, without query and anchor."""
        return self.href.split("#")[0].split("?")[0]


def search(page: Page, query: str, timeout_ms: float = 15_000) -> list[SearchHit]:
    """Type `query` into Material's search box; returns the result entries (pages and sections)
    once the list has been rendered and stopped changing."""
    meta = page.locator(".md-search-result__meta")
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow viewports: open the search dialog from the header button
        toggle = page.locator('label.md-header__button[for="__search"]')
        if toggle.is_visible():
            toggle.click()
    box.click(timeout=timeout_ms)  # times out if Material's JS failed (the search UI stays hidden)
    # The index is built in a worker (an iframe on file://); wait until it reports ready.
    page.wait_for_function(
        "el => !/Initializing/i.test(el.textContent)", arg=meta.element_handle(), timeout=timeout_ms
    )
    # Set the whole value at once, then one keydown: Material reads the value on keydown and
    # focus, so this issues a single query and never shows results for part of it.
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "([box, meta, q]) => box.value === q && /match/i.test(meta.textContent)",
        arg=[box.element_handle(), meta.element_handle(), query],
        timeout=timeout_ms,
    )
    links = page.locator(".md-search-result__list .md-search-result__link")
    return _settled(page, links, "h1, h2", query, timeout_ms)


def zensical_search(page: Page, query: str, timeout_ms: float = 15_000) -> list[SearchHit]:
    """Like `search`, for Zensical's search: a dialog in an open shadow root (Playwright's
    locators pierce it), opened from the header button, that says "N results" when done."""
    page.locator(".md-search__button").first.click(timeout=timeout_ms)
    box = page.locator("input[role=combobox]")
    box.fill(query, timeout=timeout_ms)
    status = page.locator("dialog[open] [role=status]")
    status.filter(has_text=re.compile(r"\d+ results?")).wait_for(timeout=timeout_ms)
    links = page.locator("dialog[open] ol[role=listbox] a[role=option]")
    return _settled(page, links, "h2", query, timeout_ms)


def _settled(page: Page, links: Any, heading: str, query: str, timeout_ms: float) -> list[SearchHit]:
    """The result links once two looks 150 ms apart agree: results arrive in several renders."""
    previous: list[SearchHit] | None = None
    for _ in range(int(timeout_ms / 150)):
        hits = [
            SearchHit(title=a.locator(heading).first.inner_text().strip(), href=a.evaluate("el => el.href"))
            for a in links.all()
        ]
        if hits == previous:
            return hits
        previous = hits
        page.wait_for_timeout(150)
    raise TimeoutError(f"search results for {query!r} did not settle")


def check_version_switcher(page: Page, log: Any, base: str) -> None:
    """Two releases 1.0.0 and 1.1.0 under `base`: the switcher keeps the reader on the same page,
    the older one says it is outdated and links the same page in the latest."""
    open_page(page, log, base + "1.1.0/pipeline/discovery.html")
    select = page.locator("select.pb-version-select")
    assert select.locator("option").all_inner_texts() == ["1.1.0 (latest)", "1.0.0"]
    select.select_option("1.0.0")
    page.wait_for_url("**/1.0.0/pipeline/discovery.html")
    assert "which is outdated" in page.inner_text(".md-banner")
    page.click(".md-banner a")
    page.wait_for_url("**/1.1.0/pipeline/discovery.html")
    assert not log.foreign(base)
    assert not log.errors


def load_alone(page: Page, log: PageLog, url: str, base: str) -> dict[str, list[str]]:
    """What loading `url` went wrong with (see `PageLog.problems`), that page alone.

    The page is left for about:blank before the next one: what it still had in flight (Chromium
    fetches the icon after `load`, Zensical starts its search worker once its index is in) is
    aborted there, not blamed on the next page. A late request to another host still counts."""
    log.clear()
    open_page(page, log, url)
    found = {name: list(items) for name, items in log.problems(base).items()}
    page.goto("about:blank")
    if late := [u for u in log.foreign(base) if u not in found.get("foreign", [])]:
        found.setdefault("foreign", []).extend(late)
    return found
