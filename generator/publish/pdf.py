"""`playbook pdf`: build a client's site into a temporary folder and print its print page to PDF.

Printing goes through Debian's Chromium, driven by Playwright; Playwright never downloads a
browser here, and every request other than the site's own files is refused.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import DISTRIBUTION
from generator.core.diagnostics import Diagnostic
from generator.core.errors import BuildError
from generator.core.project import project_of
from generator.load.sources import PlaybookFolder
from generator.load.yaml_loader import load_yaml
from generator.publish.client import build_client

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
MARGIN = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


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
    if not chromium.is_file():
        raise BuildError(
            f"printing a PDF needs Chromium, not found at {chromium}: apt-get install chromium, "
            "or name it with --chromium or PLAYBOOK_CHROMIUM"
        )


def print_page(html: Path, output: Path, chromium: Path | None = None) -> None:
    """Print one HTML file to `output` with print styles, refusing every request off the disk."""
    from playwright.sync_api import Error, Route, sync_playwright

    def local_only(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

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
                page.pdf(path=str(output), format="A4", print_background=True, margin=MARGIN)
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
