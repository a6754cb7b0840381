"""Screenshots of a built playbook site for the README, taken from file:// in Debian's Chromium.

    .venv/bin/playbook build fernhill -o /tmp/shots-site
    .venv/bin/playbook pdf fernhill -o /tmp/shots-site/fernhill.pdf
    .venv/bin/python tools/screenshots.py /tmp/shots-site/fernhill docs/screenshots --pdf /tmp/shots-site/fernhill.pdf

Builds nothing itself. Writes home.png (index.html), stage.png (pipeline/discovery.html, or
else the first stage linked from pipeline/index.html) and roadmap.png: laid out in a 1280x800
viewport, then captured 1280 px wide and at most 1400 px high; home-phone-dark.png and
pipeline-phone.png the same way at 390 px (the first in the dark scheme). With --pdf, also
pdf-1.png and pdf-2.png, the PDF's first two pages (pdftoppm, from poppler-utils).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, VIEWPORT, launch, new_context, open_page, record  # noqa: E402 (after sys.path)

MAX_HEIGHT = 1400


def stage_page(site: Path) -> str:
    """pipeline/discovery.html if it exists, else the first stage page the pipeline overview links."""
    if (site / "pipeline" / "discovery.html").is_file():
        return "pipeline/discovery.html"
    overview = (site / "pipeline" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<td><a href="([\w-]+\.html)">', overview)
    if not found:
        raise SystemExit(f"no stage page linked from {site / 'pipeline' / 'index.html'}")
    return f"pipeline/{found.group(1)}"


PHONE = {"width": 390, "height": 844}


def take(site: Path, out: Path) -> list[Path]:
    """Write the page screenshots of `site` into `out`; returns their paths."""
    shots = [
        ("home.png", "index.html", VIEWPORT, "light"),
        ("stage.png", stage_page(site), VIEWPORT, "light"),
        ("roadmap.png", "roadmap.html", VIEWPORT, "light"),
        ("home-phone-dark.png", "index.html", PHONE, "dark"),
        ("pipeline-phone.png", "pipeline/index.html", PHONE, "light"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for name, rel, viewport, scheme in shots:
                context = new_context(
                    browser,
                    viewport=viewport,
                    color_scheme=scheme,
                    device_scale_factor=1,
                    reduced_motion="reduce",
                )
                try:
                    page = context.new_page()
                    log = record(page)
                    open_page(page, log, (site / rel).resolve().as_uri())
                    if log.errors or log.failed:
                        raise SystemExit(f"{rel}: {log.errors + log.failed}")
                    # Laid out in the viewport, then shown taller: a full-page shot would cut the
                    # sticky sidebars off at the viewport's height (they scroll on their own).
                    height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
                    page.set_viewport_size({"width": viewport["width"], "height": height})
                    page.evaluate("window.scrollTo(0, 0)")
                    target = out / name
                    page.screenshot(path=target, animations="disabled", caret="hide")
                    written.append(target)
                finally:
                    context.close()
        finally:
            browser.close()
    return written


def pdf_pages(pdf: Path, out: Path, count: int = 2) -> list[Path]:
    """pdf-1.png … pdf-N.png: the PDF's first pages at 60 dpi."""
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(count), str(pdf), str(out / "pdf")], check=True
    )
    written = []
    for n in range(1, count + 1):
        made = next(out.glob(f"pdf-{n}.png"), None) or next(out.glob(f"pdf-0{n}.png"), None)
        if made is not None:
            target = out / f"pdf-{n}.png"
            made.replace(target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder (with index.html)")
    parser.add_argument("out", type=Path, help="where to write the screenshots")
    parser.add_argument("--pdf", type=Path, help="a PDF from `playbook pdf`, for pdf-1.png and pdf-2.png")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: install Debian's chromium (make browser)")
    written = take(args.site, args.out)
    if args.pdf:
        written += pdf_pages(args.pdf, args.out)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
