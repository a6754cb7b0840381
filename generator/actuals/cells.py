"""CSV cells are data: a cell written out again must not turn into a spreadsheet formula."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel, Sheets and LibreOffice read a cell as a formula (OWASP's CSV injection list)."""


def neutral(text: str) -> str:
    """The text with a leading `'` when a spreadsheet would evaluate it, so `=HYPERLINK(…)` stays text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def shown(text: str, limit: int = 60) -> str:
    """A cell quoted in a message: on one line, control characters (a terminal's escapes) replaced, cut short."""
    flat = " ".join("".join(ch if ch.isprintable() else "?" for ch in text.replace("\n", " ")).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
