"""The committed JSON Schemas in the real editor server: yaml-language-server from npm.

The server reads schemas/json/ as an editor does: the example playbooks through the `yaml.schemas`
setting (they carry no modeline), documents written here through the modeline `playbook new`
writes. `make test` installs the server (the Makefile pins its version).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator

import pytest

from generator.authoring.scaffold import _schema_line
from tests.conftest import ROOT
from tests.lsp import LanguageServer

SERVER = ROOT / ".venv" / "yaml-language-server" / "node_modules" / "yaml-language-server"
NODE = shutil.which("node")
SCHEMAS = ROOT / "schemas" / "json"
PLAYBOOKS = ROOT / "playbooks"
DOCUMENTS = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
SCRATCH = itertools.count(1)
"""Documents written here open as playbooks/editor-<n>/ (never on disk), so the modeline resolves as
in a client folder; each in a folder of its own, since the server clears a closed document's
diagnostics after it is closed."""

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="yaml-language-server needs Node.js, which is not installed"),
    pytest.mark.skipif(not SERVER.is_dir(), reason="`make test` installs yaml-language-server"),
]


def _settings() -> dict:
    schemas = {(SCHEMAS / f"{d}.schema.json").as_uri(): [f"playbooks/**/{d}.yaml"] for d in DOCUMENTS}
    schemas[(SCHEMAS / "brand.schema.json").as_uri()] = ["site_config/brands/*.yml"]
    # No schema store: the server would fetch its catalogue from the network.
    yaml = {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemas": schemas,
        "schemaStore": {"enable": False},
    }
    return {"yaml": yaml}


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    assert NODE is not None
    command = [NODE, str(SERVER / "bin" / "yaml-language-server"), "--stdio"]
    language_server = LanguageServer(command, ROOT, _settings())
    try:
        yield language_server
    finally:
        language_server.shutdown()


def written(server: LanguageServer, document: str, text: str) -> tuple[str, tuple[int, int]]:
    """Open TEXT as a new client file of DOCUMENT; the position of `|` in it, which is removed."""
    text = _schema_line(document) + text
    offset = text.index("|")
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    uri = server.open(PLAYBOOKS / f"editor-{next(SCRATCH)}" / f"{document}.yaml", text.replace("|", "", 1))
    return uri, (line, column)


def completion_labels(server: LanguageServer, document: str, text: str) -> set[str]:
    uri, (line, column) = written(server, document, text)
    try:
        return {item["label"] for item in server.completion(uri, line, column)}
    finally:
        server.close(uri)


def diagnostics(server: LanguageServer, document: str, text: str) -> list[tuple[int, str]]:
    """(line, message) of each diagnostic the server publishes for TEXT, lines counted from 1 in TEXT."""
    uri, _ = written(server, document, text + "|")
    try:
        found = server.wait_diagnostics(uri)
    finally:
        server.close(uri)
    return [(d["range"]["start"]["line"], d["message"]) for d in found]


def schema_at(document: str, *path: str) -> dict:
    """The schema of a field, by property names (`[]` steps into list items)."""
    node = json.loads((SCHEMAS / f"{document}.schema.json").read_text(encoding="utf-8"))
    for step in path:
        node = node["items"] if step == "[]" else node["properties"][step]
    return node


def test_every_example_file_is_clean_in_the_server(server):
    """Every playbook, template and brand file as it is: the one diagnostic is the deprecated field
    copperline keeps on purpose (the server reports a deprecation with error severity)."""
    found = []
    files = sorted(PLAYBOOKS.rglob("*.yaml")) + sorted((ROOT / "site_config" / "brands").glob("*.yml"))
    assert len(files) > 40
    for path in files:
        uri = server.open(path)
        for d in server.wait_diagnostics(uri):
            found.append((path.relative_to(ROOT).as_posix(), d["range"]["start"]["line"] + 1, d["message"]))
        server.close(uri)
    deprecated = schema_at("stages", "stages", "[]", "framework_elements")["deprecationMessage"]
    assert found == [("playbooks/copperline/stages.yaml", 7, deprecated)]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_an_empty_document_completes_every_top_level_field(server, document):
    expected = set(schema_at(document)["properties"])
    if "required" in schema_at(document):  # the server offers the required fields as one snippet, by title
        expected.add(schema_at(document)["title"])
    assert completion_labels(server, document, "|\n") == expected


def test_a_client_file_may_remove_and_place_template_items(server):
    text = "stages:\n  - id: discover\n    $remove: true\n  - id: extra\n    $after: null\n    label: Extra\n"
    assert diagnostics(server, "stages", text) == []


STAGE = "stages:\n  - id: discover\n    |\n"


def test_a_stage_completes_its_fields_new_and_old(server):
    labels = completion_labels(server, "stages", STAGE)
    new = {"status", "forecast_category", "ageing", "moves", "required_fields", "sla", "framework"}
    assert new | {"label", "probability", "exit_criteria", "entry_criteria"} <= labels
    assert "framework_elements" not in labels  # the server offers no deprecated field
    assert "id" not in labels  # already written


def test_a_stage_framework_completes_worked_on_and_confirmed(server):
    labels = completion_labels(server, "stages", "stages:\n  - id: discover\n    framework:\n      |\n")
    assert labels == {"works_on", "confirms"}


def test_a_criterion_completes_conditions_groups_and_verifier(server):
    text = "stages:\n  - id: discover\n    exit_criteria:\n      - id: budget\n        |\n"
    labels = completion_labels(server, "stages", text)
    assert {"applies_when", "any_of", "all_of", "verified_by", "statement", "evidence"} <= labels


def test_a_verifier_completes_its_allowed_values(server):
    text = "stages:\n  - id: discover\n    exit_criteria:\n      - id: budget\n        verified_by: |\n"
    assert completion_labels(server, "stages", text) == {"buyer", "mutual", "seller", "system"}


def test_a_process_step_completes_its_fields(server):
    labels = completion_labels(server, "stages", "steps:\n  - id: intake\n    |\n")
    expected = set(schema_at("stages", "steps", "[]")["properties"]) - {"id", "$remove", "$after"}
    assert expected <= labels


def test_icp_scoring_completes_groups_and_tier_divider(server):
    labels = completion_labels(server, "icp", "scoring:\n  |\n")
    assert {"groups", "tier_divider"} <= labels


def test_a_ramp_certification_completes_its_fields(server):
    text = "plans:\n  - role: ae\n    periods:\n      - id: d1-30\n        certifications:\n          - id: demo\n            |\n"
    labels = completion_labels(server, "ramp", text)
    assert {"scorecard", "pass_points", "assessors", "requires"} <= labels


def test_a_cadence_agenda_item_completes_every_weeks(server):
    text = "meetings:\n  - id: forecast\n    agenda:\n      - |\n"
    assert "every_weeks" in completion_labels(server, "cadence", text)


def test_the_manifest_completes_crm_and_rules(server):
    assert {"crm", "rules"} <= completion_labels(server, "playbook", "version: 1.0.0\n|\n")
    assert "systems" in completion_labels(server, "playbook", "crm:\n  |\n")


def test_hover_shows_the_fields_doc(server):
    uri, (line, column) = written(server, "stages", "stages:\n  - id: discover\n    sta|tus: open\n")
    try:
        shown = server.hover(uri, line, column)
    finally:
        server.close(uri)
    assert schema_at("stages", "stages", "[]", "status")["description"] in shown


def test_a_deprecated_field_is_reported_with_its_message(server):
    """The server reports `deprecationMessage` over the whole field, as an error without the
    Deprecated tag (it turns every schema warning into an error), and never offers the field."""
    uri, _ = written(server, "stages", "stages:\n  - id: discover\n    framework_elements: [budget]\n|")
    try:
        found = server.wait_diagnostics(uri)
    finally:
        server.close(uri)
    deprecated = schema_at("stages", "stages", "[]", "framework_elements")["deprecationMessage"]
    assert [(d["range"], d["message"], d["severity"], d.get("tags")) for d in found] == [
        ({"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 32}}, deprecated, 1, None)
    ]


def test_a_wrong_stage_status_is_reported_on_its_line(server):
    found = diagnostics(
        server, "stages", "stages:\n  - id: discover\n    label: Discover\n    status: maybe\n"
    )
    assert found == [(4, 'Value is not accepted. Valid values: "active", "draft", "proposed", "retired".')]


def test_a_wrong_verifier_is_reported_on_its_line(server):
    text = "stages:\n  - id: discover\n    exit_criteria:\n      - id: budget\n        verified_by: nobody\n"
    found = diagnostics(server, "stages", text)
    assert found == [(5, 'Value is not accepted. Valid values: "buyer", "mutual", "seller", "system".')]


def test_an_unknown_field_is_reported_on_its_line(server):
    found = diagnostics(server, "stages", "stages:\n  - id: discover\n    forecast: commit\n")
    assert found == [(3, "Property forecast is not allowed.")]


def test_a_brand_file_is_checked_against_the_brand_schema(server):
    path = ROOT / "site_config" / "brands" / "fernhill.yml"
    text = path.read_text(encoding="utf-8") + "palette: dark\n"
    uri = server.open(path, text)
    try:
        found = [(d["range"]["start"]["line"] + 1, d["message"]) for d in server.wait_diagnostics(uri)]
    finally:
        server.close(uri)
    assert found == [(text.count("\n"), "Property palette is not allowed.")]


def test_a_conditional_criterion_with_a_group_gives_no_error(server):
    text = """stages:
  - id: discover
    exit_criteria:
      - id: budget
        applies_when:
          deal_size_at_least: 50000
          segment: mid-market
        any_of:
          - id: signed-budget
            statement: The buyer named the budget line.
            verified_by: buyer
          - id: approved-spend
            statement: Finance approved the spend.
            verified_by: system
"""
    assert diagnostics(server, "stages", text) == []


def test_completion_items_carry_the_fields_doc(server):
    uri, (line, column) = written(server, "stages", STAGE)
    try:
        items = {item["label"]: item for item in server.completion(uri, line, column)}
    finally:
        server.close(uri)
    assert items["sla"]["documentation"] == schema_at("stages", "stages", "[]", "sla")["description"]


def test_rules_complete_each_advice_rule_and_its_levels(server):
    rules = schema_at("playbook", "rules")["properties"]
    assert completion_labels(server, "playbook", "rules:\n  |\n") == set(rules)
    first = sorted(rules)[0]
    assert completion_labels(server, "playbook", f"rules:\n  {first}: |\n") == {'"off"', "error", "warning"}


def test_a_crm_system_completes_the_known_systems(server):
    systems = schema_at("playbook", "crm", "systems", "[]")
    assert completion_labels(server, "playbook", "crm:\n  systems:\n    - |\n") == set(systems["enum"])


KEY = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_$][\w$-]*):(?:\s|$)")


def keys_outside_meta(text: str) -> Iterator[tuple[int, int]]:
    """(line, column) of every mapping key written in block style, except inside `meta:`, which is free-form."""
    meta_indent = None
    for number, line in enumerate(text.splitlines()):
        match = KEY.match(line)
        if not match:
            continue
        column = len(match.group(1))
        if meta_indent is not None and column > meta_indent:
            continue
        meta_indent = column if match.group(2) == "meta" else None
        yield number, column


def test_every_key_of_the_examples_shows_its_doc_on_hover(server):
    """What an editor shows under the pointer: each field's doc, beyond the title and the source line."""
    undocumented, count = [], 0
    for path in sorted(PLAYBOOKS.rglob("*.yaml")):
        if "actuals" in path.parts:
            continue  # no schema: an actuals snapshot is checked by `playbook validate`
        text = path.read_text(encoding="utf-8")
        uri = server.open(path)
        for line, column in keys_outside_meta(text):
            count += 1
            shown = server.hover(uri, line, column + 1).splitlines()
            doc = [s for s in shown if s.strip() and not s.startswith(("####", "Source: "))]
            if not doc:
                undocumented.append(f"{path.relative_to(ROOT)}:{line + 1}")
        server.close(uri)
    assert count > 5000
    assert undocumented == []


def objects(node: dict, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict]]:
    """Every object with declared fields in a schema, with its path (`[]` for a list's items)."""
    fields = node.get("properties", {})
    if fields:
        yield path, node
    for name, field in fields.items():
        if "deprecationMessage" in field:
            continue
        if field.get("type") == "object":
            yield from objects(field, (*path, name))
        items = field.get("items")
        if field.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
            yield from objects(items, (*path, name, "[]"))


def nested(path: tuple[str, ...]) -> str:
    """A document of nothing but the keys down PATH, with the cursor `|` where its fields go."""
    lines, indent, item = [], 0, False
    for step in path:
        if step == "[]":
            item = True
            continue
        lines.append(" " * indent + ("- " if item else "") + f"{step}:")
        indent += 4 if item else 2
        item = False
    lines.append(" " * indent + ("- " if item else "") + "|")
    return "\n".join(lines) + "\n"


def test_every_field_of_every_schema_completes_where_it_belongs(server):
    """The editor offers each declared field, at every depth, in a document that has nothing else."""
    missing, count = [], 0
    for document in DOCUMENTS:
        for path, node in objects(schema_at(document)):
            count += 1
            fields = {name for name, field in node["properties"].items() if "deprecationMessage" not in field}
            offered = completion_labels(server, document, nested(path))
            missing += [f"{document}: {'.'.join(path)}.{name}" for name in sorted(fields - offered)]
    assert count > 100
    assert missing == []
