"""The stage fields a CRM enforces, and several pipelines: the model, the site, fmt and diff."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from generator.load.sources import find_client
from generator.publish.client import build_client
from tests.conftest import CASES, FIXED_EPOCH, ROOT, isolated

CASE = CASES / "stage-fields"


def text(page: Path) -> str:
    raw = re.sub(
        r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>",
        "",
        page.read_text(encoding="utf-8"),
        flags=re.S,
    )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with isolated(ROOT, {"SOURCE_DATE_EPOCH": FIXED_EPOCH}):
        return build_client(find_client(str(CASE)), tmp_path_factory.mktemp("site")).site


def test_the_pipeline_page_has_a_section_and_a_diagram_per_pipeline(site):
    raw = (site / "pipeline/index.html").read_text(encoding="utf-8")
    assert 'id="pipeline-new-business"' in raw and 'id="pipeline-renewal"' in raw
    page = text(site / "pipeline/index.html")
    # Each table numbers its own pipeline, by the stage's code where it has one; no stage states a
    # probability or expected days, so neither column is there to stand empty.
    assert "# Stage Category Forecast Owner 3 Demo open Pipeline Account Executive" in page
    assert "9 Won won Closed" in page
    assert "1 Renewal due open Commit" in page
    new_business = raw[raw.index('id="pipeline-new-business"') : raw.index('id="pipeline-renewal"')]
    assert "<svg" in new_business and "Renewal due" not in new_business


def test_the_stage_page_shows_what_the_crm_enforces(site):
    demo = text(site / "pipeline/demo.html")
    assert "Pipeline: New business" in demo
    assert "code 3 · forecast Pipeline" in demo
    assert "Leave the stage within 48 hours of: The first meeting took place." in demo
    assert (
        "All 14 days 30 days Mid-market 14 days 45 days" in demo
    )  # a segment's limit left out is the stage's
    assert "Next step date Next_Step_Date__c leave" in demo
    won = text(site / "pipeline/won.html")
    assert "Entered only from: Demo No moving back to an earlier stage" in won
    assert "Amount Amount enter" in won
    renewed = text(site / "pipeline/renewed.html")
    assert "A rejected deal returns to Renewal due" in renewed
    assert "Next: " not in renewed  # the last stage of its pipeline, whatever follows in the file


def test_previous_and_next_stay_in_the_pipeline(site):
    page = text(site / "pipeline/renewal-due.html")
    assert "Next: Renewed" in page and "Previous: " not in page


def test_lost_reasons_show_sub_reasons_and_when_details_are_required(site):
    page = text(site / "pipeline/index.html")
    assert "Reason When to pick it Sub-reasons Details required" in page
    assert "Product gap Threshold alerting (Alerts on a metric crossing a value.) from $50,000" in page


def test_fmt_orders_a_pipeline_stage_as_the_schema_does(cli, tmp_path):
    target = tmp_path / "stages.yaml"
    target.write_text(
        "pipelines:\n  - stages:\n      - sla: {trigger: First meeting, hours: 48}\n        code: '1'\n"
        "        id: demo\n    id: new\n",
        encoding="utf-8",
    )
    assert cli("fmt", str(target)).status == 0
    assert target.read_text(encoding="utf-8") == (
        "pipelines:\n  - id: new\n    stages:\n      - id: demo\n        code: '1'\n"
        "        sla: {hours: 48, trigger: First meeting}\n"
    )


def test_a_diff_names_the_new_fields(cli, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(CASE, old)
    shutil.copytree(CASE, new)
    stages = new / "stages.yaml"
    changed = (
        stages.read_text(encoding="utf-8")
        .replace("stale_days: 45", "stale_days: 60")
        .replace("forecast_category: Commit", "forecast_category: Best Case")
    )
    stages.write_text(changed, encoding="utf-8")
    lines = cli("diff", str(old), str(new)).out.splitlines()
    assert any("segment ageing limit `mid-market`: days to stale 45 → 60" in line for line in lines), lines
    assert any("stage `renewal-due`: forecast category Commit → Best Case" in line for line in lines), lines


def test_the_print_page_keeps_each_pipeline_s_stages_together(site):
    page = text(site / "print.html")
    start = page.index("Pipeline stages")
    assert (
        page.index("New business", start)
        < page.index("Won ¶", start)
        < page.index("Renewal Renewal due", start)
    )
