"""A yes-or-maybe check of a document against its schema, compiled once from the Cerberus schemas.

Cerberus builds a child validator for every mapping and list it meets, which costs more than
loading the YAML. Valid documents are the common case, so each schema is compiled once into
plain functions that answer "certainly valid" or "maybe not". Only a "maybe not" runs Cerberus,
so every diagnostic is still Cerberus' own. The check is conservative: a rule it does not know,
a value it is unsure about or a schema feature it does not model answers "maybe not".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sized
from typing import Any

from generator.schema.schemas import SchemaSet
from generator.schema.types import CUSTOM_TYPES

Check = Callable[[Any], bool]

# Rules this module models exactly; any other rule sends the document to Cerberus.
_KNOWN_RULES = frozenset(
    {"type", "required", "schema", "maxlength", "minlength", "empty", "min", "max"}
    | {"allowed", "regex", "allow_unknown", "valuesrules", "meta"}
)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# Stricter than or equal to Cerberus' own type checks (a tuple is a Cerberus list, never ours).
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "dict": lambda v: isinstance(v, dict),
    **{name: t.check for name, t in CUSTOM_TYPES.items()},
}


def _never(value: Any) -> bool:
    return False


def _always(value: Any) -> bool:
    return True


@functools.cache
def document_check(schemas: SchemaSet, document: str) -> Check:
    """True only if Cerberus would find nothing wrong with the document; False means "ask it"."""
    fields = _Compiler(schemas).mapping(schemas.documents[document], allow_unknown=False)
    return lambda data: isinstance(data, dict) and fields(data)


class _Compiler:
    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas
        self.named: dict[str, Check] = {}

    def rules(self, rules: dict[str, Any] | str) -> Check:
        rules = self.schemas.rules(rules)
        if not isinstance(rules, dict) or not rules.keys() <= _KNOWN_RULES:
            return _never
        checks = [self._type(rules.get("type"))]
        checks += self._sizes(rules)
        checks += self._values(rules)
        if "schema" in rules or "valuesrules" in rules:
            checks.append(self._contents(rules))
        checks = [c for c in checks if c is not _always]
        if _never in checks:
            return _never

        def check(value: Any) -> bool:
            # No schema of ours is nullable.
            return value is not None and all(one(value) for one in checks)

        return check

    def _type(self, wanted: Any) -> Check:
        if wanted is None:
            return _always
        names = wanted if isinstance(wanted, list) else [wanted]
        if not all(isinstance(n, str) and n in _TYPES for n in names):
            return _never
        if len(names) == 1:
            return _TYPES[names[0]]
        checks = [_TYPES[n] for n in names]
        return lambda v: any(c(v) for c in checks)

    def _sizes(self, rules: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "empty" in rules:
            if not isinstance(rules["empty"], bool):
                return [_never]
            if not rules["empty"]:
                checks.append(lambda v: not isinstance(v, Sized) or len(v) > 0)
        low, high = rules.get("minlength"), rules.get("maxlength")
        if low is not None:
            checks.append(lambda v: not isinstance(v, Sized) or len(v) >= low)
        if high is not None:
            checks.append(lambda v: not isinstance(v, Sized) or len(v) <= high)
        return checks

    def _values(self, rules: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        for rule, passes in (("min", lambda v, b: not v < b), ("max", lambda v, b: not v > b)):
            if rule in rules:
                checks.append(_bounded(passes, rules[rule]))
        if "allowed" in rules:
            allowed = rules["allowed"]
            if not isinstance(allowed, list):
                return [_never]
            checks.append(
                lambda v: (
                    all(x in allowed for x in v)
                    if isinstance(v, list)
                    else not isinstance(v, dict) and v in allowed
                )
            )
        if "regex" in rules:
            pattern = re.compile(rules["regex"])
            checks.append(lambda v: not isinstance(v, str) or pattern.fullmatch(v) is not None)
        return checks

    def _contents(self, rules: dict[str, Any]) -> Check:
        """The `schema` of a list or mapping, or the `valuesrules` of a mapping."""
        kind, unknown = rules.get("type"), rules.get("allow_unknown", False)
        if not isinstance(unknown, bool) or ("schema" in rules and "valuesrules" in rules):
            return _never
        if "valuesrules" in rules:
            if kind != "dict":
                return _never
            each = self.rules(rules["valuesrules"])
            return lambda v: all(each(item) for item in v.values())
        schema = rules["schema"]
        if kind == "list":
            item = self.rules(schema)
            return lambda v: all(item(x) for x in v)
        if kind != "dict":
            return _never
        if isinstance(schema, str):
            return self._named(schema, unknown)
        return self.mapping(schema, unknown) if isinstance(schema, dict) else _never

    def _named(self, name: str, allow_unknown: bool) -> Check:
        """A schema-registry mapping, compiled once (and safely if it names itself)."""
        key = f"{name}\0{allow_unknown}"
        if key not in self.named:
            self.named[key] = lambda v: self.named[key](v)  # placeholder while compiling
            fields = self.schemas.schemas.get(name)
            self.named[key] = self.mapping(fields, allow_unknown) if isinstance(fields, dict) else _never
        return self.named[key]

    def mapping(self, fields: dict[str, Any], allow_unknown: bool) -> Check:
        """A mapping's fields: the required ones present, each known one valid, no unknown ones."""
        compiled = {key: self.rules(rules) for key, rules in fields.items()}
        required = [
            key
            for key, rules in fields.items()
            if isinstance(self.schemas.rules(rules), dict) and self.schemas.rules(rules).get("required")
        ]
        get = compiled.get

        def check(value: Any) -> bool:
            for key in required:
                if key not in value:
                    return False
            for key, item in value.items():
                one = get(key)
                if one is None:
                    if not allow_unknown:
                        return False
                elif not one(item):
                    return False
            return True

        return check


def _bounded(passes: Callable[[Any, Any], bool], bound: Any) -> Check:
    def check(value: Any) -> bool:
        try:
            return bool(passes(value, bound))
        except TypeError:  # Cerberus skips an uncomparable value; leave the answer to it
            return False

    return check
