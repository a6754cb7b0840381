"""The JSON Schema export agrees with the Cerberus schemas it is derived from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import jsonschema
import pytest

from generator.authoring.fmt import document_type
from generator.authoring.jsonschema_export import TYPES, ExportError, export_all, export_document, to_json
from generator.core.diagnostics import Location, display_path
from generator.load.locations import FileOrigins, Origins, locate
from generator.load.sources import PlaybookFolder
from generator.load.yaml_loader import LoadError, load_yaml
from generator.schema.schemas import SchemaSet, load_schemas
from generator.schema.types import CUSTOM_TYPES
from generator.validate.folder import validate_folder
from generator.validate.schema_diagnostics import schema_diagnostics
from tests.conftest import CASES, ROOT

SCHEMAS = load_schemas()
PARTIAL = export_all(SCHEMAS)
COMPLETE = export_all(SCHEMAS, complete=True)
JSON_DIR = ROOT / "schemas" / "json"
CASE_FOLDERS = sorted(p for p in CASES.iterdir() if (p / "playbook.yaml").is_file())


def errors(schema: dict, data: object) -> list[jsonschema.ValidationError]:
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(data))


def error_locations(schema: dict, data: object, origins: Origins) -> set[Location]:
    """Where JSON Schema finds fault, pointed at as `playbook validate` points: unknown keys at the key."""
    found = set()
    for error in errors(schema, data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            instance, properties = cast(dict, error.instance), cast(dict, error.schema).get("properties", {})
            extra = [k for k in instance if k not in properties]
            found |= {locate(origins, (*path, key), at_key=True) for key in extra}
        else:
            found.add(locate(origins, path))
    return found


def load(path: Path):
    return load_yaml(path, display_path(path))


@pytest.mark.parametrize("name", sorted(PARTIAL))
def test_every_export_is_a_draft_07_schema(name):
    jsonschema.Draft7Validator.check_schema(PARTIAL[name])
    jsonschema.Draft7Validator.check_schema(COMPLETE[name])
    assert PARTIAL[name]["$schema"] == "http://json-schema.org/draft-07/schema#"


# Actuals snapshots are no document: their reader checks them (generator/load/snapshot.py).
VALID_FILES = sorted(p for p in (ROOT / "playbooks").rglob("*.yaml") if p.parent.name != "actuals") + sorted(
    (ROOT / "site_config" / "brands").glob("*.yml")
)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_playbook_file_of_the_repository_is_valid(path):
    document = document_type(path, SCHEMAS)
    data = load(path).data
    assert [e.message for e in errors(PARTIAL[document], data)] == []
    if "templates" in path.parts:  # templates are complete
        assert [e.message for e in errors(COMPLETE[document], data)] == []


SAMPLES = [
    "discovery-call", "Discovery", "a--b", "x" * 65, "", "2026-01-05", "2026-13-01", "2026-02-30", "26-01-05",
    0, 0.5, 1, 1.5, -1, True, None, "1.2.0", "1.2", "01.2.3", "1.2.3-rc.1", "USD", "usd", "#1F5B45", "#fff",
    "#12", "0.5", [], {},
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(CUSTOM_TYPES))
def test_each_custom_type_accepts_what_the_validator_accepts(name):
    custom = CUSTOM_TYPES[name]
    for value in SAMPLES:
        assert (not errors(TYPES[name], value)) == custom.check(value), (name, value)


def test_every_type_has_a_translation():
    assert set(CUSTOM_TYPES) <= set(TYPES)


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=lambda p: p.name)
def test_a_case_files_errors_are_those_validate_finds(case):
    """Each file alone: no error `validate` does not find; only fields the template may supply are missed."""
    found = validate_folder(PlaybookFolder(case.resolve()), SCHEMAS).diagnostics
    in_case = [d for d in found if "brands" not in d.location.file]  # brands: see below
    by_validate = {d.location for d in in_case if d.rule.startswith("schema")}
    required = {d.location for d in in_case if d.rule == "schema-required"}
    by_export: set[Location] = set()
    for path in sorted(case.glob("*.yaml")):
        document = document_type(path, SCHEMAS)
        try:
            loaded = load(path)
        except LoadError:
            continue
        if document:
            by_export |= error_locations(PARTIAL[document], loaded.data, FileOrigins(loaded.source))
    assert by_export <= by_validate
    assert by_validate - by_export <= required


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=lambda p: p.name)
def test_the_complete_export_finds_exactly_what_validate_finds_in_the_merged_playbook(case):
    validation = validate_folder(PlaybookFolder(case.resolve()), SCHEMAS)
    if validation.playbook.extends_failed:
        pytest.skip("nothing is checked against the schemas when `extends` fails")
    by_validate = {d.location for d in validation.diagnostics if d.rule.startswith("schema")}
    by_validate -= {d.location for d in validation.diagnostics if "brands" in d.location.file}
    by_export: set[Location] = set()
    for name, document in validation.playbook.documents.items():
        by_export |= error_locations(COMPLETE[name], document.data, document.origins)
    assert by_export == by_validate


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "site_config" / "brands").glob("*.yml")), ids=lambda p: p.name
)
def test_brand_files_get_the_same_verdict(path):
    try:
        loaded = load(path)
    except LoadError:
        pytest.skip("does not load")
    origins = FileOrigins(loaded.source)
    by_validate = {d.location for d in schema_diagnostics(SCHEMAS, "brand", loaded.data, origins)}
    assert error_locations(COMPLETE["brand"], loaded.data, origins) == by_validate


def test_a_client_file_may_leave_out_what_its_template_provides():
    stages = {"stages": [{"id": "discovery", "probability": 0.1}, {"id": "lost", "$remove": True}]}
    assert errors(PARTIAL["stages"], stages) == []
    assert errors(PARTIAL["icp"], {"owner": "head-of-sales"}) == []
    assert errors(PARTIAL["stages"], {"meta": {"anything": [1, {"goes": True}]}}) == []


def test_what_a_file_must_hold_whole_is_required():
    assert [e.message for e in errors(PARTIAL["playbook"], {"currency": "USD"})] == [
        "'version' is a required property"
    ]
    entry = {"version": "1.0.0", "changelog": [{"version": "1.0.0"}]}
    assert {e.message for e in errors(PARTIAL["playbook"], entry)} == {
        "'date' is a required property",
        "'summary' is a required property",
    }
    # Items of a list without a key replace the template's list, so they are written whole.
    use_when = {"version": "1.0.0", "template": {"name": "T", "summary": "S"}}
    assert [e.message for e in errors(PARTIAL["playbook"], use_when)] == ["'use_when' is a required property"]


def test_an_item_of_a_keyed_list_needs_its_key_and_nothing_unknown():
    messages = {e.message for e in errors(PARTIAL["stages"], {"stages": [{"label": "X", "colour": 1}]})}
    assert messages == {
        "'id' is a required property",
        "Additional properties are not allowed ('colour' was unexpected)",
    }


def test_descriptions_come_from_the_schema_docs():
    stage = PARTIAL["stages"]["properties"]["stages"]["items"]["properties"]["probability"]
    assert stage == {
        "description": "Win probability of a deal in this stage, from 0 to 1.",
        "type": "number",
        "minimum": 0,
        "maximum": 1,
    }


def test_a_doc_with_code_is_also_given_as_markdown():
    status = PARTIAL["stages"]["properties"]["stages"]["items"]["properties"]["status"]
    assert "`active`" in status["description"]
    assert status["markdownDescription"] == status["description"]


def test_a_rule_without_a_translation_is_an_error():
    schemas = SchemaSet({"doc": {"x": {"type": "string", "coerce": "int"}}}, {}, {})
    with pytest.raises(ExportError, match="rule `coerce` has no JSON Schema translation"):
        export_document(schemas, "doc")


def test_the_committed_json_schemas_are_up_to_date():
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in JSON_DIR.glob("*.json")}
    expected = {f"{name}.schema.json": to_json(schema) for name, schema in PARTIAL.items()}
    assert on_disk == expected, "schemas/json/ is stale: run `playbook schema --json-schema`"


def test_the_command_writes_one_schema_per_document(cli, tmp_path):
    result = cli("schema", "--json-schema", "-o", str(tmp_path / "out"))
    assert result.status == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{name}.schema.json" for name in SCHEMAS.documents)
    assert json.loads((tmp_path / "out" / "stages.schema.json").read_text()) == PARTIAL["stages"]
