"""Rules driven by the schemas' `meta`: unique IDs within each collection, and references that resolve.

A list field with `meta: {key: id}` must not repeat a key; with `meta: {collection: NAME}` its
items join the named collection; a field with `meta: {ref: NAME}` must name an item of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.core.documents import DOCUMENTS
from generator.core.hints import nearest_hint
from generator.load.locations import DocPath
from generator.validate.rules.base import ERROR, Context, Finding, rule

Collections = dict[str, dict[str, tuple[str, DocPath]]]


def collections(ctx: Context) -> tuple[Collections, set[str]]:
    """Every collection's items (ID → document and path), and the collections that are incomplete."""
    found: Collections = defaultdict(dict)
    declared: dict[str, str] = {}
    for name in sorted(ctx.valid):
        for path, rules, value in ctx.walk(name):
            collection = rules.get("meta", {}).get("collection")
            if collection and isinstance(value, list):
                key = rules["meta"]["key"]
                for i, item in enumerate(value):
                    found[collection].setdefault(item[key], (name, (*path, i, key)))
    for name in ctx.schemas.documents:
        for collection in _declarations(ctx, name):
            declared[collection] = name
    # A collection is incomplete when its document failed to load or validate; an optional
    # document that is simply absent declares an empty collection, so references to it fail.
    absent = {d.name for d in DOCUMENTS if not d.required} - set(ctx.playbook.documents) - ctx.playbook.broken
    broken = ctx.playbook.broken  # a layer failed to load: what merged is not the whole collection
    incomplete = {
        c for c, name in declared.items() if (name not in ctx.valid and name not in absent) or name in broken
    }
    return found, incomplete


def _declarations(ctx: Context, document: str) -> Iterator[str]:
    """The collections a document type declares, found in its schema."""
    stack: list[dict[str, Any]] = [{"type": "dict", "schema": ctx.schemas.documents[document]}]
    while stack:
        rules = stack.pop()
        if collection := rules.get("meta", {}).get("collection"):
            yield collection
        stack.extend(ctx.schemas.rules(v) for v in (ctx.schemas.mapping(rules) or {}).values())
        if rules.get("type") == "list" and isinstance(rules.get("schema"), dict | str):
            stack.append(ctx.schemas.rules(rules["schema"]))


@rule(
    "duplicate-id",
    ERROR,
    (),
    "An ID appears twice in the same list, or twice in a collection that spans lists (milestones, deliverables).",
    "References name IDs; a repeated ID makes every reference to it ambiguous.",
)
def duplicate_id(ctx: Context) -> Iterator[Finding]:
    for name in sorted(ctx.valid):
        seen_in_collection: dict[str, dict[Any, DocPath]] = defaultdict(dict)
        for path, rules, value in ctx.walk(name):
            meta = rules.get("meta", {})
            if "key" not in meta or not isinstance(value, list):
                continue
            key, seen = meta["key"], seen_in_collection[meta.get("collection", repr(path))]
            for i, item in enumerate(value):
                first = seen.setdefault(item.get(key), (*path, i))
                if first != (*path, i):
                    yield Finding(name, (*path, i, key), f"{key} `{item.get(key)}` is already used")


@rule(
    "reference-unknown",
    ERROR,
    (),
    "A reference names an ID that does not exist.",
    "A stage, role or milestone that a reference names must exist, or the playbook points nowhere.",
)
def reference_unknown(ctx: Context) -> Iterator[Finding]:
    found, incomplete = collections(ctx)
    for name in sorted(ctx.valid):
        for path, rules, value in ctx.walk(name):
            target = rules.get("meta", {}).get("ref")
            if not target or target in incomplete or value in found.get(target, {}):
                continue
            hint = nearest_hint(value, found.get(target, {}))
            label = target.replace("-", " ").rstrip("s")
            yield Finding(name, path, f"unknown {label} `{value}`{hint}")
