"""The typed view of the schemas: what merge, diff, fmt, the rules and the exports walk."""

from __future__ import annotations

import pytest

from generator.schema.schemas import load_schemas
from generator.schema.view import KeyedList, List, Mapping, Node, Scalar, child, collections

SCHEMAS = load_schemas()


def _nodes(node: Node, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Node]]:
    found = [(path, node)]
    if isinstance(node, Mapping):
        for name, below in node.fields.items():
            found += _nodes(below, (*path, name))
    elif isinstance(node, List) and node.item is not None:
        found += _nodes(node.item, (*path, "[]"))
    return found


def test_a_document_is_a_mapping_of_typed_fields():
    stages = SCHEMAS.view("stages")
    assert isinstance(stages, Mapping)
    pipeline = stages.fields["stages"]
    assert isinstance(pipeline, KeyedList)
    assert (pipeline.key, pipeline.collection) == ("id", "stages")
    assert isinstance(pipeline.item, Mapping)
    assert isinstance(pipeline.item.fields["activities"], List)
    assert not isinstance(pipeline.item.fields["activities"], KeyedList)


def test_registry_names_are_followed():
    # `owner` is a shared rule set and `criterion` a shared schema: the view holds what they name.
    owner = SCHEMAS.node_at("stages", ("owner",))
    assert isinstance(owner, Scalar) and owner.ref == "roles" and owner.doc
    criterion = SCHEMAS.node_at("stages", ("stages", 0, "exit_criteria", 0))
    assert isinstance(criterion, Mapping) and "statement" in criterion.fields


def test_child_steps_into_fields_and_items_only():
    stages = SCHEMAS.view("stages")
    assert child(stages, 0) is None
    assert child(child(stages, "stages"), "id") is None
    assert child(None, "stages") is None


@pytest.mark.parametrize("document", sorted(SCHEMAS.documents))
def test_the_view_says_what_the_rules_say(document):
    for path, node in _nodes(SCHEMAS.view(document)):
        meta = node.rules.get("meta", {})
        assert (node.doc, node.ref, node.markdown) == (
            meta.get("doc", ""),
            meta.get("ref"),
            bool(meta.get("markdown")),
        ), path
        assert isinstance(node, KeyedList) == ("key" in meta), path
        if isinstance(node, KeyedList):
            assert (node.key, node.collection) == (meta["key"], meta.get("collection")), path


def test_collections_are_found_at_any_depth():
    assert collections(SCHEMAS.view("milestones")) == ["phases", "milestones", "deliverables"]
