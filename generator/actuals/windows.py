"""A metric's window in days, read from how the metrics dictionary words it ("Trailing 90 days")."""

from __future__ import annotations

import re

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "a": 1,
}
_UNITS = {"day": 1.0, "week": 7.0, "month": 365 / 12, "quarter": 365 / 4, "year": 365.0}
_TRAILING = re.compile(
    r"\b(?:trailing|last|past|rolling)\s+([a-z-]+|\d+)\s+(day|week|month|quarter|year)s?\b", re.I
)


def window_days(text: str) -> int | None:
    """The days of a trailing window ("Trailing two quarters" is 183), or None when it says none."""
    match = _TRAILING.search(text)
    if not match:
        return None
    count = match.group(1).lower()
    number = int(count) if count.isdigit() else _NUMBERS.get(count)
    if not number:
        return None
    return round(number * _UNITS[match.group(2).lower()])
