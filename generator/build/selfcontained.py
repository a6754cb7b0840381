"""Check that a built site loads nothing from any other host."""

from __future__ import annotations

import re
from pathlib import Path

_URL = r"((?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>]+)"

# Tags and attributes whose URL a browser fetches while loading the page. The pattern starts with
# a literal `<`, so the regex engine skips straight to tags instead of trying every character.
_FETCHING_TAG = re.compile(
    r"<(?:(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\ssrc\s*=\s*[\"']?"
    + _URL
    + r"|link\b"
    r"(?=[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preconnect|dns-prefetch|preload|modulepreload|prefetch|icon|manifest))"
    r"[^>]*?\shref\s*=\s*[\"']?" + _URL + ")",
    re.IGNORECASE,
)
# CSS url(), found from its literal `(` (looking back for `url`) for the same reason.
_CSS_URL = re.compile(r"\((?<=[uU][rR][lL]\()\s*[\"']?((?:[a-z][a-z0-9+.-]*:)?//[^)\"']+)", re.IGNORECASE)


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
    """The external references of one file of the site, as `file: url`, in the order they appear."""
    text = path.read_text(encoding="utf-8", errors="replace")
    matches = sorted(
        (match.start(), next(group for group in match.groups() if group))
        for pattern in (_FETCHING_TAG, _CSS_URL)
        for match in pattern.finditer(text)
    )
    shown = path.relative_to(site).as_posix()
    return [f"{shown}: {url}" for _, url in matches if not url.startswith("data:")]
