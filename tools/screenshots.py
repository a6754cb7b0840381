"""Screenshots of a built playbook site for the README, taken from file:// in Debian's Chromium.

    .venv/bin/playbook build fernhill -o /tmp/shots-site
    .venv/bin/python tools/screenshots.py /tmp/shots-site/fernhill docs/screenshots

Builds nothing itself. Writes home.png (index.html) and stage.png (pipeline/discovery.html, or
else the first stage linked from pipeline/index.html): laid out in a 1280x800 viewport, then
captured 1280 px wide and at most 1400 px high.
"""

from __future__ import annotations

import argparse
import re
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


def take(site: Path, out: Path) -> list[Path]:
    """Write home.png and stage.png of `site` into `out`; returns their paths."""
    shots = {"home.png": "index.html", "stage.png": stage_page(site)}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = launch(pw)
        context = new_context(browser, device_scale_factor=1, reduced_motion="reduce")
        try:
            page = context.new_page()
            log = record(page)
            for name, rel in shots.items():
                log.clear()
                open_page(page, log, (site / rel).resolve().as_uri())
                if log.errors or log.failed:
                    raise SystemExit(f"{rel}: {log.errors + log.failed}")
                # Laid out at 1280x800, then shown taller: a full-page shot would cut the sticky
                # sidebars off at 800 px (they scroll on their own).
                height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
                page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
                page.evaluate("window.scrollTo(0, 0)")
                target = out / name
                page.screenshot(path=target, animations="disabled", caret="hide")
                page.set_viewport_size(VIEWPORT)
                written.append(target)
        finally:
            context.close()
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder (with index.html)")
    parser.add_argument("out", type=Path, help="where to write home.png and stage.png")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: install Debian's chromium (make browser)")
    for path in take(args.site, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
