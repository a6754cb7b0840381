"""Measure built sites the way a reader meets them: axe-core violations (light and dark), the Nu
HTML checker's errors, the smallest diagram text and sideways scrolling at 390 and 1280 px.

    .venv/bin/python tools/measure_site.py site/fernhill [site/kestrel …]

Prints one summary per site; the figures quoted in issues and release notes come from here.
Needs axe-core in .vendor (tools/fetch_axe.py), Debian's Chromium and Java.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import checkers  # noqa: E402 (after sys.path)
from tests.browser import launch, new_context, open_page, record  # noqa: E402


def pages(site: Path) -> list[Path]:
    # 404.html uses root-absolute URLs: it only works when served at a site root.
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" or p.parent != site)


def measure(site: Path, browser: object) -> None:
    files = pages(site)
    for scheme in ("light", "dark"):
        context = new_context(browser, color_scheme=scheme)
        page = context.new_page()
        log = record(page)
        counts: collections.Counter[str] = collections.Counter()
        own: collections.Counter[str] = collections.Counter()
        for path in files:
            log.clear()
            open_page(page, log, path.as_uri())
            found = checkers.axe(page)
            counts.update(v.rule for v in found)
            own.update(v.rule for v in checkers.own(found))
        context.close()
        print(
            f"  axe {scheme}: {sum(counts.values())} nodes, {sum(own.values())} from own markup: {dict(own)}"
        )
    nu = checkers.nu_errors(site)
    own_nu = checkers.own_nu(nu)
    print(f"  Nu: {len(nu)} errors, {len(own_nu)} from own markup")
    for width in checkers.WIDTHS:
        context = new_context(browser, viewport={"width": width, "height": 800})
        page = context.new_page()
        log = record(page)
        least, wide, problems = None, [], 0
        for path in files:
            log.clear()
            open_page(page, log, path.as_uri())
            size = checkers.smallest_diagram_text(page)
            if size is not None:
                least = size if least is None else min(least, size)
            problems += len(checkers.diagram_text_problems(page))
            if (extra := checkers.sideways(page)) > 0:
                wide.append(f"{path.relative_to(site)} (+{extra})")
        context.close()
        smallest = "none" if least is None else f"{least:.1f} px"
        print(
            f"  {width} px: smallest diagram text {smallest}, {problems} diagram text problems, "
            f"{len(wide)} pages scroll sideways {wide[:6]}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+")
    args = parser.parse_args(argv)
    with sync_playwright() as pw:
        browser = launch(pw)
        for site in args.sites:
            print(site.name)
            measure(site, browser)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
