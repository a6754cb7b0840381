"""`playbook actuals`: figures checked against ones computed by hand on a tiny export, and every row problem.

The playbook is fernhill's (its stages, segments and metrics) with a hand-written data.yaml and
eight deals; the comments beside the expected figures show the arithmetic.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.actuals.cells import neutral
from generator.actuals.snapshot import render as render_snapshot
from generator.actuals.windows import window_days
from tests.conftest import ROOT

DATA = """\
currency: USD
min_deals: 2
sources:
  opportunities:
    file: exports/opportunities.csv
    columns:
      id: Id
      stage: Stage
      amount: Amount
      currency: Currency
      created: Created
      closed: Closed
      owner: Owner
      account: Account
      forecast_category: Forecast
  stage_history:
    file: exports/history.csv
    columns: {opportunity: Deal, from_stage: From, to_stage: To, changed_at: At}
  accounts:
    file: exports/accounts.csv
    columns: {id: Id, fleet_size: Fleet, industry: Industry}
rates:
  - {currency: EUR, rate: 1.5}
stages:
  - {stage: discovery, values: [Discovery]}
  - {stage: qualified, values: [Qualified]}
  - {stage: solution-validation, values: [Solution Validation, Technical Evaluation]}
  - {stage: commercials, values: [Commercials]}
  - {stage: closed-won, values: [Closed Won]}
  - {stage: closed-lost, values: [Closed Lost]}
  - {stage: disqualified, values: [Disqualified]}
segments:
  - segment: regional-carriers
    when: [{column: industry, in: [trucking]}, {column: fleet_size, min: 50, max: 1000}]
  - segment: field-service-fleets
    when: [{column: industry, in: [Field Service]}]
windows:
  - {metric: sales-cycle-length, days: 90}
  - {metric: average-deal-size, days: 90}
"""

OPPORTUNITIES = """\
Id,Stage,Amount,Currency,Created,Closed,Owner,Account,Forecast
D1,Closed Won,1000,USD,2026-03-01,2026-05-01,Ann,A1,Closed
D2,Closed Won,2000,EUR,2026-04-01,2026-06-10 09:30:00,Bob,A2,Closed
D3,Closed Lost,500,,2026-02-01,2026-05-15,Ann,A1,Omitted
D4,Closed Lost,,USD,2026-03-10,2026-06-01,Bob,A2,Omitted
D5,Disqualified,100,USD,2026-05-01,2026-05-05,"=HYPERLINK(""http://x.example"")",A1,Omitted
D6,Closed Lost,700,USD,2026-01-01,2026-03-01,Ann,A1,Omitted
D7,Commercials,4000,USD,2026-05-01,,Bob,A2,Commit
D8,Closed Won,900,USD,2026-06-01,2026-07-15,Ann,A1,Closed
"""

HISTORY = """\
Deal,From,To,At
D1,Discovery,Qualified,2026-03-11
D1,Qualified,Commercials,2026-04-10
D1,Commercials,Closed Won,2026-05-01
D2,Discovery,Qualified,2026-04-05
D2,Qualified,Commercials,2026-05-05
D2,Commercials,Closed Won,2026-06-10
D3,Discovery,Qualified,2026-02-11
D3,Qualified,Closed Lost,2026-05-15
D4,Discovery,Qualified,2026-03-20
D4,Qualified,Closed Lost,2026-06-01
D5,Discovery,Disqualified,2026-05-05
D6,Discovery,Closed Lost,2026-03-01
D7,Discovery,Qualified,2026-05-10
D7,Qualified,Commercials,2026-06-01
D8,Discovery,Commercials,2026-06-20
D8,Commercials,Closed Won,2026-07-15
"""

ACCOUNTS = "Id,Fleet,Industry\nA1,100,Trucking\nA2,30,Field Service\n"


def _client(tmp_path: Path, **files: str) -> Path:
    """fernhill's playbook with commercials given ageing limits, and the tiny export."""
    folder = tmp_path / "playbooks" / "fernhill"
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    shutil.copytree(
        ROOT / "playbooks" / "fernhill",
        folder,
        ignore=shutil.ignore_patterns("exports", "actuals", "data.yaml"),
    )
    stages = (folder / "stages.yaml").read_text(encoding="utf-8")
    stages = stages.replace(
        "  - id: commercials\n", "  - id: commercials\n    ageing: {warning_days: 20, stale_days: 40}\n", 1
    )
    (folder / "stages.yaml").write_text(stages, encoding="utf-8")
    contents = {
        "data.yaml": DATA,
        "exports/opportunities.csv": OPPORTUNITIES,
        "exports/history.csv": HISTORY,
        "exports/accounts.csv": ACCOUNTS,
        **files,
    }
    for name, text in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


@pytest.fixture
def tiny(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> dict:
    folder = _client(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 0, result.err
    return yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))


def _metric(snapshot: dict, metric_id: str) -> dict:
    return next(m for m in snapshot["metrics"] if m["id"] == metric_id)


def test_win_rate_counts_qualified_decisions_in_the_window(tiny):
    # Closed in (2026-04-01, 2026-06-30]: won D1, D2; lost D3, D4 (both reached Qualified).
    # D5 is disqualified, D6 closed before the window, D8 is won only after the as-of day.
    win = _metric(tiny, "win-rate")
    assert win["window_days"] == 90
    assert win["overall"] == {"value": 0.5, "deals": 4}
    assert win["segments"] == [
        {"id": "field-service-fleets", "value": 0.5, "deals": 2},  # D2 won, D4 lost
        {"id": "regional-carriers", "value": 0.5, "deals": 2},  # D1 won, D3 lost
    ]
    assert win["owners"] == [{"id": "Ann", "value": 0.5, "deals": 2}, {"id": "Bob", "value": 0.5, "deals": 2}]
    assert "pipelines" not in win  # fernhill has one pipeline


def test_cycle_deal_size_and_too_few_deals(tiny):
    # From qualification to signature: D1 qualified 2026-03-11 → won 05-01 is 51 days; D2
    # qualified 04-05 → won 06-10 is 66 days (the time is ignored).
    cycle = _metric(tiny, "sales-cycle-length")
    assert cycle["overall"] == {"value": 58.5, "deals": 2}
    assert tiny["cycle_from"] == "qualified"
    # One won deal per segment is under min_deals (2): no figure, only the count.
    assert cycle["segments"] == [
        {"id": "field-service-fleets", "value": None, "deals": 1},
        {"id": "regional-carriers", "value": None, "deals": 1},
    ]
    # D1 1000 USD, D2 2000 EUR at 1.5 = 3000 USD: 4000 / 2.
    assert _metric(tiny, "average-deal-size")["overall"] == {"value": 2000.0, "deals": 2}


def test_velocity_uses_the_playbooks_formula_over_other_metrics(tiny):
    # qualified-opportunities (D7, D8 open past Discovery) × average-deal-size × win-rate / cycle (58.5 days from qualification).
    velocity = _metric(tiny, "sales-velocity")
    assert velocity["overall"] == {"value": round(2 * 2000 * 0.5 / 58.5, 2), "deals": 4}


def test_stage_conversion_and_funnel(tiny):
    # Open-stage entries in the trailing 182 days: 17, of which 11 moved on to a later stage.
    conversion = _metric(tiny, "stage-conversion")
    assert conversion["window_days"] == 182
    assert conversion["overall"] == {"value": round(11 / 17, 4), "deals": 8}
    # The formula-like owner is written neutralised, and still counted.
    assert {"id": '\'=HYPERLINK("http://x.example")', "value": None, "deals": 1} in conversion["owners"]
    assert tiny["funnel"] == [
        {
            "pipeline": None,
            "stages": [
                # Days in Discovery: 10, 4, 10, 10, 4, 59, 9, 19 → median 10.
                {"stage": "discovery", "entered": 8, "advanced": 6, "conversion": 0.75, "median_days": 10.0,
                 "expected_days": 10, "open": 0, "over_warning": None, "stale": None},
                # D1, D2, D3, D4, D7; D1, D2 and D7 went on. Days: 30, 30, 93, 73, 22 → 30.
                {"stage": "qualified", "entered": 5, "advanced": 3, "conversion": 0.6, "median_days": 30.0,
                 "expected_days": 14, "open": 0, "over_warning": None, "stale": None},
                {"stage": "solution-validation", "entered": 0, "advanced": 0, "conversion": None,
                 "median_days": None, "expected_days": 28, "open": 0, "over_warning": None, "stale": None},
                # D1, D2 won; D7 (29 days, over the 20-day warning) and D8 (10 days) still open.
                {"stage": "commercials", "entered": 4, "advanced": 2, "conversion": 0.5, "median_days": 28.5,
                 "expected_days": 14, "open": 2, "over_warning": 1, "stale": 0},
            ],
        }
    ]  # fmt: skip


def test_segment_evidence_and_forecast(tiny):
    assert tiny["segments"] == [
        {"id": "field-service-fleets", "closed_deals": 2, "win_rate": 0.5, "median_cycle_days": None,
         "average_deal_size": None},
        {"id": "regional-carriers", "closed_deals": 2, "win_rate": 0.5, "median_cycle_days": None,
         "average_deal_size": None},
    ]  # fmt: skip
    # Open on 2026-06-30: D7 and D8, both in Commercials, whose deals the export calls Commit.
    assert tiny["forecast"] == [{"category": "Commit", "deals": 2, "amount": 4900.0}]


def test_snapshot_header_and_sources(tiny):
    assert str(tiny["as_of"]) == "2026-06-30"
    assert (tiny["client"], tiny["min_deals"], tiny["currency"]) == ("fernhill", 2, "USD")
    assert [(s["name"], s["file"], s["rows"]) for s in tiny["sources"]] == [
        ("accounts", "exports/accounts.csv", 2),
        ("opportunities", "exports/opportunities.csv", 8),
        ("stage_history", "exports/history.csv", 16),
    ]
    # Metrics the data cannot measure (quota, retention, pilots) are left out, in metrics.yaml order.
    assert [m["id"] for m in tiny["metrics"]] == [
        "win-rate",
        "stage-conversion",
        "sales-cycle-length",
        "average-deal-size",
        "sales-velocity",
    ]


def test_same_input_same_bytes(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    folder = _client(tmp_path)
    monkeypatch.chdir(tmp_path)
    texts = []
    for _ in range(2):
        assert cli("actuals", "fernhill", "--as-of", "2026-06-30").status == 0
        texts.append((folder / "actuals" / "2026-06-30.yaml").read_bytes())
    assert texts[0] == texts[1]
    assert sorted(p.name for p in (folder / "actuals").iterdir()) == ["2026-06-30.yaml"]  # no temporary left


BAD = """\
Id,Stage,Amount,Currency,Created,Closed,Owner,Account,Forecast
D1,Closed Won,1000,USD,2026-03-01,2026-05-01,Ann,A1,Closed
D1,Closed Won,1000,USD,2026-03-01,2026-05-01,Ann,A1,Closed
D3,Comercials,-5,USD,2026-02-31,,Ann,A1,Commit
D4,Qualified,12x,JPY,2026-03-10,,"Bob
Smith",A2,Maybe
D5,Closed Lost,10,USD,2026-05-01,,Ann,A1,Omitted
D6,Discovery,10,USD,2026-05-01,2026-04-01,Ann,A1,Pipeline
"""

BAD_HISTORY = "Deal,From,To,At\nD1,Discovery,Won!,2026-03-11\nD9,Discovery,Qualified,soon\n"


def test_every_row_problem_is_a_diagnostic(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    folder = _client(tmp_path, **{"exports/opportunities.csv": BAD, "exports/history.csv": BAD_HISTORY})
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 1
    opp, hist = "playbooks/fernhill/exports/opportunities.csv", "playbooks/fernhill/exports/history.csv"
    assert result.err.splitlines() == [
        f"{hist}:2:1: error: to stage `Won!` is not mapped to a playbook stage in data.yaml [actuals-stage]",
        f"{hist}:3:1: error: change date `soon` is not a date written `%Y-%m-%d` [actuals-date]",
        f"{hist}:3:1: error: stage change of deal `D9`, which is not in the opportunities export [actuals-reference]",
        f"{opp}:3:1: error: duplicate deal ID `D1` (first on line 2) [actuals-duplicate]",
        f"{opp}:4:1: error: amount `-5` is negative or over 1,000,000,000,000 [actuals-amount]",
        f"{opp}:4:1: error: created date `2026-02-31` is not a date written `%Y-%m-%d` [actuals-date]",
        f"{opp}:4:1: error: stage `Comercials` is not mapped to a playbook stage in data.yaml; nearest: "
        "`commercials` [actuals-stage]",
        f"{opp}:5:1: error: amount `12x` is not a number [actuals-amount]",
        f"{opp}:5:1: error: unknown currency `JPY`: data.yaml's `rates` list EUR, USD [actuals-currency]",
        f"{opp}:5:1: error: unknown forecast category `Maybe` [actuals-forecast]",
        # The quoted owner spans two lines: the next record starts on line 7.
        f"{opp}:7:1: error: the deal is closed but has no close date [actuals-date]",
        f"{opp}:8:1: error: close date 2026-04-01 is before the created date 2026-05-01 [actuals-date]",
    ]
    assert not (folder / "actuals").exists()
    limited = cli("actuals", "fernhill", "--as-of", "2026-06-30", "--max-errors", "2")
    assert limited.status == 1
    assert limited.err.splitlines()[2:] == ["error: 10 more problem(s) not shown (--max-errors 2)"]
    assert len(limited.err.splitlines()) == 3


def test_a_missing_column_or_file_points_at_data_yaml(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    _client(tmp_path, **{"data.yaml": DATA.replace("owner: Owner", "owner: Owners")})
    (tmp_path / "playbooks" / "fernhill" / "exports" / "accounts.csv").unlink()
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 1
    lines = result.err.splitlines()
    assert "playbooks/fernhill/exports/accounts.csv:1:1: error: file does not exist [input-file]" in lines
    assert (
        "playbooks/fernhill/data.yaml:13:14: error: playbooks/fernhill/exports/opportunities.csv has no column "
        "`Owners`; nearest: `Owner` [actuals-column]" in lines
    )


def test_data_yaml_references_are_checked(tmp_path: Path, cli):
    folder = _client(
        tmp_path, **{"data.yaml": DATA.replace("segment: field-service-fleets", "segment: field-fleets")}
    )
    result = cli("validate", str(folder))
    assert result.status == 1
    assert result.out.endswith(
        "data.yaml:35:14: error: unknown segment `field-fleets`; nearest: `field-service-fleets`, `micro-fleets` "
        "[reference-unknown]\n"
    )


def test_a_client_without_data_yaml_is_told(cli):
    result = cli("actuals", "copperline", "--as-of", "2026-06-30")
    assert result.status == 2
    assert "copperline has no data.yaml" in result.err


def test_windows_are_read_from_the_metrics_wording():
    assert window_days("Trailing 90 days, by close date.") == 90
    assert window_days("Trailing two quarters by stage entry date") == 182
    assert window_days("Trailing twelve months.") == 365
    assert window_days("The current quarter, measured each Monday.") is None


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    assert neutral('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutral("+1") == "'+1" and neutral("@SUM(A1)") == "'@SUM(A1)" and neutral("Ann") == "Ann"
    text = render_snapshot(
        {
            "as_of": "2026-06-30",
            "client": "x",
            "min_deals": 1,
            "currency": "USD",
            "sources": [],
            "metrics": [{"id": "m", "window_days": None, "overall": {"value": 1e-05, "deals": 3},
                         "owners": [{"id": "'=1+1", "value": None, "deals": 3}]}],
            "funnel": [],
            "segments": [],
            "forecast": [],
        }
    )  # fmt: skip
    loaded = yaml.safe_load(text)
    assert loaded["metrics"][0]["owners"][0]["id"] == "'=1+1"
    assert loaded["metrics"][0]["overall"]["value"] == 1e-05


def test_the_example_export_stays_out_of_the_site(example_site: Path):
    assert (ROOT / "playbooks" / "fernhill" / "exports" / "opportunities.csv").is_file()
    leaked = [p for p in example_site.rglob("*") if p.is_file() and p.suffix == ".csv"]
    assert leaked == []
    assert not any("OPP-0000001" in p.read_text(errors="replace") for p in example_site.rglob("*.html"))


def test_init_keeps_exports_out_of_git(tmp_path: Path):
    from generator.authoring.project_init import init_project

    init_project(tmp_path)
    assert "/playbooks/*/exports/" in (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_example_snapshots_are_current(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    """The committed snapshots are what `actuals` writes from the committed export today."""
    folder = tmp_path / "playbooks" / "fernhill"
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    shutil.copytree(ROOT / "playbooks" / "fernhill", folder, ignore=shutil.ignore_patterns("actuals"))
    monkeypatch.chdir(tmp_path)
    committed = sorted((ROOT / "playbooks" / "fernhill" / "actuals").glob("*.yaml"))
    assert len(committed) >= 2  # a trend for the site
    for snapshot in committed:
        assert cli("actuals", "fernhill", "--as-of", snapshot.stem).status == 0
        assert (folder / "actuals" / snapshot.name).read_bytes() == snapshot.read_bytes()


def test_hostile_files_end_in_a_diagnostic(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    folder = _client(tmp_path)
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(HISTORY, encoding="utf-8")
    (folder / "exports" / "history.csv").unlink()
    (folder / "exports" / "history.csv").symlink_to(outside)
    (folder / "exports" / "accounts.csv").write_bytes(b'Id,Fleet\n"A1,\x00\xff\n' + b'"' * 10)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 1
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert (
        "playbooks/fernhill/exports/history.csv:1:1: error: file is a link to a file outside the client folder; "
        "copy the file in instead [input-file]" in lines
    )
    assert any(
        line.startswith("playbooks/fernhill/exports/accounts.csv:1:1: error: not a CSV file")
        for line in lines
    )


def test_a_creation_row_in_the_history_enters_the_first_stage_once(tmp_path: Path, cli, monkeypatch):
    # HubSpot writes a first row from no stage on the day the deal is made; it is not a second entry.
    created = {line.split(",")[0]: line.split(",")[4] for line in OPPORTUNITIES.splitlines()[1:]}
    rows = "".join(f"{deal},,Discovery,{day}\n" for deal, day in created.items())
    folder = _client(
        tmp_path, **{"exports/history.csv": HISTORY.replace("Deal,From,To,At\n", "Deal,From,To,At\n" + rows)}
    )
    monkeypatch.chdir(tmp_path)
    assert cli("actuals", "fernhill", "--as-of", "2026-06-30").status == 0
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    discovery = snapshot["funnel"][0]["stages"][0]
    assert (discovery["entered"], discovery["advanced"], discovery["median_days"]) == (8, 6, 10.0)
    assert _metric(snapshot, "stage-conversion")["overall"] == {"value": round(11 / 17, 4), "deals": 8}


MEASURES = """\
measures:
  - input: commercials-entries
    aggregate: count
    reached: commercials
  - input: founder-closed-deals
    aggregate: count
    outcome: won
    where: [{field: owner, in: [ann]}]
"""


def test_declared_measures_feed_the_playbooks_own_metrics(tmp_path: Path, cli, monkeypatch):
    folder = _client(tmp_path, **{"data.yaml": DATA + MEASURES})
    monkeypatch.chdir(tmp_path)
    assert cli("actuals", "fernhill", "--as-of", "2026-06-30").status == 0
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    # founder-dependence = founder-closed-deals / won-deals over 90 days: Ann's D1 of D1 and D2.
    assert _metric(snapshot, "founder-dependence")["overall"] == {"value": 0.5, "deals": 2}
    # roi-model-attach needs roi-modelled-deals, which nothing measures: left out.
    assert "roi-model-attach" not in [m["id"] for m in snapshot["metrics"]]


def test_a_measure_on_an_unknown_field_is_a_diagnostic(tmp_path: Path, cli, monkeypatch):
    _client(tmp_path, **{"data.yaml": DATA + MEASURES.replace("field: owner", "field: ownr")})
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 1
    assert result.err.splitlines() == [
        "playbooks/fernhill/data.yaml:47:21: error: `ownr` is not a field of the deals; nearest: `owner` "
        "[actuals-measure]"
    ]


def test_fmt_leaves_the_snapshots_alone(cli):
    result = cli("fmt", "--check", "playbooks/fernhill")
    assert result.status == 0, result.out + result.err
    assert "actuals" not in result.out + result.err


def _stage_yaml(sid: str, category: str) -> str:
    return (
        f"      - id: {sid}\n        label: {sid}\n        category: {category}\n        purpose: {sid}.\n"
        f"        owner: ae\n        probability: {0.5 if category == 'open' else 1 if category == 'won' else 0}\n"
        "        exit_criteria:\n          - id: buyer-said-so\n            statement: The buyer said so.\n"
        "            verified_by: buyer\n"
    )


def _two_pipelines(tmp_path: Path, new_business: str, renewal: str) -> Path:
    """The pipelines case with two pipelines of an open, a won and a lost stage each (`nb-…` and
    `rn-…`), labelled as given, and the library's win rate."""
    folder = tmp_path / "playbooks" / "pipelines"
    shutil.copytree(
        ROOT / "tests" / "cases" / "pipelines", folder, ignore=shutil.ignore_patterns("expected.txt")
    )
    (folder / "stages.yaml").write_text(
        "pipelines:\n"
        + "".join(
            f"  - id: {pid}\n    label: {label}\n    kind: {pid}\n    stages:\n"
            + _stage_yaml(f"{p}-open", "open")
            + _stage_yaml(f"{p}-won", "won")
            + _stage_yaml(f"{p}-lost", "lost")
            for pid, label, p in (("new-business", new_business, "nb"), ("renewal", renewal, "rn"))
        ),
        encoding="utf-8",
    )
    (folder / "metrics.yaml").write_text(
        "metrics:\n  - id: win-rate\n    library: win-rate\n", encoding="utf-8"
    )
    return folder


def test_several_pipelines_get_a_funnel_each_and_a_figure_each(tmp_path: Path, cli, monkeypatch):
    folder = _two_pipelines(tmp_path, "new-business", "renewal")
    (folder / "data.yaml").write_text(
        "min_deals: 1\nsources:\n  opportunities:\n    file: deals.csv\n"
        "    columns: {id: id, stage: stage, created: created, closed: closed}\n"
        "stages:\n"
        + "".join(
            f"  - {{stage: {s}, values: [{s}]}}\n"
            for p in ("nb", "rn")
            for s in (f"{p}-open", f"{p}-won", f"{p}-lost")
        ),
        encoding="utf-8",
    )
    (folder / "deals.csv").write_text(
        "id,stage,created,closed\n"
        "a,nb-won,2026-05-01,2026-06-01\nb,nb-lost,2026-05-01,2026-06-02\nc,nb-open,2026-05-01,\n"
        "d,rn-won,2026-05-01,2026-06-03\ne,rn-open,2026-06-01,\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "pipelines", "--as-of", "2026-06-30")
    assert result.status == 0, result.err
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    win = _metric(snapshot, "win-rate")
    # Without a history a lost deal's path is unknown, so it counts: a won and b lost; d won.
    assert win["overall"] == {"value": round(2 / 3, 4), "deals": 3}
    assert win["pipelines"] == [
        {"id": "new-business", "value": 0.5, "deals": 2},
        {"id": "renewal", "value": 1.0, "deals": 1},
    ]
    assert [(f["pipeline"], [s["stage"] for s in f["stages"]]) for f in snapshot["funnel"]] == [
        ("new-business", ["nb-open"]),
        ("renewal", ["rn-open"]),
    ]
    assert [s["open"] for f in snapshot["funnel"] for s in f["stages"]] == [1, 1]


def _shared_labels(tmp_path: Path, deals: str, history: str = "") -> Path:
    """Two pipelines whose stages the export labels alike (Open, Won, Lost), told apart by a
    `pipeline` column that names a pipeline by its label, its ID or a value data.yaml lists."""
    folder = _two_pipelines(tmp_path, "New business", "Renewal")
    sources = "    columns: {id: id, stage: stage, created: created, closed: closed, pipeline: pipeline}\n"
    if history:
        sources += (
            "  stage_history:\n    file: history.csv\n"
            "    columns: {opportunity: deal, to_stage: to, changed_at: at}\n"
        )
        (folder / "history.csv").write_text(history, encoding="utf-8")
    (folder / "data.yaml").write_text(
        "min_deals: 1\nsources:\n  opportunities:\n    file: deals.csv\n"
        + sources
        + "pipelines:\n  - {pipeline: renewal, values: [Renewals 2026]}\n"
        "stages:\n"
        + "".join(
            f"  - {{stage: {p}-{s}, values: [{s.title()}]}}\n"
            for p in ("nb", "rn")
            for s in ("open", "won", "lost")
        ),
        encoding="utf-8",
    )
    (folder / "deals.csv").write_text(deals, encoding="utf-8")
    return folder


def test_a_pipeline_column_tells_apart_the_stages_two_pipelines_label_alike(tmp_path: Path, cli, monkeypatch):
    folder = _shared_labels(
        tmp_path,
        "id,stage,created,closed,pipeline\n"
        "a,Won,2026-05-01,2026-06-01,New business\nb,Lost,2026-05-01,2026-06-02,new-business\n"
        "c,Open,2026-05-01,,NEW BUSINESS\nd,Won,2026-05-01,2026-06-03,Renewals 2026\ne,Open,2026-06-01,,renewal\n",
        "deal,to,at\na,Open,2026-05-01\na,Won,2026-06-01\nd,Open,2026-05-01\nd,Won,2026-06-03\n",
    )
    monkeypatch.chdir(tmp_path)
    assert cli("validate", "playbooks/pipelines").status == 0
    result = cli("actuals", "pipelines", "--as-of", "2026-06-30")
    assert result.status == 0, result.err
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    win = _metric(snapshot, "win-rate")
    assert win["overall"] == {"value": round(2 / 3, 4), "deals": 3}
    assert win["pipelines"] == [
        {"id": "new-business", "value": 0.5, "deals": 2},
        {"id": "renewal", "value": 1.0, "deals": 1},
    ]
    assert [s["open"] for f in snapshot["funnel"] for s in f["stages"]] == [1, 1]
    entered = {s["stage"]: s["entered"] for f in snapshot["funnel"] for s in f["stages"]}
    assert entered == {"nb-open": 2, "rn-open": 2}  # the history's Open rows, each in its deal's pipeline


def test_a_deal_whose_pipeline_is_unknown_blank_or_not_its_stages_is_a_diagnostic(
    tmp_path: Path, cli, monkeypatch
):
    folder = _shared_labels(
        tmp_path,
        "id,stage,created,closed,pipeline\n"
        "a,Won,2026-05-01,2026-06-01,Expansion\nb,Lost,2026-05-01,2026-06-02,\n"
        "c,Open,2026-05-01,,Renewl\nd,Closed,2026-05-01,2026-06-03,Renewal\ne,Demo,2026-05-01,,Renewal\n",
    )
    data = folder / "data.yaml"
    data.write_text(
        data.read_text().replace("{stage: nb-open, values: [Open]}", "{stage: nb-open, values: [Open, Demo]}")
    )
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "pipelines", "--as-of", "2026-06-30")
    assert result.status == 1
    at = "playbooks/pipelines/deals.csv"
    # One diagnostic a row: a deal whose pipeline is unknown is not reported for its stage as well.
    assert result.err.splitlines() == [
        f"{at}:2:1: error: pipeline `Expansion` is not mapped to a playbook pipeline in data.yaml [actuals-pipeline]",
        f"{at}:3:1: error: the deal has no pipeline [actuals-pipeline]",
        f"{at}:4:1: error: pipeline `Renewl` is not mapped to a playbook pipeline in data.yaml; nearest: `renewal` [actuals-pipeline]",
        f"{at}:5:1: error: stage `Closed` is not mapped to a playbook stage of pipeline `renewal` in data.yaml [actuals-stage]",
        f"{at}:6:1: error: stage `Demo` is a stage of pipeline `new-business`, but the deal's pipeline is `renewal` [actuals-pipeline]",
    ]


def test_other_commands_never_import_the_engine():
    import subprocess
    import sys

    code = (
        "import sys\nfrom generator.cli import run\nrun(['validate', 'playbooks/fernhill'])\n"
        "print('duckdb' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_what_actuals_writes_is_what_the_site_reads():
    from generator.load.snapshot import read_snapshots

    loaded, diagnostics = read_snapshots(ROOT / "playbooks" / "fernhill")
    assert diagnostics == []
    assert [s.snapshot.as_of.isoformat() for s in loaded] == ["2026-09-30", "2026-10-31", "2026-11-30"]
    latest = loaded[-1].snapshot
    assert latest.metric("win-rate") is not None
    assert {s.id for s in latest.segments} >= {"regional-carriers", "field-service-fleets"}


def test_the_examples_actuals_page_shows_the_computed_snapshot(example_site):
    """The site of the example shows exactly the figures `actuals` computed from its export."""
    from generator.load.snapshot import read_snapshots
    from tests.test_operating_site import text

    latest = read_snapshots(ROOT / "playbooks" / "fernhill")[0][-1].snapshot
    page = text(example_site / "actuals.html")
    win_rate = latest.metric("win-rate")
    assert win_rate is not None and win_rate.overall.value is not None
    shown = f"{win_rate.overall.value * 100:.1f}".rstrip("0").rstrip(".") + "%"  # as the page writes rates
    assert f"{shown} ({win_rate.overall.deals} deals)" in page
    for stage in latest.funnel[0].stages:
        assert f"{stage.entered} entered" in page, stage.stage
    regional = latest.segment("regional-carriers")
    assert regional is not None and regional.win_rate is not None
    assert f"{regional.closed_deals} closed" in page


def test_a_segments_own_ageing_limits_count_its_open_deals(tmp_path: Path, cli, monkeypatch):
    folder = _client(tmp_path)
    stages = (folder / "stages.yaml").read_text(encoding="utf-8")
    stages = stages.replace(
        "    ageing: {warning_days: 20, stale_days: 40}\n",
        "    ageing:\n      warning_days: 20\n      stale_days: 40\n      segments:\n"
        "        - {segment: regional-carriers, warning_days: 5, stale_days: 8}\n",
        1,
    )
    (folder / "stages.yaml").write_text(stages, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("actuals", "fernhill", "--as-of", "2026-06-30")
    assert result.status == 0, result.err
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    commercials = snapshot["funnel"][0]["stages"][-1]
    # D7 (field service, 29 days) is over the stage's 20-day warning; D8 (regional carrier, 10 days)
    # is past its segment's 5-day warning and 8-day stale limit, though under the stage's own.
    assert (commercials["open"], commercials["over_warning"], commercials["stale"]) == (2, 2, 1)


def test_without_a_history_the_cycle_runs_from_creation(tmp_path: Path, cli, monkeypatch):
    folder = _client(tmp_path)
    data = (folder / "data.yaml").read_text(encoding="utf-8")
    start = data.index("  stage_history:")
    data = data[:start] + data[data.index("  accounts:") :]
    (folder / "data.yaml").write_text(data, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("actuals", "fernhill", "--as-of", "2026-06-30").status == 0
    snapshot = yaml.safe_load((folder / "actuals" / "2026-06-30.yaml").read_text(encoding="utf-8"))
    # D1: 2026-03-01 → 05-01 is 61 days; D2: 04-01 → 06-10 is 70 days.
    assert _metric(snapshot, "sales-cycle-length")["overall"] == {"value": 65.5, "deals": 2}
    assert snapshot["cycle_from"] == "created"
