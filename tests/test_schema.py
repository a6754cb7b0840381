"""The schemas themselves: every field documented, every keyed list declares its key."""

from __future__ import annotations

import pytest

from generator.core.documents import DOCUMENTS
from generator.render.field_reference import fields, render_markdown
from generator.schema.schemas import load_schemas


@pytest.mark.parametrize("document", [d.name for d in DOCUMENTS])
def test_every_field_has_a_one_line_meaning(document):
    undocumented = [row.path for row in fields(load_schemas(), document) if not row.meaning]
    assert not undocumented


@pytest.mark.parametrize("document", [d.name for d in DOCUMENTS])
def test_every_list_of_items_with_an_id_declares_its_key(document):
    schemas = load_schemas()
    missing = []
    for row in fields(schemas, document):
        rules = schemas.rules_at(document, tuple(p for p in row.path.replace("[]", "").split(".")))
        if rules and rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
            item_fields = schemas.mapping(schemas.rules(rules["schema"])) or {}
            if "id" in item_fields and rules.get("meta", {}).get("key") != "id":
                missing.append(row.path)
    assert not missing


def test_reference_marks_markdown_fields_and_types():
    text = render_markdown(load_schemas())
    assert "| `stages[].purpose` | string | yes |" in text
    purpose_row = next(line for line in text.splitlines() if line.startswith("| `stages[].purpose`"))
    assert "**Markdown.**" in purpose_row
    label_row = next(line for line in text.splitlines() if line.startswith("| `stages[].label`"))
    assert "Markdown" not in label_row
    assert "| `ratio` | a number from 0 to 1 |" in text


@pytest.mark.parametrize("document", [*(d.name for d in DOCUMENTS), "brand"])
def test_cerberus_accepts_every_schema(document):
    """At run time the schemas are trusted; here Cerberus checks each one against its own rules."""
    from cerberus.schema import SchemaError

    try:
        load_schemas().validator(document, check=True)
    except SchemaError as exc:  # pragma: no cover - the message is the test's failure report
        pytest.fail(f"schemas/{document}.yaml: {exc}")


def test_the_schema_check_catches_a_broken_schema():
    from cerberus.schema import SchemaError

    from generator.schema.schemas import SchemaSet

    broken = SchemaSet({"x": {"name": {"type": "no-such-type"}}}, {}, {})
    with pytest.raises(SchemaError):
        broken.validator("x", check=True)
