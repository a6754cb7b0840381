"""Check that a built site loads nothing from any other host."""

from __future__ import annotations

import re
from pathlib import Path

# Tags and attributes whose URL a browser fetches while loading the page, and CSS url().
_FETCHED = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\ssrc\s*=\s*[\"']?"
    r"((?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>]+)"
    r"|<link\b(?=[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preconnect|dns-prefetch|preload|modulepreload|prefetch|icon|manifest))"
    r"[^>]*?\shref\s*=\s*[\"']?((?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>]+)"
    r"|url\(\s*[\"']?((?:[a-z][a-z0-9+.-]*:)?//[^)\"']+)",
    re.IGNORECASE,
)


def external_references(site: Path) -> list[str]:
    """Every `file: url` in the site's HTML and CSS that would make a browser contact another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if scanned(path):
            found += file_references(path, site)
    return found


def scanned(path: Path) -> bool:
    """Whether a file is one the scan reads: HTML and CSS."""
    return path.suffix in (".html", ".css") and path.is_file()


def file_references(path: Path, site: Path) -> list[str]:
    """The external references of one file of the site, as `file: url`."""
    found = []
    for match in _FETCHED.finditer(path.read_text(encoding="utf-8", errors="replace")):
        url = next(group for group in match.groups() if group)
        if not url.startswith("data:"):
            found.append(f"{path.relative_to(site).as_posix()}: {url}")
    return found
