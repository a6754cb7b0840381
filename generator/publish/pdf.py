"""`playbook pdf`: build a client's site into a temporary folder and print its print page to PDF.

Printing goes through Debian's Chromium, driven by Playwright; Playwright never downloads a
browser here, and every request other than the site's own files is refused.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import DISTRIBUTION
from generator.core.diagnostics import Diagnostic
from generator.core.errors import BuildError
from generator.core.project import project_of
from generator.load.sources import PlaybookFolder
from generator.load.yaml_loader import load_yaml
from generator.publish.client import build_client

if TYPE_CHECKING:  # the pdf extra: imported where a PDF is printed, named here for the types
    from playwright.sync_api import Page, PdfMargins

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Path:
    """$PLAYBOOK_CHROMIUM, else the first Chromium on PATH, else Debian's path (reported if missing)."""
    if named := os.environ.get("PLAYBOOK_CHROMIUM"):
        return Path(named)
    found = next((shutil.which(name) for name in CHROMIUM_NAMES if shutil.which(name)), None)
    return Path(found) if found else Path("/usr/bin/chromium")


CHROMIUM = find_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""How the project starts Debian's Chromium, here and in the browser tests: headless, and
asking nothing of the network (the machines it runs on reach only package registries)."""
MARGIN: PdfMargins = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


@dataclass(frozen=True)
class PdfResult:
    """The printed PDF and the warnings its playbook had."""

    path: Path
    warnings: list[Diagnostic]


def default_output(folder: PlaybookFolder, version: str) -> Path:
    """Where the PDF goes unless told otherwise: the project's dist/<client>-playbook-<version>.pdf."""
    return project_of(folder.path).dist / f"{folder.name}-playbook-{version}.pdf"


def _check_tools(chromium: Path) -> None:
    """Fail before building when the PDF could not be printed anyway."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            f"printing a PDF needs Playwright for Python: pip install '{DISTRIBUTION}[pdf]'"
        ) from exc
    try:
        import pypdf  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            f"printing a PDF needs pypdf for its page numbers: pip install '{DISTRIBUTION}[pdf]'"
        ) from exc
    if not chromium.is_file():
        raise BuildError(
            f"printing a PDF needs Chromium, not found at {chromium}: apt-get install chromium, "
            "or name it with --chromium or PLAYBOOK_CHROMIUM"
        )


# A page number, then "of" the total, centred under each page (Chromium fills the spans).
FOOTER = (
    '<div style="width:100%;font-size:8pt;color:#555;text-align:center;font-family:sans-serif">'
    '<span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)

# Run in the print page before printing. Links to other pages of the site would lead out of
# the PDF into a folder that no longer exists, and an anchor the page lacks leads nowhere:
# both become plain text. Then a table of contents of the sections goes before the first,
# each entry with a fixed-width slot for its page number.
PREPARE = """() => {
  const article = document.querySelector('article') || document.body;
  for (const a of [...article.querySelectorAll('a[href]')]) {
    const href = a.getAttribute('href');
    const inside = href.startsWith('#') && document.getElementById(decodeURIComponent(href.slice(1)));
    if (!inside) a.replaceWith(...a.childNodes);
  }
  const heads = [...article.querySelectorAll('.pb-print-section > h2[id]')];
  const toc = document.createElement('nav');
  toc.className = 'pb-pdf-toc';
  toc.setAttribute('aria-label', 'Contents');
  const title = document.createElement('p');
  title.className = 'pb-pdf-toc-title';
  title.textContent = 'Contents';
  const list = document.createElement('ol');
  for (const h of heads) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = '#' + h.id;
    link.textContent = [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))
      .map(n => n.textContent).join('').trim();
    const number = document.createElement('span');
    number.className = 'pb-pdf-toc-page';
    number.textContent = '000';
    item.append(link, number);
    list.append(item);
  }
  toc.append(title, list);
  const first = article.querySelector('.pb-print-section');
  if (first) first.before(toc); else article.append(toc);
  return heads.map(h => toc.querySelector(`a[href="#${CSS.escape(h.id)}"]`).textContent);
}"""
FILL = """(pages) => {
  document.querySelectorAll('.pb-pdf-toc-page').forEach((el, i) => { el.textContent = String(pages[i]); });
}"""


def _section_pages(pdf_bytes: bytes, titles: list[str]) -> list[int]:
    """The page (from 1) each section starts on, from the outline Chromium writes: the outline
    lists every heading in order, so each title is looked for after the previous one."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    flat: list[tuple[str, int]] = []

    def walk(items: Sequence[Any]) -> None:  # pypdf's outline: destinations and nested lists of them
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                number = reader.get_destination_page_number(item)
                assert number is not None  # Chromium's outline points only at pages it printed
                flat.append((" ".join(str(item.title).split()), number + 1))

    walk(reader.outline)
    pages, at = [], 0
    for title in titles:
        wanted = " ".join(title.split())
        found = next((i for i in range(at, len(flat)) if flat[i][0] == wanted), None)
        if found is None:
            raise BuildError(f"the printed PDF has no heading {title!r} in its outline")
        pages.append(flat[found][1])
        at = found + 1
    return pages


def print_page(html: Path, output: Path, chromium: Path | None = None) -> None:
    """Print one HTML file to `output` with print styles, refusing every request off the disk:
    a table of contents with page numbers, a page number under every page, no dead links."""
    from playwright.sync_api import Error, Route, sync_playwright

    def local_only(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def printed(page: Page, path: str | None = None) -> bytes:
        """Both printings with the same options (to `path` as well, when given)."""
        return page.pdf(
            path=path,
            format="A4",
            print_background=True,
            margin=MARGIN,
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=FOOTER,
            outline=True,
            tagged=True,
        )

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(chromium or CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                page = browser.new_page()
                page.route("**/*", local_only)
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                titles = page.evaluate(PREPARE)
                # Printed once to learn where each section starts; the numbers take the slots
                # reserved for them, so the second printing lays out the same pages.
                first = printed(page)
                page.evaluate(FILL, _section_pages(first, titles))
                printed(page, str(output))
            finally:
                browser.close()
    except Error as exc:  # the browser failed to start or print: a failed build, not a bug
        raise BuildError(f"Chromium could not print the PDF: {exc.message}") from exc


def build_pdf(folder: PlaybookFolder, output: Path | None = None, chromium: Path | None = None) -> PdfResult:
    """Build the client's site in a temporary folder and print its print page to `output`."""
    chromium = chromium or CHROMIUM
    _check_tools(chromium)
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as tmp:
        built = build_client(folder, Path(tmp) / "site")  # invalid input stops here, with diagnostics
        version = load_yaml(folder.manifest, folder.manifest.name).data["version"]
        target = output or default_output(folder, version)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole or not at all, like the sites: an older PDF survives a failed print.
        partial = target.with_name(f".{target.name}.partial")
        try:
            print_page(built.site / "print.html", partial, chromium)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return PdfResult(target, built.warnings)
