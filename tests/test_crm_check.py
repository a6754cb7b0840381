"""`playbook crm check` and `crm import`: a CRM's saved configuration against the playbook, and back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.core.limits import MAX_FILE_BYTES
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "crm"
ROUND_TRIP = FIXTURES / "round-trip"
SYSTEMS = ("salesforce", "hubspot", "pipedrive", "close")
SF_VALUES = "standardValueSets/OpportunityStage.standardValueSet-meta.xml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of its own, so an import writes nowhere near the repository's playbooks."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "playbooks" / "templates", root / "playbooks" / "templates")
    shutil.copytree(ROUND_TRIP, root / "playbooks" / "round-trip")
    monkeypatch.chdir(root)
    return root


PROCESSES: dict[str, tuple[str, ...]] = {
    "New_business": ("Discovery", "Evaluation", "Negotiation", "Won", "Lost"),
    "Renewal": ("Renewal due", "Renewed", "Churned"),
}


def _process(name: str, values: tuple[str, ...]) -> str:
    listed = "".join(
        f"    <values>\n        <fullName>{v}</fullName>\n        <default>false</default>\n    </values>\n"
        for v in values
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<BusinessProcess xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        f"    <fullName>{name}</fullName>\n    <isActive>true</isActive>\n{listed}</BusinessProcess>\n"
    )


def _export(cli, system: str, out: Path, client: str = "round-trip") -> Path:
    result = cli("crm", "export", client, "--to", system, "-o", str(out))
    assert result.status == 0, result.err
    processes = out / "objects" / "Opportunity" / "businessProcesses"
    if system == "salesforce" and not processes.exists():
        # Salesforce keeps one value set; a business process per pipeline says which values it
        # offers. Written here as an admin would retrieve them where the export writes none.
        processes.mkdir(parents=True)
        for name, values in PROCESSES.items():
            (processes / f"{name}.businessProcess-meta.xml").write_text(
                _process(name, values), encoding="utf-8"
            )
    return out


def _stages(folder: Path) -> list[tuple[str, str, object, str]]:
    """Each stage of an imported playbook as (label, category, probability, forecast category)."""
    document = yaml.safe_load((folder / "stages.yaml").read_text(encoding="utf-8"))
    stages = document.get("stages") or [s for p in document["pipelines"] for s in p["stages"]]
    return [(s["label"], s["category"], s.get("probability"), s.get("forecast_category", "")) for s in stages]


# --- export → check: no drift ---------------------------------------------------------------


@pytest.mark.parametrize("system", SYSTEMS)
def test_an_export_has_no_drift(cli, project, system):
    out = _export(cli, system, project / "crm")
    result = cli("crm", "check", "round-trip", str(out))
    assert (result.status, result.out) == (0, "")
    assert result.err.endswith("no drift.\n")


# --- export → import: the same stages -------------------------------------------------------

ROUND_TRIP_STAGES = [
    ("Discovery", "open", 0.1, "Pipeline"),
    ("Evaluation", "open", 0.4, "Best Case"),
    ("Negotiation", "open", 0.8, "Commit"),
    ("Won", "won", 1, "Closed"),
    ("Lost", "lost", 0, "Omitted"),
    ("Renewal due", "open", 0.7, "Commit"),
    ("Renewed", "won", 1, "Closed"),
    ("Churned", "lost", 0, "Omitted"),
]


def _holds(system: str, stage: tuple[str, str, object, str]) -> tuple[str, str, object, str]:
    """What of a stage each system keeps: Salesforce all of it, HubSpot no forecast category, Close
    no probability either; Pipedrive keeps open stages only (import adds placeholder won and lost)."""
    label, category, probability, forecast = stage
    return (
        label,
        category,
        None if system == "close" else probability,
        forecast if system == "salesforce" else "",
    )


@pytest.mark.parametrize("system", SYSTEMS)
def test_export_then_import_gives_the_same_stages(cli, project, system):
    out = _export(cli, system, project / "crm")
    result = cli("crm", "import", str(out), "--client", "again")
    assert result.status == 0, result.err
    imported = _stages(project / "playbooks" / "again")
    expected = [_holds(system, s) for s in ROUND_TRIP_STAGES]
    if system == "pipedrive":
        open_stages = [s for s in expected if s[1] == "open"]
        placeholders = [("Won", "won", 1, ""), ("Lost", "lost", 0, "")]
        expected = open_stages[:3] + placeholders + open_stages[3:] + placeholders
    assert imported == expected
    assert cli("crm", "check", "again", str(out)).status == 0


@pytest.mark.parametrize("system", SYSTEMS)
def test_import_keeps_the_pipelines(cli, project, system):
    out = _export(cli, system, project / "crm")
    assert cli("crm", "import", str(out), "--client", "again").status == 0
    document = yaml.safe_load((project / "playbooks" / "again" / "stages.yaml").read_text(encoding="utf-8"))
    assert [p["label"] for p in document["pipelines"]] == ["New business", "Renewal"]


def test_salesforce_values_of_several_pipelines_need_their_processes(cli, project):
    out = _export(cli, "salesforce", project / "crm")
    shutil.rmtree(out / "objects")
    result = cli("crm", "import", str(out), "--client", "again")
    assert result.status == 1
    assert result.err == (
        f"crm/{SF_VALUES}:58:1: error: `Renewed` is a second won value; to import several pipelines, add the"
        " business processes (objects/Opportunity/businessProcesses/) that say which values each offers"
        " [crm-import]\n"
    )
    assert not (project / "playbooks" / "again").exists()


# --- one change, one diagnostic -------------------------------------------------------------


def _edit_json(path: Path, change) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    change(body)
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def _hubspot_probability(body):
    body["stages"][1]["metadata"]["probability"] = "0.45"


def _hubspot_rename(body):
    body["stages"][1]["label"] = "Technical evaluation"


def _hubspot_extra(body):
    body["stages"].insert(
        2,
        {
            "label": "Security review",
            "displayOrder": 99,
            "metadata": {"probability": "0.5", "isClosed": "false"},
        },
    )
    for order, stage in enumerate(body["stages"]):
        stage["displayOrder"] = order


def _pipedrive(change):
    def edit(body):
        change(body["pipelines"][0]["stages"])

    return edit


def _close(change):
    def edit(body):
        change(body["pipelines"][0]["statuses"])

    return edit


EDITS = {
    ("hubspot", "probability"): ("new-business.json", _hubspot_probability),
    ("hubspot", "rename"): ("new-business.json", _hubspot_rename),
    ("hubspot", "extra"): ("new-business.json", _hubspot_extra),
    ("pipedrive", "probability"): ("pipelines.json", _pipedrive(lambda s: s[1].update(deal_probability=45))),
    ("pipedrive", "rename"): (
        "pipelines.json",
        _pipedrive(lambda s: s[1].update(name="Technical evaluation")),
    ),
    ("pipedrive", "extra"): (
        "pipelines.json",
        _pipedrive(lambda s: s.insert(2, {"name": "Security review", "order_nr": 3, "deal_probability": 50})),
    ),
    ("close", "rename"): ("pipelines.json", _close(lambda s: s[1].update(label="Technical evaluation"))),
    ("close", "extra"): (
        "pipelines.json",
        _close(lambda s: s.insert(2, {"label": "Security review", "status_type": "active"})),
    ),
}


def _edit_salesforce(path: Path, change: str) -> None:
    text = path.read_text(encoding="utf-8")
    if change == "probability":
        text = text.replace("<probability>40</probability>", "<probability>45</probability>")
    elif change == "rename":
        text = text.replace("<label>Evaluation</label>", "<label>Technical evaluation</label>")
        text = text.replace("<fullName>Evaluation</fullName>", "<fullName>Technical_evaluation</fullName>")
    else:
        extra = (
            "    <standardValue>\n        <fullName>Security review</fullName>\n        <label>Security review</label>\n"
            "        <closed>false</closed>\n        <probability>50</probability>\n        <won>false</won>\n"
            "    </standardValue>\n"
        )
        text = text.replace("    <standardValue>", extra + "    <standardValue>", 3).replace(extra, "", 2)
    path.write_text(text, encoding="utf-8")


_AT = "playbooks/round-trip/stages.yaml"
_GUESS = "; paired by its place in the pipeline, a guess: check that it is the same stage [crm-drift-label]"


def _probability(crm: str, line: int) -> str:
    return f"{_AT}:24:22: error: probability of stage `Evaluation` is 0.4 here and 0.45 in {crm} ({{file}}:{line}) [crm-drift-probability]"


def _rename(crm: str, line: int) -> str:
    return f"{_AT}:19:16: error: stage `Evaluation` is named `Technical evaluation` in {crm} ({{file}}:{line}){_GUESS}"


def _extra(at: str, crm: str, line: int) -> str:
    return f"{_AT}:{at}: error: {crm} ({{file}}:{line}) has stage `Security review`, which the playbook does not [crm-drift-extra]"


# The line of each diagnostic is the playbook's; the CRM file's line is the changed stage's.
EXPECTED = {
    ("salesforce", "probability"): _probability("Salesforce", 13),
    ("salesforce", "rename"): _rename("Salesforce", 13),
    ("salesforce", "extra"): _extra("2:3", "Salesforce", 22),
    ("hubspot", "probability"): _probability("HubSpot", 13),
    ("hubspot", "rename"): _rename("HubSpot", 13),
    ("hubspot", "extra"): _extra("5:7", "HubSpot", 21),
    ("pipedrive", "probability"): _probability("Pipedrive", 14),
    ("pipedrive", "rename"): _rename("Pipedrive", 14),
    ("pipedrive", "extra"): _extra("5:7", "Pipedrive", 21),
    ("close", "rename"): _rename("Close", 10),
    ("close", "extra"): _extra("5:7", "Close", 14),
}


@pytest.mark.parametrize(("system", "change"), sorted(EXPECTED))
def test_one_change_in_the_crm_is_one_diagnostic(cli, project, system, change):
    out = _export(cli, system, project / "crm")
    if system == "salesforce":
        changed = out / SF_VALUES
        _edit_salesforce(changed, change)
    else:
        name, edit = EDITS[(system, change)]
        changed = out / name
        _edit_json(changed, edit)
    result = cli("crm", "check", "round-trip", str(out))
    assert result.status == 1
    assert result.out == EXPECTED[(system, change)].format(file=f"crm/{changed.relative_to(out)}") + "\n"
    assert result.err.endswith("1 difference(s).\n")


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_stage_retired_here_and_in_use_in_the_crm_is_one_diagnostic_at_its_status(cli, project, system):
    out = _export(cli, system, project / "crm")
    stages = project / "playbooks" / "round-trip" / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    stages.write_text(
        text.replace("        label: Evaluation\n", "        label: Evaluation\n        status: retired\n"),
        encoding="utf-8",
    )
    result = cli("crm", "check", "round-trip", str(out))
    assert result.status == 1
    [line] = result.out.splitlines()
    assert line.startswith(f"{_AT}:20:17: error: stage `Evaluation` is retired here and still in use in ")
    assert line.endswith(": retire it there too [crm-drift-retired]")


def test_close_holds_no_probability_to_drift(cli, project):
    """Close keeps no probability, so only a rename or an extra status can drift there."""
    assert ("close", "probability") not in EXPECTED


# --- the fixtures: every field each reader takes ---------------------------------------------

FIXTURE_STAGES = {
    "salesforce/source": {
        "new-business": [
            ("Scoping", "open", 0.1, "Pipeline"),
            ("Pilot running", "open", 0.4, "Best Case"),
            ("Contracting", "open", 0.8, "Commit"),
            ("Signed", "won", 1, "Closed"),
            ("Lost", "lost", 0, "Omitted"),
        ],
        "renewal": [
            ("Contracting", "open", 0.8, "Commit"),
            ("Signed", "won", 1, "Closed"),
            ("Lost", "lost", 0, "Omitted"),
        ],
    },
    "salesforce/retrieved": {
        "": [("Intro", "open", 0.15, "Pipeline"), ("Won", "won", 1, "Closed"), ("Lost", "lost", 0, "Omitted")]
    },
    "hubspot": {
        "sales-pipeline": [
            ("First call", "open", 0.1, ""),
            ("Trial", "open", 0.4, ""),
            ("Legal check", "open", 0.6, ""),
            ("Closed won", "won", 1, ""),
            ("Closed lost", "lost", 0, ""),
        ],
        "expansion": [
            ("Account review", "open", 0.3, ""),
            ("Upsell won", "won", 1, ""),
            ("Upsell lost", "lost", 0, ""),
        ],
    },
    "pipedrive": {
        "inbound": [
            ("Qualified", "open", 0.25, ""),
            ("Proposal made", "open", 0.6, ""),
            ("On hold", "open", 0.5, ""),
            ("Won", "won", 1, ""),
            ("Lost", "lost", 0, ""),
        ],
        "partners": [("Partner intro", "open", 0.2, ""), ("Won", "won", 1, ""), ("Lost", "lost", 0, "")],
    },
    "close": {
        "": [
            ("Demo booked", "open", None, ""),
            ("Negotiation", "open", None, ""),
            ("Won", "won", None, ""),
            ("Lost", "lost", None, ""),
        ]
    },
}


def _by_pipeline(folder: Path) -> dict[str, list[tuple[str, str, object, str]]]:
    document = yaml.safe_load((folder / "stages.yaml").read_text(encoding="utf-8"))
    pipelines = document.get("pipelines") or [{"id": "", "stages": document["stages"]}]
    return {
        p["id"]: [
            (s["label"], s["category"], s.get("probability"), s.get("forecast_category", ""))
            for s in p["stages"]
        ]
        for p in pipelines
    }


@pytest.mark.parametrize("fixture", sorted(FIXTURE_STAGES))
def test_each_fixture_imports_and_then_has_no_drift(cli, project, fixture):
    folder = FIXTURES / fixture
    result = cli("crm", "import", str(folder), "--client", "imported")
    assert result.status == 0, result.err
    assert _by_pipeline(project / "playbooks" / "imported") == FIXTURE_STAGES[fixture]
    checked = cli("crm", "check", "imported", str(folder))
    assert (checked.status, checked.out) == (0, ""), checked.out


def test_import_keeps_inactive_values_rotting_and_marks_placeholders(cli, project):
    assert cli("crm", "import", str(FIXTURES / "pipedrive"), "--client", "imported").status == 0
    text = (project / "playbooks" / "imported" / "stages.yaml").read_text(encoding="utf-8")
    stages = yaml.safe_load(text)["pipelines"][0]["stages"]
    assert [s.get("status", "active") for s in stages] == ["active", "active", "retired", "active", "active"]
    assert [s.get("ageing") for s in stages[:3]] == [None, {"stale_days": 14}, None]
    assert stages[0]["purpose"].startswith("Placeholder:")
    assert "# placeholder: exit_criteria" in text
    manifest = (project / "playbooks" / "imported" / "playbook.yaml").read_text(encoding="utf-8")
    assert "currency: USD  # placeholder" in manifest and "\nengagement:" not in manifest


def test_import_never_writes_over_a_client(cli, project):
    before = (project / "playbooks" / "round-trip" / "stages.yaml").read_bytes()
    result = cli("crm", "import", str(FIXTURES / "close"), "--client", "round-trip")
    assert result.status == 1
    assert result.err == "error: playbooks/round-trip already exists; pick another name or remove it first\n"
    assert (project / "playbooks" / "round-trip" / "stages.yaml").read_bytes() == before


def test_the_same_files_import_to_the_same_bytes(cli, project):
    for client in ("one", "two"):
        assert cli("crm", "import", str(FIXTURES / "hubspot"), "--client", client).status == 0
    one, two = (project / "playbooks" / c / "stages.yaml" for c in ("one", "two"))
    assert one.read_bytes() == two.read_bytes()


# --- drift a reader finds in the fixtures ---------------------------------------------------


def test_an_inactive_value_and_a_process_membership_are_drift(cli, project):
    assert cli("crm", "import", str(FIXTURES / "salesforce" / "source"), "--client", "imported").status == 0
    stages = project / "playbooks" / "imported" / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    # The Renewal pipeline now offers Scoping too, and Contracting's value goes inactive.
    text = text.replace(
        "  - id: renewal\n    label: Renewal\n    stages:\n",
        "  - id: renewal\n    label: Renewal\n    stages:\n      - id: scoping-2\n        label: Scoping\n        category: open\n        forecast_category: Pipeline\n        purpose: Scope.\n        owner: ae\n        probability: 0.1\n",
        1,
    )
    stages.write_text(text, encoding="utf-8")
    crm = project / "sf"
    shutil.copytree(FIXTURES / "salesforce" / "source", crm)
    values = crm / SF_VALUES
    values.write_text(
        values.read_text(encoding="utf-8").replace(
            "<forecastCategory>Forecast</forecastCategory>",
            "<forecastCategory>Forecast</forecastCategory>\n        <isActive>false</isActive>",
        ),
        encoding="utf-8",
    )
    result = cli("crm", "check", "imported", str(crm))
    assert result.status == 1
    assert result.out == (
        "playbooks/imported/stages.yaml:33:9: error: stage `Contracting` is inactive in Salesforce"
        f" (sf/{SF_VALUES}:22) [crm-drift-inactive]\n"
        "playbooks/imported/stages.yaml:60:9: error: stage `Scoping` is not offered by business process"
        " `Renewal` (sf/objects/Opportunity/businessProcesses/Renewal.businessProcess-meta.xml:2)"
        " [crm-drift-process]\n"
    )


def test_hubspot_pairs_numeric_ids_by_label_and_says_when_a_pairing_is_a_guess(cli, project):
    assert cli("crm", "import", str(FIXTURES / "hubspot"), "--client", "imported").status == 0
    crm = project / "hubspot.json"
    text = (FIXTURES / "hubspot" / "pipelines.json").read_text(encoding="utf-8")
    crm.write_text(text.replace('"label": "Trial"', '"label": "Free trial"'), encoding="utf-8")
    result = cli("crm", "check", "imported", str(crm), "--format", "json")
    assert result.status == 1
    (found,) = json.loads(result.out)
    assert found["rule"] == "crm-drift-label"
    assert found["message"] == (
        "stage `Trial` is named `Free trial` in HubSpot (hubspot.json:61); paired by its place in the"
        " pipeline, a guess: check that it is the same stage"
    )


def test_github_format_annotates_the_playbook_line(cli, project):
    out = _export(cli, "close", project / "crm")
    _edit_json(out / "pipelines.json", _close(lambda s: s[1].update(label="Trial")))
    result = cli("crm", "check", "round-trip", str(out), "--format", "github")
    assert result.status == 1
    assert result.out.startswith(
        "::error file=playbooks/round-trip/stages.yaml,line=19,col=16,title=crm-drift-label::"
    )
    assert result.err == ""


# --- untrusted files --------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><sorted>&lol3;</sorted></StandardValueSet>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE StandardValueSet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><sorted>&secret;</sorted></StandardValueSet>
"""
REFUSED = "XML with a DTD or entities is refused (DTDForbidden); metadata files have none [crm-input]"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("laughs.xml", BILLION_LAUGHS, f"laughs.xml:2:16: error: {REFUSED}"),
        ("external.xml", EXTERNAL, f"external.xml:2:28: error: {REFUSED}"),
        (
            "truncated.xml",
            '<?xml version="1.0"?>\n<StandardValueSet>\n  <standardValue>\n    <label>Dem',
            "truncated.xml:4:15: error: malformed XML: no element found [crm-input]",
        ),
        (
            "truncated.json",
            '{"results": [\n  {"label": "Sales", "stages": [\n',
            "truncated.json:3:1: error: malformed JSON: Expecting value [crm-input]",
        ),
        (
            "notes.txt",
            "Stages: Demo, Won\n",
            "notes.txt:1:1: error: not a CRM configuration: neither XML nor JSON [crm-input]",
        ),
        (
            "other.json",
            '{"data": [{"name": "x"}]}\n',
            "other.json:1:1: error: not a saved configuration of Salesforce, HubSpot, Pipedrive or Close [crm-input]",
        ),
        (
            "long.json",
            '{"data": [{"pipeline_id": 1, "order_nr": 1' + "0" * 5000 + ', "name": "A"}]}',
            "long.json:1:1: error: malformed JSON: a number too long to read [crm-input]",
        ),
        (
            "infinite.json",
            '{"data": [\n  {"pipeline_id": 1, "order_nr": 1, "name": "A", "rotten_flag": true, "rotten_days": 1e999}]}',
            "infinite.json:2:3: error: `rotten_days` must be a number [crm-input]",
        ),
        (
            "deep.json",
            "[" * 5000 + "]" * 5000,
            "deep.json:1:1: error: malformed JSON: nested too deeply [crm-input]",
        ),
    ],
)
def test_a_bad_file_is_one_line_naming_it(cli, project, name, text, expected):
    (project / name).write_text(text, encoding="utf-8")
    for command in (("crm", "check", "round-trip", name), ("crm", "import", name, "--client", "x")):
        result = cli(*command)
        assert (result.status, result.out, result.err) == (1, "", expected + "\n")
    assert not (project / "playbooks" / "x").exists()


def test_a_huge_file_is_refused_before_it_is_read(cli, project):
    huge = project / "huge.json"
    with huge.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk is spent
    result = cli("crm", "check", "round-trip", str(huge))
    assert result.status == 1
    assert (
        result.err
        == f"huge.json:1:1: error: file is {MAX_FILE_BYTES + 1} bytes, over the limit of {MAX_FILE_BYTES} [input-file]\n"
    )


def test_a_folder_of_too_many_files_is_refused(cli, project):
    folder = project / "many"
    folder.mkdir()
    for index in range(201):
        (folder / f"{index}.json").write_text("{}", encoding="utf-8")
    result = cli("crm", "check", "round-trip", str(folder))
    assert result.status == 1
    assert result.err == "many:1:1: error: 201 files to read, over the limit of 200 [crm-input]\n"


def test_a_folder_skips_files_of_other_kinds(cli, project):
    crm = project / "sfdx"
    shutil.copytree(FIXTURES / "salesforce" / "retrieved", crm)
    (crm / "classes").mkdir()
    (crm / "classes" / "Util.cls-meta.xml").write_text(
        '<?xml version="1.0"?>\n<ApexClass/>\n', encoding="utf-8"
    )
    assert cli("crm", "import", str(crm), "--client", "imported").status == 0
    result = cli("crm", "check", "imported", str(crm))
    assert result.status == 0
    assert result.err == "imported against Salesforce (2 file(s)): no drift.\n"


# --- the Salesforce Path -------------------------------------------------------------------


def _path_file(out: Path) -> Path:
    (path,) = sorted((out / "pathAssistants").glob("*.pathAssistant-meta.xml"))[:1]
    return path


def test_an_edited_path_guidance_is_one_diagnostic(cli, project):
    out = _export(cli, "salesforce", project / "crm")
    path = _path_file(out)
    text = path.read_text(encoding="utf-8")
    start = text.index("&lt;li&gt;") + len("&lt;li&gt;")
    path.write_text(text[:start] + "Reworded in Setup: " + text[start:], encoding="utf-8")
    result = cli("crm", "check", "round-trip", str(out))
    assert result.status == 1
    assert len(result.out.splitlines()) == 1
    assert "is out of date: it is not the stage's exit criteria [crm-drift-path]" in result.out
    assert result.out.startswith(f"{_AT}:")


def test_a_path_step_with_other_key_fields_is_one_diagnostic(cli, project):
    out = _export(cli, "salesforce", project / "crm")
    path = _path_file(out)
    text = path.read_text(encoding="utf-8")
    step = text.index("<pathAssistantSteps>") + len("<pathAssistantSteps>")
    path.write_text(text[:step] + "\n        <fieldNames>Amount</fieldNames>" + text[step:], encoding="utf-8")
    result = cli("crm", "check", "round-trip", str(out))
    assert result.status == 1
    assert len(result.out.splitlines()) == 1, result.out
    assert "key fields for" in result.out and result.out.rstrip().endswith("[crm-drift-path]")
