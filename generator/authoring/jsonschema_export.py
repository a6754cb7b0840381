"""JSON Schema (draft-07) of each document, derived from the Cerberus schemas so the two agree.

Editors use these for completion and checking as you type (`# yaml-language-server: $schema=…`).
Every rule of schemas/ is translated; a rule without a translation is an error, not a silent gap.

A client playbook writes only what differs from its template, so a field is `required` only
where the file must hold it whole: the manifest's own fields (`version`, `changelog`,
`template`), and the items of lists that replace the template's list instead of merging with it.
Items of lists merged by key need only their key, and may be `{id: x, $remove: true}`.
`playbook validate` checks the merged playbook for everything else. `complete=True` requires
every required field everywhere, as in the merged playbook.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.core.documents import DOCUMENTS_BY_NAME
from generator.core.errors import PlaybookError
from generator.core.limits import MAX_MONEY
from generator.resolve.merge import AFTER, NOT_INHERITED, REMOVE
from generator.schema.schemas import SchemaSet
from generator.schema.types import COLOR_PATTERN, CURRENCY_PATTERN, ID_PATTERN, SEMVER_PATTERN
from generator.schema.view import KeyedList, List, Mapping, Node
from generator.validate.policy import LEVELS
from generator.validate.rules import RULES

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_DATE = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"

TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "dict": {"type": "object"},
    "list": {"type": "array"},
    "id": {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": 64},
    "date": {"type": "string", "pattern": _DATE, "format": "date"},
    "ratio": {"type": "number", "minimum": 0, "maximum": 1},
    "semver": {"type": "string", "pattern": SEMVER_PATTERN.pattern},
    "money": {"type": "number", "minimum": 0, "maximum": MAX_MONEY},
    "currency": {"type": "string", "pattern": CURRENCY_PATTERN.pattern},
    "color": {"type": "string", "pattern": COLOR_PATTERN.pattern},
}
"""Each Cerberus type, built-in or custom (generator/schema_types.py), as JSON Schema."""

_HANDLED = {"type", "required", "meta", "schema", "allow_unknown", "allowed", "empty", "regex", "valuesrules"}
_HANDLED |= {"minlength", "maxlength", "min", "max"}
_REMOVE_DOC = "Remove the item with this key that the template defines (only in a playbook that extends one)."
_AFTER_DOC = (
    "Place this item right after the item with this key (null: first), in a playbook that extends a template."
)


class ExportError(PlaybookError):
    """A schema uses a rule that has no JSON Schema translation yet."""


def export_document(schemas: SchemaSet, document: str, *, complete: bool = False) -> dict[str, Any]:
    """The JSON Schema of one document type."""
    title = DOCUMENTS_BY_NAME[document].title if document in DOCUMENTS_BY_NAME else document.title()
    out: dict[str, Any] = {"$schema": DRAFT_07, "title": title}
    exporter = _Exporter(schemas, complete)
    own = set(NOT_INHERITED) if document == "playbook" else set()
    out.update(exporter.mapping(schemas.view(document), whole=complete, whole_fields=own))
    if document == "playbook" and "rules" in out["properties"]:
        out["properties"]["rules"].update(_policy_properties())
    return out


def _policy_properties() -> dict[str, Any]:
    """`rules:` completes each advice rule's ID and the levels it can be set to."""
    levels = {"type": "string", "enum": list(LEVELS)}
    properties = {
        r.id: {**levels, "description": f"{r.summary} Default: {r.severity.value}."}
        for r in sorted(RULES, key=lambda r: r.id)
        if r.is_advice
    }
    return {"properties": properties, "additionalProperties": levels}


def export_all(schemas: SchemaSet, *, complete: bool = False) -> dict[str, dict[str, Any]]:
    """Every document's JSON Schema, by document name."""
    return {name: export_document(schemas, name, complete=complete) for name in schemas.documents}


def to_json(schema: dict[str, Any]) -> str:
    """The text written to disk: stable, readable, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_json_schemas(schemas: SchemaSet, directory: Path) -> list[Path]:
    """Write DIRECTORY/<document>.schema.json for every document; unchanged files are not touched."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in export_all(schemas).items():
        path = directory / f"{name}.schema.json"
        text = to_json(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


class _Exporter:
    """Walks Cerberus rules and builds the matching JSON Schema."""

    def __init__(self, schemas: SchemaSet, complete: bool) -> None:
        self.schemas = schemas
        self.complete = complete

    def mapping(
        self,
        node: Node,
        *,
        whole: bool,
        whole_fields: set[str] | None = None,
        allow_unknown: bool = False,
    ) -> dict[str, Any]:
        """An object with a mapping's fields; `whole` when this file must hold all its required fields."""
        whole_fields = whole_fields or set()
        properties, required = {}, []
        fields = node.fields if isinstance(node, Mapping) else {}
        for name, child in fields.items():
            field_whole = whole or name in whole_fields
            properties[name] = self.field(child, whole=field_whole)
            if child.required and field_whole:
                required.append(name)
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        if not allow_unknown:
            out["additionalProperties"] = False
        return out

    def field(self, node: Node, *, whole: bool) -> dict[str, Any]:
        """One field's rules as JSON Schema."""
        unknown = set(node.rules) - _HANDLED
        if unknown:
            raise ExportError(f"schemas/: rule `{sorted(unknown)[0]}` has no JSON Schema translation")
        out: dict[str, Any] = {}
        if node.doc:
            out["description"] = node.doc
            if "`" in node.doc:
                # The docs write code in backticks; editors escape a plain description, so
                # hover would show the backslashes and backticks instead of code.
                out["markdownDescription"] = node.doc
        if node.deprecated:
            out["deprecationMessage"] = node.deprecated  # yaml-language-server strikes the field through
        out.update(self._type(node.type))
        kind = out.get("type")
        if kind == "object" and isinstance(node, Mapping):
            out.update(self._object(node, whole))
        elif kind == "array" and isinstance(node, List) and node.item is not None:
            out["items"] = self._items(node, node.item, whole)
        self._constraints(node.rules, kind, out)
        if kind == "array" and not whole and isinstance(node, KeyedList):
            out.pop("minItems", None)  # a list merged by key: the merged list's length counts
            out.pop("maxItems", None)
        return out

    def _type(self, name: Any) -> dict[str, Any]:
        if name is None:
            return {}
        if isinstance(name, list):
            return {"anyOf": [self._type(n) for n in name]}
        if name not in TYPES:
            raise ExportError(f"schemas/: type `{name}` has no JSON Schema translation")
        return dict(TYPES[name])

    def _object(self, node: Mapping, whole: bool) -> dict[str, Any]:
        if node.values is not None:  # a mapping of any keys whose values share one set of rules
            return {"additionalProperties": self.field(node.values, whole=True)}
        if not node.declared:
            return {} if node.allow_unknown else {"additionalProperties": False}
        out = self.mapping(node, whole=whole, allow_unknown=node.allow_unknown)
        del out["type"]
        return out

    def _items(self, node: List, item: Node, whole: bool) -> dict[str, Any]:
        """A list's items: whole unless the list merges with the template's by key."""
        if whole or not isinstance(node, KeyedList):
            return self.field(item, whole=True)
        items = self.field(item, whole=False)
        items["properties"][REMOVE] = {"const": True, "description": _REMOVE_DOC}
        items["properties"][AFTER] = {"type": ["string", "null"], "description": _AFTER_DOC}
        items["required"] = [node.key]
        return items

    def _constraints(self, rules: dict[str, Any], kind: Any, out: dict[str, Any]) -> None:
        """Lengths, ranges, allowed values and patterns, on the keyword the type calls for."""
        length = {"string": ("minLength", "maxLength"), "array": ("minItems", "maxItems")}
        length["object"] = ("minProperties", "maxProperties")
        low, high = length.get(kind, ("minLength", "maxLength"))
        if rules.get("empty") is False:
            _tighten(out, low, 1, max)
        if "minlength" in rules:
            _tighten(out, low, rules["minlength"], max)
        if "maxlength" in rules:
            _tighten(out, high, rules["maxlength"], min)
        if "min" in rules:
            _tighten(out, "minimum", rules["min"], max)
        if "max" in rules:
            _tighten(out, "maximum", rules["max"], min)
        if "allowed" in rules:
            target = out.setdefault("items", {}) if kind == "array" else out
            target["enum"] = list(rules["allowed"])
        if "regex" in rules:
            # Cerberus matches the whole value; one pattern per schema, so a type's goes in allOf.
            pattern = f"^(?:{rules['regex']})$"
            if "pattern" in out:
                out.setdefault("allOf", []).append({"pattern": pattern})
            else:
                out["pattern"] = pattern


def _tighten(out: dict[str, Any], keyword: str, value: Any, stricter: Any) -> None:
    """Set a bound, keeping the stricter of it and one the type already set."""
    out[keyword] = stricter(out[keyword], value) if keyword in out else value
