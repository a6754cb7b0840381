"""Helpers for messages: naming values, and suggesting the nearest valid names."""

from __future__ import annotations

import difflib
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

SMALL = 200
"""Up to this many candidates, every one is compared; past it, an index picks a shortlist."""
SHORTLIST = 24
GRAM_BUDGET = 4_000
"""Most index entries one lookup reads."""


def _grams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)} or {word}


class _Index:
    """Candidates by the letter pairs they contain, so a lookup compares a few, not all of them."""

    def __init__(self, candidates: tuple[str, ...]) -> None:
        self.candidates = sorted(set(candidates))
        self.by_gram: dict[str, list[str]] = defaultdict(list)
        for candidate in self.candidates:
            for gram in _grams(candidate):
                self.by_gram[gram].append(candidate)

    def shortlist(self, word: str) -> list[str]:
        shared: Counter[str] = Counter()
        budget = GRAM_BUDGET
        # The rarest pairs first: they tell candidates apart; stop once the budget is spent.
        postings = sorted((self.by_gram.get(g, []) for g in _grams(word)), key=len)
        for posting in postings:
            if budget <= 0:
                break
            shared.update(posting[:budget])
            budget -= len(posting)
        # Shared pairs relative to both lengths (Dice's coefficient), so `stage-77` beats `stage-177`.
        ranked = sorted(shared.items(), key=lambda item: (-item[1] / (len(item[0]) + len(word)), item[0]))
        return sorted(c for c, _ in ranked[:SHORTLIST])


@functools.lru_cache(maxsize=16)
def _index(candidates: tuple[str, ...]) -> _Index:
    return _Index(candidates)


def nearest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `word`, best first.

    Each lookup costs about the same however many candidates there are (one run may look up
    thousands of unknown names among thousands of IDs): a large set is indexed once.
    """
    pool = candidates if isinstance(candidates, tuple) else tuple(candidates)
    shortlist = _index(pool).shortlist(str(word)) if len(pool) > SMALL else sorted(set(pool))
    return difflib.get_close_matches(str(word), shortlist, n=n, cutoff=0.5)


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
