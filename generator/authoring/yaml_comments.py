"""The comments of a YAML text, found outside its scalars, so `fmt` can prove it kept every one.

ruamel.yaml keeps comments on block collections but drops those inside a flow collection
(`[a, b,  # note`). A `#` starts a comment when it follows a space or starts a line and is not
part of a scalar; the scalars' extents come from the parser's events.
"""

from __future__ import annotations

from collections import Counter

import yaml

from generator.load.yaml_loader import TRUSTED_LOADER

_Loader = TRUSTED_LOADER


def _scalar_spans(text: str) -> dict[int, list[tuple[int, int]]]:
    """Per line, the column ranges that scalars cover (a range may run to the line's end)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for event in yaml.parse(text, Loader=_Loader):
        if not isinstance(event, yaml.ScalarEvent):
            continue
        start, end = event.start_mark, event.end_mark
        assert start is not None and end is not None  # the parser marks every event it makes
        for line in range(start.line, end.line + 1):
            first = start.column if line == start.line else 0
            last = end.column if line == end.line else 1 << 30
            spans.setdefault(line, []).append((first, last))
    return spans


def comments(text: str) -> list[tuple[int, str]]:
    """Every comment as (line from 1, its text from `#`, trailing spaces dropped)."""
    spans = _scalar_spans(text)
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n")):
        covered = spans.get(number, [])
        column = line.find("#")
        while column != -1:
            starts = column == 0 or line[column - 1] in " \t"
            if starts and not any(a <= column < b for a, b in covered):
                found.append((number + 1, line[column:].rstrip()))
                break
            column = line.find("#", column + 1)
    return found


def lost_comments(before: str, after: str) -> list[tuple[int, str]]:
    """The comments of `before` that `after` no longer holds, with their lines in `before`."""
    missing = Counter(c for _, c in comments(before)) - Counter(c for _, c in comments(after))
    lost = []
    for line, comment in comments(before):
        if missing[comment] > 0:
            missing[comment] -= 1
            lost.append((line, comment))
    return lost
