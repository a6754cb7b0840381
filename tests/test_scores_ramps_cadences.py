"""Fit scores with groups of alternatives and a tier divider, ramps with quota measures, scorecards
and prerequisites, cadences with optional lengths and recurring items, and library defaults marked
as such: each shown as written, diffed and formatted in playbook terms."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import yaml

from generator.authoring.yaml_format import format_text
from generator.load.sources import PlaybookFolder
from generator.publish.client import build_client
from generator.schema.schemas import load_schemas
from tests.conftest import ROOT


def _text(page: Path) -> str:
    raw = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))
    return re.sub(r" ([;,.:])", r"\1", words)  # a closing tag before punctuation left a space


def _copy(tmp_path: Path, client: str = "fernhill", template: str = "founder-led") -> Path:
    shutil.copytree(ROOT / "playbooks" / client, tmp_path / "playbooks" / client)
    shutil.copytree(
        ROOT / "playbooks" / "templates" / template, tmp_path / "playbooks" / "templates" / template
    )
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    return tmp_path / "playbooks" / client


def test_the_icp_page_scores_a_group_once_and_states_both_thresholds(example_sites):
    fernhill = _text(example_sites["fernhill"] / "icp" / "index.html")
    assert "Fleet size — one of these counts, the best match" in fernhill
    assert "The best possible score is 100" in fernhill  # the 10-point alternative is not added
    kestrel = _text(example_sites["kestrel"] / "icp" / "index.html")
    assert "An account is worked from 50 points; from 75 points it is tier 1 and worked first" in kestrel


def test_the_ramp_page_shows_measure_scorecard_assessors_prerequisites_and_comparators(example_sites):
    page = _text(example_sites["kestrel"] / "ramp" / "ae.html")
    assert "The quota counts new ARR" in page
    assert "assessed by Sales Manager, Mid-Market or VP of Sales, passed from 8 of 10 points" in page
    assert "Taken after: Mid-market demo" in page
    assert "Rep talks less than 40% of the call 2" in page
    assert "Days from first meeting to qualification, median · Qualified at most 14 days" in page
    assert "at least" not in page  # a target with no comparator is shown as written


def test_library_defaults_are_marked_and_a_metric_written_out_is_not(example_sites):
    page = _text(example_sites["fernhill"] / "metrics.html")
    assert "Window: Trailing 90 days, by close date. (library default)" in page
    # fernhill writes its own population for stage conversion: no mark on it, one on its window
    conversion = page[page.index("Stage conversion ¶") :]
    counts = conversion[conversion.index("Counts:") : conversion.index("Window:")]
    assert "library default" not in counts


def test_a_definition_of_its_own_is_not_called_the_standard_one(tmp_path):
    fernhill = _copy(tmp_path)
    metrics = yaml.safe_load((fernhill / "metrics.yaml").read_text())
    win_rate = next(m for m in metrics["metrics"] if m["id"] == "win-rate")
    win_rate.update(definition="Deals won over deals decided, by count.", window="The last full quarter.")
    (fernhill / "metrics.yaml").write_text(yaml.safe_dump(metrics, sort_keys=False))
    page = _text(build_client(PlaybookFolder(fernhill), tmp_path / "site").site / "metrics.html")
    part = page[page.index("Win rate ¶") : page.index("Pipeline coverage ¶")]
    assert "standard definition" not in part
    assert "Window: The last full quarter." in part and "The last full quarter. (library default)" not in part
    assert "Formula:" in part and part.count("(library default)") == 2  # formula and population


def test_meetings_and_agenda_items_without_lengths_are_listed_not_invented(cli, tmp_path):
    fernhill = _copy(tmp_path)
    source = tmp_path / "playbooks" / "templates" / "founder-led" / "cadence.yaml"  # fernhill's meetings
    text = source.read_text()
    second = text.index("  - id: deal-review")
    first = text[:second].replace("    minutes: 60\n", "")  # the weekly pipeline review's own length
    first = re.sub(r"\n        minutes: \d+", "", first)
    first = first.replace("with a new date\n", "with a new date\n        every_weeks: 4\n")
    source.write_text(first + text[second:])
    result = cli("validate", str(fernhill))
    assert (result.status, result.out) == (0, "")
    site = build_client(PlaybookFolder(fernhill), tmp_path / "site").site
    health = _text(site / "health.html")
    assert "Meetings with no length: weekly-pipeline-review." in health
    items = ", ".join(f"weekly-pipeline-review/{n}" for n in range(1, 5))
    assert f"Agenda items with no minutes: {items}." in health
    page = _text(site / "cadence.html")
    assert "The playbook gives no length for Weekly pipeline review: it is left out of these hours." in page
    assert "Last week's actions, closed or carried with a new date (every 4 weeks)" in page
    assert "Weekly pipeline review (60 min)" not in page


def test_the_new_fields_diff_in_playbook_terms(cli, tmp_path, monkeypatch):
    for side in ("old", "new"):
        shutil.copytree(ROOT / "playbooks" / "kestrel", tmp_path / side / "playbooks" / "kestrel")
        shutil.copytree(
            ROOT / "playbooks" / "templates" / "management-layer",
            tmp_path / side / "playbooks" / "templates" / "management-layer",
        )
    template = tmp_path / "new" / "playbooks" / "templates" / "management-layer"
    icp = template / "icp.yaml"
    icp.write_text(icp.read_text().replace("tier_divider: 75", "tier_divider: 80"))
    ramp = template / "ramp.yaml"
    ramp.write_text(ramp.read_text().replace("pass_points: 8", "pass_points: 9"))
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "old", "new", "kestrel")
    assert result.status == 1
    assert "kestrel: icp.yaml: scoring tier divider 75 → 80 [icp/index.md]" in result.out
    assert "kestrel: ramp.yaml: certification `mm-discovery`: points to pass 8 → 9 [ramp/ae.md]" in result.out


def test_fmt_puts_the_new_keys_in_schema_order():
    schemas = load_schemas()
    text = (
        "plans:\n  - role: ae\n    periods:\n      - id: p\n        certifications:\n"
        "          - requires: [x]\n            pass_points: 3\n            assessors: [vp]\n"
        "            scorecard: [{points: 3, item: A}]\n            id: c\n"
        "    quota_measure: meetings\n    full_productivity_month: 3\n"
    )
    out = format_text(text, schemas.documents["ramp"], schemas)
    assert out.index("full_productivity_month") < out.index("quota_measure") < out.index("periods")
    keys = re.findall(r"^ {12}(\w+):", out.replace("          - id", "            id"), re.M)
    assert keys == ["id", "scorecard", "assessors", "pass_points", "requires"]
    assert "{item: A, points: 3}" in out


def test_the_json_schemas_offer_the_new_fields():
    icp = json.loads((ROOT / "schemas" / "json" / "icp.schema.json").read_text())
    scoring = icp["properties"]["scoring"]["properties"]
    assert {"groups", "tier_divider"} <= set(scoring)
    assert "group" in scoring["criteria"]["items"]["properties"]
    cadence = json.loads((ROOT / "schemas" / "json" / "cadence.schema.json").read_text())
    meeting = cadence["properties"]["meetings"]["items"]
    assert "minutes" not in meeting["required"]
    assert "every_weeks" in meeting["properties"]["agenda"]["items"]["properties"]
