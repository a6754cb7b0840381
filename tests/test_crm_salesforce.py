"""`playbook crm export --to salesforce`: a business process, a record type and a Path per pipeline,
within the Path's limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.crm.salesforce_path import path_guidance
from generator.model.playbook import Criterion, Stage
from tests.conftest import CASES

CASE = CASES / "stage-fields"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@pytest.fixture
def exported(cli, tmp_path) -> Path:
    assert cli("crm", "export", str(CASE), "--to", "salesforce", "-o", str(tmp_path)).status == 0
    return tmp_path


def test_a_pipeline_is_a_business_process_offering_its_stages(exported):
    text = (
        exported / "objects/Opportunity/businessProcesses/New business.businessProcess-meta.xml"
    ).read_text(encoding="utf-8")
    assert text == HEAD + (
        '<BusinessProcess xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <fullName>New business</fullName>\n"
        "    <description>First deals with a new customer.</description>\n"
        "    <isActive>true</isActive>\n"
        "    <values>\n"
        "        <fullName>Demo</fullName>\n"
        "        <default>true</default>\n"
        "    </values>\n"
        "    <values>\n"
        "        <fullName>Won</fullName>\n"
        "        <default>false</default>\n"
        "    </values>\n"
        "</BusinessProcess>\n"
    )


def test_a_record_type_puts_deals_in_the_process(exported):
    text = (exported / "objects/Opportunity/recordTypes/new_business.recordType-meta.xml").read_text(
        encoding="utf-8"
    )
    assert text == HEAD + (
        '<RecordType xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <fullName>new_business</fullName>\n"
        "    <active>true</active>\n"
        "    <businessProcess>New business</businessProcess>\n"
        "    <label>New business</label>\n"
        "</RecordType>\n"
    )


def test_the_path_guides_with_exit_criteria_and_shows_required_fields(exported):
    text = (exported / "pathAssistants/new_business.pathAssistant-meta.xml").read_text(encoding="utf-8")
    assert text == HEAD + (
        '<PathAssistant xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <active>true</active>\n"
        "    <entityName>Opportunity</entityName>\n"
        "    <fieldName>StageName</fieldName>\n"
        "    <masterLabel>New business</masterLabel>\n"
        "    <pathAssistantSteps>\n"
        "        <fieldNames>Next_Step_Date__c</fieldNames>\n"
        "        <info>&lt;p&gt;Leave this stage when:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;The buyer asked for a trial"
        "&lt;/li&gt;&lt;/ul&gt;</info>\n"
        "        <picklistValueName>Demo</picklistValueName>\n"
        "    </pathAssistantSteps>\n"
        "    <pathAssistantSteps>\n"
        "        <fieldNames>Amount</fieldNames>\n"
        "        <picklistValueName>Won</picklistValueName>\n"
        "    </pathAssistantSteps>\n"
        "    <recordTypeName>new_business</recordTypeName>\n"
        "</PathAssistant>\n"
    )


def test_every_pipeline_has_its_files(exported):
    assert sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()) == [
        "objects/Opportunity/businessProcesses/New business.businessProcess-meta.xml",
        "objects/Opportunity/businessProcesses/Renewal.businessProcess-meta.xml",
        "objects/Opportunity/recordTypes/new_business.recordType-meta.xml",
        "objects/Opportunity/recordTypes/renewal.recordType-meta.xml",
        "pathAssistants/new_business.pathAssistant-meta.xml",
        "pathAssistants/renewal.pathAssistant-meta.xml",
        "standardValueSets/OpportunityStage.standardValueSet-meta.xml",
    ]


def _stage(statements: tuple[str, ...]) -> Stage:
    criteria = tuple(Criterion(f"c{i}", s, "", "buyer") for i, s in enumerate(statements))
    return Stage("s", "S", "open", "", "ae", None, None, (), criteria, (), (), ())


def test_guidance_is_escaped_html_once_and_empty_without_exit_criteria():
    assert path_guidance(_stage(("Price < 5k & signed",))) == (
        "<p>Leave this stage when:</p><ul><li>Price &lt; 5k &amp; signed</li></ul>"
    )
    assert path_guidance(_stage(())) == ""


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / CASE.name  # the slug names the folder
    shutil.copytree(CASE, folder)
    stages = folder / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    assert old in text
    stages.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_markup_in_a_criterion_is_escaped_twice_in_the_file(cli, tmp_path):
    folder = _edited(
        tmp_path, "statement: The buyer asked for a trial", 'statement: "The buyer <b>asked</b> & agreed"'
    )
    assert cli("crm", "export", str(folder), "--to", "salesforce", "-o", str(tmp_path / "out")).status == 0
    text = (tmp_path / "out/pathAssistants/new_business.pathAssistant-meta.xml").read_text(encoding="utf-8")
    assert "&lt;li&gt;The buyer &amp;lt;b&amp;gt;asked&amp;lt;/b&amp;gt; &amp;amp; agreed&lt;/li&gt;" in text


def _export_fails(cli, tmp_path: Path, folder: Path) -> str:
    out = tmp_path / "out"
    result = cli("crm", "export", str(folder), "--to", "salesforce", "-o", str(out))
    assert result.status == 1 and not out.exists()
    return result.err


def test_guidance_over_1000_characters_is_a_diagnostic(cli, tmp_path):
    criteria = "".join(
        f"          - id: long-{i}\n            statement: {'x' * 290}\n            verified_by: buyer\n"
        for i in range(4)
    )
    folder = _edited(tmp_path, "        exit_criteria:\n", "        exit_criteria:\n" + criteria)
    assert _export_fails(cli, tmp_path, folder) == (
        f"{folder}/stages.yaml:28:11: error: the exit criteria of stage `demo` make 1270 characters of Path"
        " guidance; Salesforce takes at most 1000 [crm-salesforce-path-guidance]\n"
    )


def test_more_than_five_key_fields_is_a_diagnostic(cli, tmp_path):
    fields = "".join(
        f"            - label: Field {i}\n              api_name: Field_{i}__c\n" for i in range(5)
    )
    folder = _edited(tmp_path, "          exit:\n", "          exit:\n" + fields)
    assert _export_fails(cli, tmp_path, folder) == (
        f"{folder}/stages.yaml:21:11: error: stage `demo` requires 6 CRM fields; a Salesforce Path step shows"
        " at most 5 key fields [crm-salesforce-path-fields]\n"
    )


def test_a_key_field_needs_its_api_name(cli, tmp_path):
    folder = _edited(tmp_path, "              api_name: Next_Step_Date__c\n", "")
    assert _export_fails(cli, tmp_path, folder) == (
        f"{folder}/stages.yaml:22:15: error: the Path's key field `Next step date` of stage `demo` needs its"
        " API name (`api_name`) [crm-salesforce-path-fields]\n"
    )


def test_a_pipeline_label_that_cannot_name_a_file_is_a_diagnostic(cli, tmp_path):
    folder = _edited(tmp_path, "label: New business", "label: New/business")
    assert _export_fails(cli, tmp_path, folder) == (
        f"{folder}/stages.yaml:3:12: error: `New/business` cannot name a Salesforce business process file;"
        ' use a label without / \\ : * ? " < > | or a leading dot [crm-salesforce-process-name]\n'
    )


def test_two_pipelines_with_one_name_is_a_diagnostic(cli, tmp_path):
    folder = _edited(tmp_path, "    label: Renewal\n", "    label: NEW BUSINESS\n")
    assert _export_fails(cli, tmp_path, folder) == (
        f"{folder}/stages.yaml:46:12: error: pipeline `NEW BUSINESS` would share its Salesforce business process"
        " or record type with another; give each pipeline its own label and id [crm-salesforce-process-name]\n"
    )
