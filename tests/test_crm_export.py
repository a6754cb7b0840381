"""`playbook crm export`: the playbook's pipelines as the files each CRM takes, checked against its limits first."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT


def _stage(i: int) -> str:
    return (
        f"      - id: s{i}\n        label: Step {i}\n        category: open\n        purpose: Step {i}.\n"
        f"        owner: ae\n        probability: 0.5\n"
    )


def _won(stage_id: str = "won") -> str:
    return f"      - id: {stage_id}\n        label: Won\n        category: won\n        purpose: Signed.\n        owner: ae\n"


def _pipelines(tmp_path: Path, *pipelines: tuple[str, str, str]) -> Path:
    """The pipelines case's manifest with these pipelines (id, label, stages as YAML)."""
    folder = tmp_path / "pipelines"
    shutil.copytree(CASES / "pipelines", folder)
    text = "pipelines:\n" + "".join(
        f"  - id: {pid}\n    label: {label}\n    stages:\n{stages}" for pid, label, stages in pipelines
    )
    (folder / "stages.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def many_stages(tmp_path: Path) -> Path:
    """101 open stages and a won one in one pipeline: two more than HubSpot takes."""
    return _pipelines(tmp_path, ("new-business", "New business", "".join(map(_stage, range(101))) + _won()))


@pytest.fixture
def two_pipelines(tmp_path: Path) -> Path:
    return _pipelines(
        tmp_path,
        ("new-business", "New business", _stage(1) + _won()),
        ("renewal", "Renewal", _stage(2).replace("s2", "r2") + _won("renewed")),
    )


def _hubspot(out: Path, name: str) -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


def _stages(body: dict) -> list[tuple[int, str, str, str]]:
    return [
        (s["displayOrder"], s["label"], s["metadata"]["probability"], s["metadata"]["isClosed"])
        for s in body["stages"]
    ]


def test_hubspot_fernhill_is_one_pipeline_body(cli, tmp_path):
    result = cli("crm", "export", "fernhill", "--to", "hubspot", "-o", str(tmp_path))
    assert result.status == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fernhill.json"]
    body = _hubspot(tmp_path, "fernhill.json")
    assert body["label"] == "Fernhill" and body["displayOrder"] == 0
    assert _stages(body) == [
        (0, "Discovery", "0.08", "false"),
        (1, "Qualified", "0.2", "false"),
        (2, "Solution validation", "0.45", "false"),
        (3, "Commercials", "0.7", "false"),
        (4, "Closed won", "1.0", "true"),
        (5, "Closed lost", "0.0", "true"),
        (6, "Disqualified", "0.0", "true"),
    ]
    text = (tmp_path / "fernhill.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "displayOrder": 0,\n  "label": "Fernhill",\n') and text.endswith("}\n")


def test_hubspot_writes_one_body_per_pipeline(cli, tmp_path, two_pipelines):
    out = tmp_path / "out"
    result = cli("crm", "export", str(two_pipelines), "--to", "hubspot", "-o", str(out))
    assert result.status == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["new-business.json", "renewal.json"]
    renewal = _hubspot(out, "renewal.json")
    assert renewal["label"] == "Renewal" and renewal["displayOrder"] == 1
    assert _stages(renewal) == [(0, "Step 2", "0.5", "false"), (1, "Won", "1.0", "true")]


def test_the_same_playbook_gives_the_same_bytes(cli, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli("crm", "export", "fernhill", "--to", "hubspot", "-o", str(first)).status == 0
    assert cli("crm", "export", "fernhill", "--to", "hubspot", "-o", str(second)).status == 0
    assert (first / "fernhill.json").read_bytes() == (second / "fernhill.json").read_bytes()


def test_too_many_stages_is_a_diagnostic_and_nothing_is_written(cli, tmp_path, many_stages):
    out = tmp_path / "out"
    result = cli("crm", "export", str(many_stages), "--to", "hubspot", "-o", str(out))
    assert result.status == 1
    assert result.err == (
        f"{many_stages}/stages.yaml:2:5: error: HubSpot allows at most 100 stages in a pipeline;"
        " `New business` has 102 [crm-hubspot-stage-limit]\n"
    )
    assert not out.exists()


def test_a_stage_without_probability_stops_a_hubspot_export(cli, tmp_path):
    result = cli("crm", "export", "gitlab", "--to", "hubspot", "-o", str(tmp_path / "out"))
    assert result.status == 1
    lines = result.err.splitlines()
    assert lines[0] == (
        "playbooks/gitlab/stages.yaml:28:5: error: HubSpot needs a probability for every deal stage;"
        " stage `pending-acceptance` has none [crm-hubspot-probability]"
    )
    assert all(line.endswith("[crm-hubspot-probability]") for line in lines)
    assert not (tmp_path / "out").exists()


def test_the_default_folder_is_the_project_s_crm_system(cli, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "playbooks" / "templates", project / "playbooks" / "templates")
    shutil.copytree(ROOT / "playbooks" / "fernhill", project / "playbooks" / "fernhill")
    if (ROOT / "site_config").is_dir():
        shutil.copytree(ROOT / "site_config", project / "site_config")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert cli("crm", "export", "fernhill", "--to", "hubspot").status == 0
    assert (project / "crm" / "hubspot" / "fernhill.json").is_file()


def test_an_unknown_system_is_a_usage_error(cli, tmp_path):
    result = cli("crm", "export", "fernhill", "--to", "dynamics", "-o", str(tmp_path))
    assert result.status == 2
    assert "dynamics" in result.err
    assert not any(tmp_path.iterdir())


def test_an_invalid_playbook_is_exit_status_1(cli, tmp_path):
    broken = tmp_path / "pipelines"
    shutil.copytree(CASES / "pipelines", broken)
    (broken / "stages.yaml").write_text("pipelines: 3\n", encoding="utf-8")
    result = cli("crm", "export", str(broken), "--to", "hubspot", "-o", str(tmp_path / "out"))
    assert result.status == 1 and "error:" in result.err
    assert not (tmp_path / "out").exists()


def _pipedrive(out: Path) -> list[dict]:
    return json.loads((out / "pipelines.json").read_text(encoding="utf-8"))["pipelines"]


def test_pipedrive_fernhill_has_its_open_stages_with_whole_percentages(cli, tmp_path):
    assert cli("crm", "export", "fernhill", "--to", "pipedrive", "-o", str(tmp_path)).status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipelines.json"]
    no_rot = {"rotten_flag": False, "rotten_days": None}
    assert _pipedrive(tmp_path) == [
        {
            "name": "Fernhill",
            "order_nr": 1,
            "stages": [
                {"name": "Discovery", "order_nr": 1, "deal_probability": 8, **no_rot},
                {"name": "Qualified", "order_nr": 2, "deal_probability": 20, **no_rot},
                {"name": "Solution validation", "order_nr": 3, "deal_probability": 45, **no_rot},
                {"name": "Commercials", "order_nr": 4, "deal_probability": 70, **no_rot},
            ],
        }
    ]
    assert (tmp_path / "pipelines.json").read_text(encoding="utf-8").endswith("  ]\n}\n")


def test_pipedrive_gitlab_keeps_the_coded_labels_and_leaves_unstated_probabilities_out(cli, tmp_path):
    assert cli("crm", "export", "gitlab", "--to", "pipedrive", "-o", str(tmp_path)).status == 0
    (pipeline,) = _pipedrive(tmp_path)
    assert [(s["order_nr"], s["name"]) for s in pipeline["stages"]] == [
        (1, "0-Pending Acceptance"),
        (2, "1-Discovery"),
        (3, "2-Scoping"),
        (4, "3-Technical Evaluation"),
        (5, "4-Proposal"),
        (6, "5-Negotiating"),
        (7, "6-Awaiting Signature"),
        (8, "7-Closing"),
    ]
    assert not any("deal_probability" in s for s in pipeline["stages"])


def test_pipedrive_rots_a_deal_at_the_stage_s_stale_limit(cli, tmp_path):
    aged = _stage(1) + "        ageing: {warning_days: 10, stale_days: 21}\n"
    folder = _pipelines(
        tmp_path,
        ("new-business", "New business", aged + _stage(2) + _won()),
        ("renewal", "Renewal", _stage(3) + _won("renewed")),
    )
    out = tmp_path / "out"
    assert cli("crm", "export", str(folder), "--to", "pipedrive", "-o", str(out)).status == 0
    first, second = _pipedrive(out)
    assert (first["name"], first["order_nr"], second["name"], second["order_nr"]) == (
        "New business",
        1,
        "Renewal",
        2,
    )
    assert [(s["name"], s["rotten_flag"], s["rotten_days"]) for s in first["stages"]] == [
        ("Step 1", True, 21),
        ("Step 2", False, None),
    ]


def _close(out: Path) -> list[dict]:
    return json.loads((out / "pipelines.json").read_text(encoding="utf-8"))["pipelines"]


def test_close_fernhill_is_statuses_active_won_and_lost(cli, tmp_path):
    assert cli("crm", "export", "fernhill", "--to", "close", "-o", str(tmp_path)).status == 0
    assert _close(tmp_path) == [
        {
            "name": "Fernhill",
            "statuses": [
                {"label": "Discovery", "status_type": "active"},
                {"label": "Qualified", "status_type": "active"},
                {"label": "Solution validation", "status_type": "active"},
                {"label": "Commercials", "status_type": "active"},
                {"label": "Closed won", "status_type": "won"},
                {"label": "Closed lost", "status_type": "lost"},
                {"label": "Disqualified", "status_type": "lost"},
            ],
        }
    ]


def test_close_gitlab_ends_in_won_and_two_lost_statuses(cli, tmp_path):
    assert cli("crm", "export", "gitlab", "--to", "close", "-o", str(tmp_path)).status == 0
    (pipeline,) = _close(tmp_path)
    assert [s["status_type"] for s in pipeline["statuses"]] == ["active"] * 8 + ["won", "lost", "lost"]
    assert [s["label"] for s in pipeline["statuses"]][-3:] == ["Closed Won", "8-Closed Lost", "9-Unqualified"]


def test_close_groups_statuses_by_pipeline(cli, tmp_path, two_pipelines):
    out = tmp_path / "out"
    assert cli("crm", "export", str(two_pipelines), "--to", "close", "-o", str(out)).status == 0
    assert _close(out) == [
        {
            "name": "New business",
            "statuses": [
                {"label": "Step 1", "status_type": "active"},
                {"label": "Won", "status_type": "won"},
            ],
        },
        {
            "name": "Renewal",
            "statuses": [
                {"label": "Step 2", "status_type": "active"},
                {"label": "Won", "status_type": "won"},
            ],
        },
    ]


@pytest.mark.parametrize("system", ["close", "hubspot", "pipedrive", "salesforce"])
def test_every_system_gives_the_same_bytes_twice(cli, tmp_path, system):
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli("crm", "export", "fernhill", "--to", system, "-o", str(first)).status == 0
    assert cli("crm", "export", "fernhill", "--to", system, "-o", str(second)).status == 0
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


SALESFORCE = "standardValueSets/OpportunityStage.standardValueSet-meta.xml"


def test_salesforce_writes_commit_as_forecast_in_a_fixed_element_order(cli, tmp_path):
    assert (
        cli("crm", "export", str(CASES / "stage-fields"), "--to", "salesforce", "-o", str(tmp_path)).status
        == 0
    )
    text = (tmp_path / SALESFORCE).read_text(encoding="utf-8")
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <sorted>false</sorted>\n"
        "    <standardValue>\n"
        "        <fullName>Demo</fullName>\n"
        "        <default>false</default>\n"
        "        <label>Demo</label>\n"
        "        <closed>false</closed>\n"
        "        <forecastCategory>Pipeline</forecastCategory>\n"
        "        <won>false</won>\n"
        "    </standardValue>\n"
    )
    assert (
        "<fullName>Renewal due</fullName>" in text and "<forecastCategory>Forecast</forecastCategory>" in text
    )
    assert "Commit" not in text and text.endswith("</StandardValueSet>\n")


def test_salesforce_fernhill_has_percentages_and_closed_won_flags(cli, tmp_path):
    assert cli("crm", "export", "fernhill", "--to", "salesforce", "-o", str(tmp_path)).status == 0
    root = ET.parse(tmp_path / SALESFORCE).getroot()
    ns = {"m": "http://soap.sforce.com/2006/04/metadata"}
    values = [
        tuple(v.findtext(f"m:{tag}", namespaces=ns) for tag in ("fullName", "probability", "closed", "won"))
        for v in root.findall("m:standardValue", ns)
    ]
    assert values == [
        ("Discovery", "8", "false", "false"),
        ("Qualified", "20", "false", "false"),
        ("Solution validation", "45", "false", "false"),
        ("Commercials", "70", "false", "false"),
        ("Closed won", "100", "true", "true"),
        ("Closed lost", "0", "true", "false"),
        ("Disqualified", "0", "true", "false"),
    ]


def test_salesforce_needs_one_probability_per_stage_value(cli, tmp_path):
    other = _stage(1).replace("id: s1", "id: r1").replace("0.5", "0.6")
    folder = _pipelines(
        tmp_path,
        ("new-business", "New business", _stage(1) + _won()),
        ("renewal", "Renewal", other + _won("renewed")),
    )
    out = tmp_path / "out"
    result = cli("crm", "export", str(folder), "--to", "salesforce", "-o", str(out))
    assert result.status == 1
    assert result.err == (
        f"{folder}/stages.yaml:19:9: error: stage `Step 1` is in several pipelines with different settings;"
        " Salesforce keeps one probability, forecast category and closed/won per stage value"
        " [crm-salesforce-shared-value]\n"
    )
    assert not out.exists()


def test_hubspot_needs_a_different_label_for_each_stage(cli, tmp_path):
    twin = _stage(2).replace("label: Step 2", "label: Step 1")
    folder = _pipelines(tmp_path, ("new-business", "New business", _stage(1) + twin + _won()))
    result = cli("crm", "export", str(folder), "--to", "hubspot", "-o", str(tmp_path / "out"))
    assert result.status == 1
    assert result.err == (
        f"{folder}/stages.yaml:12:16: error: HubSpot needs a different label for each stage of a pipeline;"
        " `Step 1` is used twice [crm-hubspot-duplicate-label]\n"
    )


def test_hubspot_fernhill_bytes(cli, tmp_path):
    assert cli("crm", "export", "fernhill", "--to", "hubspot", "-o", str(tmp_path)).status == 0
    stage = (
        '    {{\n      "displayOrder": {0},\n      "label": "{1}",\n      "metadata": {{\n'
        '        "isClosed": "{3}",\n        "probability": "{2}"\n      }}\n    }}'
    )
    rows = [
        (0, "Discovery", "0.08", "false"),
        (1, "Qualified", "0.2", "false"),
        (2, "Solution validation", "0.45", "false"),
        (3, "Commercials", "0.7", "false"),
        (4, "Closed won", "1.0", "true"),
        (5, "Closed lost", "0.0", "true"),
        (6, "Disqualified", "0.0", "true"),
    ]
    expected = (
        '{\n  "displayOrder": 0,\n  "label": "Fernhill",\n  "stages": [\n'
        + ",\n".join(stage.format(*row) for row in rows)
        + "\n  ]\n}\n"
    )
    assert (tmp_path / "fernhill.json").read_bytes() == expected.encode("utf-8")


def test_a_folder_that_cannot_be_written_is_exit_status_1(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = cli("crm", "export", "fernhill", "--to", "close", "-o", str(blocker))
    assert result.status == 1
    assert result.err.startswith(f"error: cannot write {blocker}")


def test_a_process_step_is_never_exported_as_a_stage(cli, tmp_path):
    """PostHog's security review runs alongside its evaluation: a step, so no CRM stage of any system."""
    for system in ("pipedrive", "hubspot", "salesforce"):
        out = tmp_path / system
        cli("crm", "export", "posthog", "--to", system, "-o", str(out))
        written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
        assert "Product evaluation" in written or not written
        assert "Security" not in written and "security-and-legal-review" not in written
    (pipeline,) = _pipedrive(tmp_path / "pipedrive")
    assert [s["name"] for s in pipeline["stages"]] == [
        "People contact us",
        "We assign and qualify",
        "Initial demo",
        "Product evaluation",
        "Commercial evaluation",
    ]
