"""Helpers for messages: naming values, and suggesting the nearest valid names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def nearest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `word`, best first."""
    return difflib.get_close_matches(str(word), sorted(set(candidates)), n=n, cutoff=0.5)


def nearest_hint(word: Any, candidates: Iterable[str]) -> str:
    """'; nearest: `a`, `b`', or '' when nothing is close."""
    close = nearest(str(word), candidates)
    return f"; nearest: {', '.join(f'`{c}`' for c in close)}" if close else ""


def did_you_mean(word: Any, candidates: Iterable[str], n: int = 1) -> str:
    """' (did you mean `x`?)', or '' when nothing is close."""
    close = nearest(str(word), candidates, n)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"`{c}`" for c in close) + "?)"


def describe(value: Any) -> str:
    """A short description of a value for a message: `33`, a list, a mapping, nothing."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:40]}…`" if len(text) > 40 else f"`{text}`"
