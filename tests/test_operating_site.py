"""The operating-system pages in real builds: metrics, cadence, audit, roles, transfer and health."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.core.diagnostics import Severity
from generator.core.documents import DOCUMENTS
from generator.load.yaml_loader import load_yaml
from generator.validate.policy import policy_of
from tests.conftest import ROOT, build_example
from tests.test_build import make_client

NEW_PAGES = ["metrics.html", "cadence.html", "audit.html", "roles.html", "transfer.html"]
# The examples' templates make some advice errors; the rest warn, and the flawed example trips each.
_TEMPLATE = ROOT / "playbooks/templates/management-layer/playbook.yaml"
WARNING_RULES = sorted(
    r.id for r in policy_of(load_yaml(_TEMPLATE, str(_TEMPLATE)).data["rules"]).rules_at(Severity.WARNING)
)
# The flawed example plants `icp-primary` (no primary segment), so no primary segment of it can win
# less than another; tests/cases/primary-segment-wins-less trips that rule instead.
PLANTED_RULES = sorted(set(WARNING_RULES) - {"primary-segment-wins-less"})


def text(page: Path) -> str:
    """What a reader sees on a page: tags dropped, entities decoded, whitespace collapsed."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(
        r"<script.*?</script>|<style.*?</style>|<a class=\"headerlink\".*?</a>", " ", raw, flags=re.S
    )
    raw = re.sub(r"</?(?:a|span|strong|em|code)\b[^>]*>", "", raw)  # inline tags split no words
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


@pytest.fixture(scope="module")
def flawed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("flawed"), "copperline")


def test_the_new_documents_are_optional():
    assert {d.name for d in DOCUMENTS if not d.required} >= {
        "metrics",
        "cadence",
        "roles",
        "audit",
        "transfer",
    }


def test_the_example_has_every_operating_page(example_site):
    for name in [*NEW_PAGES, "health.html"]:
        assert (example_site / name).is_file(), name
    home = text(example_site / "index.html")
    for title in [
        "Metrics",
        "Operating cadence",
        "Revenue audit",
        "Roles and RACI",
        "Transfer plan",
        "Playbook health",
    ]:
        assert title in home


def test_the_metrics_dictionary_shows_formulas_targets_and_thresholds(example_site):
    page = text(example_site / "metrics.html")
    assert "Metrics dictionary" in page
    assert "Formula: roi-modelled-deals / commercials-entries" in page
    assert "Formula: won-deals / (won-deals + lost-deals)" in page
    # Regional carriers' win-rate target, with green, amber and red bands.
    assert "Regional carriers with their own shops 34% ≥ 31% 25% to 31% < 25%" in page
    assert "Days to fleet data" in page and "≤ 12 days" in page
    assert "Deals with a downtime ROI model" in page  # a declared input
    assert "Quota still to close" in page  # a library input a formula uses
    raw = (example_site / "metrics.html").read_text()
    assert 'href="#input-won-deals"' in raw and 'href="cadence.html#meeting-pilot-review"' in raw


def test_the_cadence_is_a_week_and_a_month(example_site):
    page = text(example_site / "cadence.html")
    assert "Every week Monday Tuesday Wednesday Thursday Friday 08:30 Weekly pipeline review (60 min)" in page
    week_rows = re.findall(r"Week (\d) ([^|]*?)(?= Week \d| Meeting load)", page)
    pilot_weeks = [week for week, row in week_rows if "Pilot and implementation review" in row]
    assert pilot_weeks == ["1", "3"]
    assert "Quarterly business review (180 min, quarterly)" in page
    assert "Meeting load" in page and "Every Monday at 08:30 · 60 minutes" in page


def test_audit_findings_are_grouped_by_layer_and_severity(example_site):
    page = text(example_site / "audit.html")
    layers = [m for m in re.findall(r"\b(Pipeline|Process|Talent|Tech and data)\b", page)]
    assert {"Pipeline", "Process", "Talent", "Tech and data"} <= set(layers)
    assert "Owen was on the decision call of 35 of 42 won deals critical" in page
    assert "Fixed by: Downtime ROI model built from customer fleet data" in page


def test_roles_show_pay_mix_handoffs_and_the_raci(example_site):
    page = text(example_site / "roles.html")
    assert "Pay mix: 50% base, 50% variable, $160,000 on target" in page
    assert "Signed customer to implementation" in page
    assert "Offering a paid depot pilot in Deal review" in page
    raci = (example_site / "roles.html").read_text()
    assert re.search(r"<th[^>]*>Head of Sales</th>", raci)


def test_the_transfer_plan_lists_every_meeting_and_deliverable(example_site):
    page = text(example_site / "transfer.html")
    assert page.count("Who owns what after 5 Mar 2027") >= 1
    assert "The 60-day test is taken on 4 May 2027" in page
    test_part = page[page.index("The 60-day test Can the team") :]
    for name in ["Weekly pipeline review", "Pilot and implementation review", "Quarterly business review",
                 "Downtime ROI model", "Exit memo", "Sales to CS hand-over"]:  # fmt: skip
        assert name in test_part, name


def test_a_clean_playbook_has_a_quiet_health_page(example_site):
    page = text(example_site / "health.html")
    assert "No warnings on 24 Nov 2026" in page
    for rule in WARNING_RULES:
        assert rule in page  # every check is explained, with its reason


def test_the_print_page_holds_the_operating_sections(example_site):
    page = text(example_site / "print.html")
    for title in ["Revenue audit", "Metrics dictionary", "Operating cadence", "Roles, hand-offs and decisions",
                  "Who owns what after 5 Mar 2027", "Playbook health"]:  # fmt: skip
        assert title in page, title


def test_the_flawed_example_trips_every_warning_and_no_error(cli):
    result = cli("validate", "playbooks/copperline")
    assert result.status == 0
    fired = set(re.findall(r": warning: .*\[([a-z0-9-]+)\]$", result.out, re.MULTILINE))
    assert fired == set(PLANTED_RULES)
    assert ": error: " not in result.out
    assert cli("validate", "--strict", "playbooks/copperline").status == 1


def test_the_flawed_examples_health_page_lists_its_warnings(flawed_site):
    page = text(flawed_site / "health.html")
    assert "17 warnings on 24 Nov 2026" in page
    for rule in PLANTED_RULES:
        assert re.search(rf"{rule} [a-z`]", page), rule
    raw = (flawed_site / "health.html").read_text()
    for href in ["cadence.html#meeting-pricing-council", "metrics.html#metric-pipeline-coverage",
                 "pipeline/business-case.html", "roadmap.html#milestone-mutual-action-plan", "ramp/ae.html",
                 "actuals.html"]:  # fmt: skip
        assert f'href="{href}"' in raw, href
    assert re.search(r"copperline/stages\.yaml:\d+", page)  # where to fix it, relative to playbooks/
    assert re.search(r"templates/management-layer/ramp\.yaml:\d+", page)


def test_a_playbook_without_the_new_documents_shows_none_of_their_pages(tmp_path):
    from generator.publish.client import build_client

    site = build_client(make_client(tmp_path), tmp_path / "site").site
    for name in NEW_PAGES:
        assert not (site / name).exists(), name
    assert (site / "health.html").is_file()
    assert "Metrics dictionary" not in text(site / "print.html")


def test_the_examples_and_templates_validate_strictly(cli):
    result = cli(
        "validate", "--strict", "playbooks/fernhill", "playbooks/templates/founder-led",
        "playbooks/templates/management-layer",
    )  # fmt: skip
    assert (result.status, result.out) == (0, "")


def test_a_playbook_with_every_new_document_can_be_clean(cli):
    result = cli("validate", "--strict", "tests/cases/valid-operating-system")
    assert (result.status, result.out) == (0, "")
