"""Rules driven by the schemas' typed view: unique IDs within each collection, and references that resolve.

A keyed list (`meta: {key: id}`) must not repeat a key; with a collection (`meta: {collection:
NAME}`) its items join the named collection; a field with a reference (`meta: {ref: NAME}`)
must name an item of it. See generator/schema/view.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.core.documents import DOCUMENTS
from generator.core.hints import nearest_hint
from generator.load.locations import DocPath
from generator.schema.view import KeyedList
from generator.schema.view import collections as declared_collections
from generator.validate.rules.base import ERROR, Context, Finding, rule

Collections = dict[str, dict[str, tuple[str, DocPath]]]


def collections(ctx: Context) -> tuple[Collections, set[str]]:
    """Every collection's items (ID → document and path), and the collections that are incomplete."""
    found: Collections = defaultdict(dict)
    declared: dict[str, str] = {}
    for name in sorted(ctx.valid):
        for path, node, value in ctx.walk(name):
            if isinstance(node, KeyedList) and node.collection and isinstance(value, list):
                key = node.key
                for i, item in enumerate(value):
                    found[node.collection].setdefault(item[key], (name, (*path, i, key)))
    for name in ctx.schemas.documents:
        for collection in declared_collections(ctx.schemas.view(name)):
            declared[collection] = name
    # A collection is incomplete when its document failed to load or validate; an optional
    # document that is simply absent declares an empty collection, so references to it fail.
    absent = {d.name for d in DOCUMENTS if not d.required} - set(ctx.playbook.documents) - ctx.playbook.broken
    broken = ctx.playbook.broken  # a layer failed to load: what merged is not the whole collection
    incomplete = {
        c for c, name in declared.items() if (name not in ctx.valid and name not in absent) or name in broken
    }
    return found, incomplete


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
        for path, node, value in ctx.walk(name):
            if not isinstance(node, KeyedList) or not isinstance(value, list):
                continue
            key, seen = node.key, seen_in_collection[node.collection or repr(path)]
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
        for path, node, value in ctx.walk(name):
            target = node.ref
            if not target or target in incomplete or value in found.get(target, {}):
                continue
            hint = nearest_hint(value, found.get(target, {}))
            label = target.replace("-", " ").rstrip("s")
            yield Finding(name, path, f"unknown {label} `{value}`{hint}")
