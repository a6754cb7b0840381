"""One typed view of a Cerberus schema and its `meta` conventions, for every code that walks one.

A field's rules become a node: a `Mapping` of named fields, a `KeyedList` whose items merge,
diff and count as unique by a key (`meta: {key: id}`, joining `meta: {collection: NAME}`), a
`List` of items, or a `Scalar`. Each node carries its documentation (`meta.doc`,
`meta.markdown`) and the collection it names (`meta.ref`); the raw rules stay on the node for
what only validation and the JSON Schema export read (bounds, patterns). Registry names
(`owner`, `schema: criterion`) are followed once, here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Rules = dict[str, Any]


@dataclass(frozen=True, eq=False)
class Node:
    """One field of a schema."""

    rules: Rules  # the Cerberus rules, registry names already followed
    type: Any = None  # a Cerberus type name, a list of names, or None when the rules set none
    required: bool = False
    allowed: tuple[Any, ...] = ()
    doc: str = ""
    markdown: bool = False
    ref: str | None = None  # the collection whose IDs this field names
    deprecated: str = ""  # what replaces a deprecated field, for editors and the field reference


@dataclass(frozen=True, eq=False)
class Mapping(Node):
    """A dict field: its named fields, in schema order."""

    fields: dict[str, Node] = field(default_factory=dict)
    declared: bool = False  # the rules give a field schema (an empty one counts)
    values: Node | None = None  # `valuesrules`: the rules every value shares, whatever its key
    allow_unknown: bool = False


@dataclass(frozen=True, eq=False)
class List(Node):
    """A list field; `item` is None when the schema says nothing of its items."""

    item: Node | None = None


@dataclass(frozen=True, eq=False)
class KeyedList(List):
    """A list whose items are told apart by `key`; with a `collection`, unique across its lists."""

    key: str = "id"
    collection: str | None = None


@dataclass(frozen=True, eq=False)
class Scalar(Node):
    """Any other field: text, numbers, dates, IDs, choices."""


def build(
    rules: Rules | str,
    rules_set: Callable[[Rules | str], Rules],
    named_schema: Callable[[str], Rules],
) -> Node:
    """The node of one field's rules; `rules_set` and `named_schema` follow registry names."""
    rules = rules_set(rules)
    meta = rules.get("meta", {})
    common: dict[str, Any] = {
        "rules": rules,
        "type": rules.get("type"),
        "required": bool(rules.get("required")),
        "allowed": tuple(rules.get("allowed", ())),
        "doc": meta.get("doc", ""),
        "markdown": bool(meta.get("markdown")),
        "ref": meta.get("ref"),
        "deprecated": meta.get("deprecated", ""),
    }
    schema = rules.get("schema")
    if isinstance(schema, str) or (rules.get("type") == "dict"):
        fields = named_schema(schema) if isinstance(schema, str) else schema
        values = rules.get("valuesrules")
        return Mapping(
            **common,
            fields={k: build(v, rules_set, named_schema) for k, v in (fields or {}).items()},
            declared=fields is not None,
            values=build(values, rules_set, named_schema) if values is not None else None,
            allow_unknown=bool(rules.get("allow_unknown")),
        )
    if rules.get("type") == "list":
        item = build(schema, rules_set, named_schema) if schema is not None else None
        if "key" in meta:
            return KeyedList(**common, item=item, key=meta["key"], collection=meta.get("collection"))
        return List(**common, item=item)
    return Scalar(**common)


def child(node: Node | None, part: str | int) -> Node | None:
    """The node one step below `node`: a mapping's field by name, a list's item by index."""
    if isinstance(part, int):
        return node.item if isinstance(node, List) else None
    if isinstance(node, Mapping):
        return node.fields.get(part)
    return None


def fields_of(node: Node | None) -> dict[str, Node]:
    """A mapping's fields; none for anything else (data of the wrong type gets no rules)."""
    return node.fields if isinstance(node, Mapping) else {}


def item_of(node: Node | None) -> Node | None:
    """A list's item node; None for anything else."""
    return node.item if isinstance(node, List) else None


def collections(node: Node) -> list[str]:
    """The collections declared anywhere under `node`, depth first."""
    found = [node.collection] if isinstance(node, KeyedList) and node.collection else []
    for below in (*fields_of(node).values(), *([node.item] if isinstance(node, List) and node.item else [])):
        found += collections(below)
    return found
