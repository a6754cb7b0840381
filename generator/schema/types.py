"""The content model's scalar types, registered as Cerberus custom types.

Each type has a check and a phrase used in messages and the field reference, so what the
validator accepts and what the documentation says come from the same place.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.core.limits import MAX_MONEY

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEMVER_PATTERN = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
COLOR_PATTERN = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Checked with `fullmatch`: `$` also matches before a trailing newline, so `"x\n"` would pass.
# The `^…$` stay for the JSON Schema export, whose ECMAScript `$` has no such exception.


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class CustomType:
    name: str
    phrase: str
    check: Callable[[Any], bool]


CUSTOM_TYPES: dict[str, CustomType] = {
    t.name: t
    for t in (
        CustomType(
            "id",
            "a lowercase kebab-case ID such as `discovery-call`",
            lambda v: isinstance(v, str) and len(v) <= 64 and bool(ID_PATTERN.fullmatch(v)),
        ),
        CustomType("date", "a date written YYYY-MM-DD", _is_date),
        CustomType("ratio", "a number from 0 to 1", lambda v: _is_number(v) and 0 <= v <= 1),
        CustomType(
            "semver",
            "a semantic version such as `1.2.0`",
            lambda v: isinstance(v, str) and bool(SEMVER_PATTERN.fullmatch(v)),
        ),
        CustomType(
            "color",
            "a hex colour such as `#1F5B45`",
            lambda v: isinstance(v, str) and bool(COLOR_PATTERN.fullmatch(v)),
        ),
        CustomType(
            "money",
            f"an amount of money from 0 to {MAX_MONEY:,}",
            lambda v: _is_number(v) and 0 <= v <= MAX_MONEY,
        ),
        CustomType(
            "currency",
            "a three-letter ISO 4217 currency code such as `USD`",
            lambda v: isinstance(v, str) and bool(CURRENCY_PATTERN.fullmatch(v)),
        ),
    )
}

BUILTIN_PHRASES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "`true` or `false`",
    "dict": "a mapping of fields",
    "list": "a list",
}


def type_phrase(name: str) -> str:
    """How a type is described to a person: 'a number from 0 to 1'."""
    if name in CUSTOM_TYPES:
        return CUSTOM_TYPES[name].phrase
    return BUILTIN_PHRASES.get(name, name)


def semver_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key for semantic versions; a pre-release sorts before its release."""
    match = SEMVER_PATTERN.fullmatch(version)
    if not match:
        return (-1, -1, -1, -1, version)
    major, minor, patch = (int(g) for g in match.groups())
    pre = version.partition("-")[2]
    return (major, minor, patch, 0 if pre else 1, pre)
