"""Actuals snapshots: read strictly, shown against the playbook's targets, diffed in playbook terms."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from generator.build.inputs import input_hash
from generator.load.snapshot import Figure, read_snapshot, read_snapshots
from generator.load.yaml_loader import LoadError
from generator.model.operating import Level, Metric
from generator.render.actuals import judge, sparkline
from tests.conftest import ROOT, git
from tests.test_build import _Dangerous, make_client
from tests.test_operating_site import text

# Hand-made snapshots with round figures, so the pages and diffs can be asserted exactly; the
# example ships the ones `playbook actuals` computes from its export (tests/test_actuals.py).
HAND_MADE = ROOT / "tests" / "fixtures" / "actuals" / "fernhill"


def _project(root: Path) -> Path:
    """A copy of the project whose fernhill holds the hand-made snapshots; returns fernhill's folder."""
    shutil.copytree(ROOT / "site_config", root / "site_config")
    shutil.copytree(ROOT / "playbooks" / "templates", root / "playbooks" / "templates")
    folder = root / "playbooks" / "fernhill"
    shutil.copytree(ROOT / "playbooks" / "fernhill", folder, ignore=shutil.ignore_patterns("actuals"))
    shutil.copytree(HAND_MADE / "actuals", folder / "actuals")
    return folder


LATEST_NAME, EARLIER_NAME = "2026-11-30.yaml", "2026-10-31.yaml"


@pytest.fixture(scope="module")
def fernhill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fernhill's folder in a copied project, holding the hand-made snapshots."""
    return _project(tmp_path_factory.mktemp("hand-made"))


def _metric(direction: str) -> Metric:
    return Metric("m", "M", "", "ratio", direction, "", "", "", "", "", "", "", ())


# Reading


def test_the_examples_snapshots_read_into_typed_figures(fernhill):
    loaded, diagnostics = read_snapshots(fernhill)
    assert diagnostics == []
    assert [s.snapshot.as_of for s in loaded] == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 11, 30),
    ]
    latest = loaded[-1].snapshot
    win_rate = latest.metric("win-rate")
    assert win_rate is not None
    assert win_rate.overall == Figure("", 0.2817, 71)
    assert Figure("micro-fleets", None, 4) in win_rate.segments
    assert latest.funnel[0].pipeline is None
    assert [s.stage for s in latest.funnel[0].stages] == [
        "discovery",
        "qualified",
        "solution-validation",
        "commercials",
    ]
    assert latest.segment("regional-carriers").win_rate == 0.3415


def test_a_snapshot_may_leave_out_every_optional_list(tmp_path):
    actuals = tmp_path / "actuals"
    actuals.mkdir()
    path = actuals / "2026-01-05.yaml"
    path.write_text("as_of: 2026-01-05\nclient: acme\nmin_deals: 20\ncurrency: USD\n")
    snapshot = read_snapshot(path).snapshot
    assert (snapshot.metrics, snapshot.funnel, snapshot.segments, snapshot.forecast) == ((), (), (), ())
    assert snapshot.cycle_from == "created"  # written before snapshots said where cycles start


def test_a_snapshot_says_where_its_sales_cycles_start(tmp_path, example_sites):
    actuals = tmp_path / "actuals"
    actuals.mkdir()
    path = actuals / "2026-01-05.yaml"
    head = "as_of: 2026-01-05\nclient: acme\nmin_deals: 20\ncurrency: USD\n"
    path.write_text(head + "cycle_from: qualified\n")
    assert read_snapshot(path).snapshot.cycle_from == "qualified"
    path.write_text(head + "cycle_from: signed\n")
    with pytest.raises(LoadError) as caught:
        read_snapshot(path)
    assert "`cycle_from` must be `qualified` or `created`" in str(caught.value)
    assert "sales cycles from qualification to signature" in text(example_sites["fernhill"] / "actuals.html")


def test_a_malformed_snapshot_fails_validation_at_its_line(cli, tmp_path):
    client = make_client(tmp_path).path
    (client / "actuals").mkdir()
    (client / "actuals" / "2026-03-02.yaml").write_text(
        "as_of: 2026-03-02\nclient: acme\nmin_deals: 20\ncurrency: USD\nmetrics:\n"
        "  - id: win-rate\n    window_days: 90\n    overall: {value: 0.3, deals: -4}\n"
    )
    result = cli("validate", str(client))
    assert result.status == 1
    assert result.out.endswith(
        "acme/actuals/2026-03-02.yaml:8:34: error: `metrics[0].overall.deals` must be a whole number, "
        "0 or more [actuals-snapshot]\n"
    )
    assert "Traceback" not in result.err


def test_a_new_snapshot_changes_the_input_hash(fernhill, tmp_path):
    client = make_client(tmp_path)
    before = input_hash(client)
    (client.path / "actuals").mkdir()
    shutil.copy((fernhill / "actuals" / LATEST_NAME), client.path / "actuals" / LATEST_NAME)
    assert input_hash(client) != before


# Judging


@pytest.mark.parametrize(
    ("direction", "value", "status"),
    [
        ("higher", 0.30, "green"),
        ("higher", 0.27, "green"),
        ("higher", 0.25, "amber"),
        ("higher", 0.22, "amber"),
        ("higher", 0.21, "red"),
        ("higher", None, ""),
        ("lower", 0.27, "green"),
        ("lower", 0.30, "amber"),
        ("lower", 0.35, "red"),
    ],
)
def test_a_figure_is_judged_by_the_thresholds_and_the_metrics_direction(direction, value, status):
    level = Level(0.25, 0.27, 0.22) if direction == "higher" else Level(0.25, 0.27, 0.32)
    assert judge(_metric(direction), level, value) == status


def test_the_sparkline_says_every_figure_and_draws_the_same_bytes():
    points = [("30 Sep 2026", 0.24, "24%"), ("31 Oct 2026", None, ""), ("30 Nov 2026", 0.28, "28%")]
    first = str(sparkline("Win rate, the company", points))
    assert first == str(sparkline("Win rate, the company", points))
    assert 'role="img"' in first
    assert "Win rate, the company&#58; 24&#37; on 30 Sep 2026, too few deals on 31 Oct 2026" in first
    assert "<polyline" not in first  # the gap leaves no line between two single points
    assert first.count("<circle") == 1


# The site


@pytest.fixture(scope="module")
def fernhill_site(fernhill, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.load.sources import PlaybookFolder
    from generator.publish.client import build_client
    from tests.conftest import FIXED_EPOCH, isolated

    with isolated(fernhill.parent.parent, {"SOURCE_DATE_EPOCH": FIXED_EPOCH}):
        return build_client(PlaybookFolder(fernhill), tmp_path_factory.mktemp("actuals")).site


def test_the_actuals_page_shows_figures_against_targets(fernhill_site):
    page = text(fernhill_site / "actuals.html")
    assert "Measured from the CRM on 30 Nov 2026, with 3 snapshots since 30 Sep 2026" in page
    # 28.2% against a target of 30% with green from 27%: green.
    assert "The company 28.2% (71 deals) Green target 30%" in page
    # Field-service fleets' pipeline coverage 4.1x against 5x, green from 4.6x, red under 4x: amber.
    assert "Field-service van fleets 4.1× (27 deals) Amber target 5×" in page
    assert "Micro-fleets too few deals (4)" in page
    assert "Regional carriers with their own shops too few deals (14) target 50 days" in page
    assert "Win rate, the company: 24% on 30 Sep 2026, 26.7% on 31 Oct 2026, 28.2% on 30 Nov 2026" in page


def test_a_figure_over_too_few_deals_is_never_shown_as_a_rate(fernhill_site):
    page = text(fernhill_site / "actuals.html")
    # Depot pilot conversion was measured over 7 pilots, below min_deals of 20: no value, no status.
    assert (
        "The company too few deals (7) target 75% Depot pilot conversion, the company: too few deals on"
        in page
    )


def test_the_funnel_shows_conversion_and_median_days_against_expected(fernhill_site):
    page = text(fernhill_site / "actuals.html")
    assert "Solution validation 59% 38 of 64 41 (expected 28) 22" in page
    assert "Solution validation: 64 entered · 59% advance · median 41 days (expected 28)" in page
    raw = (fernhill_site / "actuals.html").read_text()
    assert raw.count('class="pb-svg pb-svg-wide"') == raw.count('class="pb-svg pb-svg-narrow"') == 1


def test_each_segments_written_evidence_stands_beside_its_measured_figures(fernhill_site):
    page = text(fernhill_site / "actuals.html")
    assert "Win rate 31% 34.2% Sales cycle 52 days 51 days Average deal size $41,000 $39,800" in page
    assert "Deals behind it 24 won 41 closed" in page


def test_the_metrics_and_icp_pages_link_to_the_measured_figures(fernhill_site):
    metrics = (fernhill_site / "metrics.html").read_text()
    icp = (fernhill_site / "icp" / "index.html").read_text()
    assert re.search(r"Measured:</strong> the CRM.s figures of 30 Nov 2026", metrics)
    assert 'href="actuals.html#metrics"' in metrics
    assert 'href="../actuals.html#segments"' in icp


def test_a_client_without_snapshots_has_no_actuals_page(example_sites):
    site = example_sites["kestrel"]
    assert not (site / "actuals.html").exists()
    assert "actuals.html" not in (site / "metrics.html").read_text()


def test_snapshot_text_is_data_on_the_page(tmp_path):
    from generator.publish.client import build_client

    client = make_client(tmp_path)
    (client.path / "actuals").mkdir()
    (client.path / "actuals" / "2026-03-02.yaml").write_text(
        "as_of: 2026-03-02\nclient: acme\nmin_deals: 2\ncurrency: EUR\nmetrics:\n"
        "  - id: average-deal-size\n    window_days: 90\n    overall: {value: 41000, deals: 12}\n"
        "  - id: win-rate\n    window_days: 90\n    overall: {value: 0.3, deals: 40}\n    owners:\n"
        '      - {id: "<script>alert(1)</script>", value: 0.3, deals: 20}\n'
        "      - {id: '=HYPERLINK(\"http://x\")', value: 0.2, deals: 20}\n"
        "      - {id: '**bold** [x](javascript:alert(1))', value: 0.1, deals: 20}\n"
    )
    (client.path / "metrics.yaml").write_text(
        "metrics:\n  - id: win-rate\n    library: win-rate\n    target: {value: 0.25}\n"
        "  - id: average-deal-size\n    library: average-deal-size\n    target: {value: 40000}\n"
    )
    site = build_client(client, tmp_path / "site").site
    raw = (site / "actuals.html").read_text()
    checker = _Dangerous()
    checker.feed(raw)
    assert checker.found == []
    page = text(site / "actuals.html")
    assert "<script>alert(1)</script> 30%" in page
    assert '=HYPERLINK("http://x") 20%' in page
    assert "**bold** [x](javascript:alert(1)) 10%" in page
    assert "<strong>bold" not in raw
    assert "The company €41,000 (12 deals) Green" in page  # amounts in the snapshot's currency


def test_the_health_page_points_a_contradiction_at_the_actuals_page(example_sites):
    page = text(example_sites["copperline"] / "health.html")
    assert (
        "deals spend a median 64 days in Procurement and legal, at least twice its 30 expected days" in page
    )
    assert "copperline/actuals/2026-11-16.yaml:74" in page


# Diff


def test_two_snapshot_files_diff_in_playbook_terms(fernhill, cli):
    result = cli("diff", str(fernhill / "actuals" / EARLIER_NAME), str(fernhill / "actuals" / LATEST_NAME))
    assert result.status == 1
    lines = result.out.splitlines()
    prefix = "fernhill: actuals/2026-11-30.yaml: "
    for expected in [
        "actuals measured on: 2026-10-31 → 2026-11-30 [actuals.md]",
        "win rate: 26.7% → 28.2% [actuals.md]",
        "win rate, Regional carriers with their own shops: 31.4% → 34.2% [actuals.md]",
        "Discovery conversion: 55% → 56% [actuals.md]",
        "median days in Solution validation: 46 → 41 (expected 28) [actuals.md]",
        "sales cycle length: too few deals (16) → 58.5 days [actuals.md]",
        "Regional carriers with their own shops: average deal size $40,400 → $39,800 [actuals.md]",
        "Pipeline forecast: $1,310,000 in 37 deals → $1,480,000 in 41 deals [actuals.md]",
    ]:
        assert prefix + expected in lines, expected
    # Two figures that are both too few deals are not a change, whatever the count behind them.
    assert [line for line in lines if "Micro-fleets" in line] == [
        prefix + "Micro-fleets: closed deals 3 → 4 [actuals.md]"
    ]
    # The segment's win rate is said once, by the win-rate metric.
    assert (
        len([line for line in lines if "Regional carriers with their own shops" in line and "31.4%" in line])
        == 1
    )


def test_a_snapshot_diffed_with_itself_has_no_changes(fernhill, cli):
    result = cli("diff", str(fernhill / "actuals" / LATEST_NAME), str(fernhill / "actuals" / LATEST_NAME))
    assert (result.status, result.out) == (0, "")


def test_a_malformed_snapshot_in_a_diff_is_a_diagnostic(fernhill, cli, tmp_path):
    client = tmp_path / "playbooks" / "fernhill"
    shutil.copytree(fernhill, client)
    broken = client / "actuals" / "2026-11-30.yaml"
    broken.write_text(broken.read_text().replace("min_deals: 20", "min_deals: many"))
    result = cli("diff", str(client / "actuals" / "2026-10-31.yaml"), str(broken))
    assert result.status == 1
    assert (
        "2026-11-30.yaml:3:12: error: `min_deals` must be a whole number, 0 or more [actuals-snapshot]"
        in result.err
    )
    assert "Traceback" not in result.err


def test_two_revisions_compare_their_newest_snapshots(fernhill, cli, tmp_path, monkeypatch):
    root = tmp_path / "repo"
    playbooks = root / "playbooks"
    shutil.copytree(ROOT / "playbooks" / "templates" / "founder-led", playbooks / "templates" / "founder-led")
    shutil.copytree(fernhill, playbooks / "fernhill")
    (playbooks / "fernhill" / "actuals" / LATEST_NAME).unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "October actuals")
    shutil.copy((fernhill / "actuals" / LATEST_NAME), playbooks / "fernhill" / "actuals" / LATEST_NAME)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "November actuals")
    monkeypatch.chdir(root)
    result = cli("diff", "HEAD~1", "HEAD")
    assert result.status == 1
    assert (
        "fernhill: actuals/2026-11-30.yaml: median days in Commercials: 21 → 19.5 (expected 14) [actuals.md]\n"
        in (result.out)
    )
    assert "stages.yaml" not in result.out


def test_fmt_leaves_snapshots_in_the_layout_they_were_written_in(cli):
    result = cli("fmt", "--check", "playbooks/fernhill", "playbooks/copperline")
    assert result.status == 0
    assert "actuals" not in result.out + result.err


def test_a_slow_stage_is_said_in_words_not_only_by_colour(example_sites):
    page = text(example_sites["copperline"] / "actuals.html")
    assert (
        "Procurement and legal: 58 entered · 71% advance · median 64 days (expected 30) · twice expected or more"
        in page
    )
    assert "64: twice expected or more (expected 30)" in page


def test_a_client_against_its_template_shows_no_actuals(cli):
    result = cli("diff", "playbooks/templates/founder-led", "playbooks/fernhill")
    assert "actuals" not in result.out


def test_an_actuals_folder_past_the_file_limit_is_one_diagnostic(fernhill, tmp_path, monkeypatch):
    from generator.core import limits

    monkeypatch.setattr(limits, "MAX_FILES", 2)
    (tmp_path / "actuals").mkdir()
    for day in (5, 12, 19):
        shutil.copy((fernhill / "actuals" / LATEST_NAME), tmp_path / "actuals" / f"2026-01-{day:02}.yaml")
    loaded, diagnostics = read_snapshots(tmp_path)
    assert loaded == []
    assert [(d.rule, d.message) for d in diagnostics] == [("files-limit", "more than 2 files in actuals/")]


def test_the_print_page_holds_the_actuals(example_sites):
    raw = (example_sites["copperline"] / "print.html").read_text(encoding="utf-8")
    page = text(example_sites["copperline"] / "print.html")
    assert "Measured from the CRM on 16 Nov 2026" in page
    # Its anchors are its own, so they never collide with the metrics section's.
    for anchor in ("actuals-metrics", "actuals-funnel", "actuals-segments", "actuals-actual-win-rate"):
        assert f'id="{anchor}"' in raw, anchor
    assert "64: twice expected or more (expected 30)" in page
