"""Write a realistic, made-up CRM export for `playbook actuals`: opportunities, stage history, accounts.

Deterministic for a seed. It has the quirks real exports have: blank amounts, deals reopened
after they were lost, a stage renamed midway (older rows keep the old label, which data.yaml
maps beside the new one), amounts in several currencies, times after some dates, and a few
owner names typed by hand. The stages and segments are the example client fernhill's.

    python tools/make_actuals_export.py OUT_DIR [--deals N] [--seed S] [--end YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
from pathlib import Path

OPEN_STAGES = (
    # (label, label before the rename, expected days, chance to move on)
    ("Discovery", "", 10, 0.62),
    ("Qualified", "", 14, 0.7),
    ("Solution Validation", "Technical Evaluation", 28, 0.62),
    ("Commercials", "", 14, 0.55),
)
WON, LOST, DISQUALIFIED = "Closed Won", "Closed Lost", "Disqualified"
RENAMED_ON = datetime.date(2026, 3, 1)
"""The day the CRM admin renamed Technical Evaluation to Solution Validation."""
FORECAST = {
    "Discovery": "Pipeline",
    "Qualified": "Pipeline",
    "Solution Validation": "Best Case",
    "Technical Evaluation": "Best Case",
    "Commercials": "Commit",
    WON: "Closed",
    LOST: "Omitted",
    DISQUALIFIED: "Omitted",
}
OWNERS = ("Jordan Bell", "Priya Nair", "Jordan Bell", "Priya Nair", "Owen Hartley")
"""The founder still owns some deals himself."""
SOURCES = ("Inbound", "Outbound", "Partner", "Event")
# (industry, fleet range, weight): regional carriers and field-service fleets are the ICP.
INDUSTRIES = (
    ("Trucking", (50, 900), 5),
    ("Logistics", (60, 800), 2),
    ("Field Service", (40, 600), 3),
    ("Utilities", (80, 700), 1),
    ("Trucking", (1500, 9000), 1),
    ("Trucking", (5, 45), 1),
)
COUNTRIES = (("US", "USD", 1.0, 7), ("CA", "CAD", 1.36, 2), ("GB", "GBP", 0.79, 1), ("DE", "EUR", 0.92, 1))


def _date(day: datetime.date, rng: random.Random, with_time: bool) -> str:
    if with_time and rng.random() < 0.2:
        return f"{day.isoformat()} {rng.randrange(8, 19):02d}:{rng.randrange(60):02d}:00"
    return day.isoformat()


def _label(index: int, on: datetime.date) -> str:
    label, old, _, _ = OPEN_STAGES[index]
    return old if old and on < RENAMED_ON else label


def write_export(out: Path, deals: int, seed: int, end: datetime.date, full: bool = False) -> None:
    """Write opportunities.csv, stage_history.csv and accounts.csv for `deals` deals ending at `end`.

    `full` (for bench/): every deal walks all four open stages to a decision and the history has
    a creation row, so nearly every deal has five history rows.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    span = 540  # days of history
    start = end - datetime.timedelta(days=span)
    n_accounts = max(10, deals // 3)
    accounts = []
    with (out / "accounts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Account ID", "Account Name", "Fleet Size", "Employees", "Industry", "Billing Country"])
        weights = [i[2] for i in INDUSTRIES]
        cweights = [c[3] for c in COUNTRIES]
        for a in range(n_accounts):
            industry, (lo, hi), _ = rng.choices(INDUSTRIES, weights)[0]
            country = rng.choices(COUNTRIES, cweights)[0]
            fleet = rng.randint(lo, hi)
            account_id = f"ACC-{a + 1:06d}"
            accounts.append((account_id, fleet, industry, country))
            w.writerow(
                [account_id, f"Account {a + 1}", fleet, fleet * rng.randint(2, 4), industry, country[0]]
            )
    opp_file = (out / "opportunities.csv").open("w", newline="", encoding="utf-8")
    hist_file = (out / "stage_history.csv").open("w", newline="", encoding="utf-8")
    with opp_file, hist_file:
        ow, hw = csv.writer(opp_file), csv.writer(hist_file)
        ow.writerow(
            [
                "Opportunity ID",
                "Opportunity Name",
                "Stage",
                "Amount",
                "Currency",
                "Created Date",
                "Close Date",
                "Opportunity Owner",
                "Account ID",
                "Lead Source",
                "Forecast Category",
                "ROI Model Link",
                "Founder On Decision Call",
            ]
        )
        hw.writerow(["Opportunity ID", "From Stage", "To Stage", "Changed At"])
        for d in range(deals):
            deal_id = f"OPP-{d + 1:07d}"
            account_id, fleet, industry, country = accounts[rng.randrange(n_accounts)]
            fit = industry in ("Trucking", "Logistics") and 50 <= fleet <= 1000
            created = start + datetime.timedelta(days=rng.randrange(span - 200 if full else span))
            day, stage, moves = created, 0, []
            outcome = ""
            while True:
                _, _, expected, chance = OPEN_STAGES[stage]
                stay = max(1, round(rng.lognormvariate(0, 0.55) * expected))
                if day + datetime.timedelta(days=stay) > end:
                    break  # still open at the export's end
                day += datetime.timedelta(days=stay)
                if rng.random() < chance + (0.08 if fit else -0.05) or (
                    full and stage + 1 < len(OPEN_STAGES)
                ):
                    if stage + 1 == len(OPEN_STAGES):
                        outcome = WON
                    else:
                        moves.append((stage, stage + 1, day))
                        stage += 1
                        continue
                else:
                    outcome = DISQUALIFIED if stage == 0 and rng.random() < 0.8 else LOST
                if outcome == LOST and rng.random() < 0.04 and not full:
                    # Reopened: lost, then back in Commercials a few weeks later.
                    reopen = day + datetime.timedelta(days=rng.randint(10, 40))
                    if reopen + datetime.timedelta(days=14) < end:
                        moves.append((stage, LOST, day))
                        moves.append((LOST, 3, reopen))
                        stage, day, outcome = 3, reopen, ""
                        continue
                break
            if outcome:
                moves.append((stage, outcome, day))
            label = outcome or _label(stage, day)
            closed = day if outcome else None
            size = rng.lognormvariate(10.3 if fit else 10.0, 0.45) * min(3.0, max(0.5, fleet / 300))
            currency = country[1]
            amount = "" if rng.random() < 0.03 else f"{size * country[2]:.2f}"
            owner = OWNERS[rng.randrange(len(OWNERS))]
            # The ROI model link is pasted from a spreadsheet, sometimes as the formula itself.
            roi = ""
            if stage >= 3 and rng.random() < (0.75 if d % 2 else 0.55):
                link = f"https://drive.example.com/roi/{deal_id}"
                roi = f'=HYPERLINK("{link}")' if rng.random() < 0.1 else link
            founder = ""
            if outcome == WON:
                founder = "true" if owner == "Owen Hartley" or rng.random() < 0.3 else "false"
            if rng.random() < 0.01:
                owner = f" {owner} "  # typed by hand
            ow.writerow(
                [
                    deal_id,
                    f"{account_id} fleet rollout",
                    label,
                    amount,
                    currency,
                    _date(created, rng, True),
                    _date(closed, rng, True) if closed else "",
                    owner,
                    account_id,
                    SOURCES[rng.randrange(len(SOURCES))],
                    FORECAST[label],
                    roi,
                    founder,
                ]
            )
            if full:
                hw.writerow([deal_id, "", _label(0, created), created.isoformat()])
            for before, after, on in moves:
                old = before if isinstance(before, str) else _label(before, on)
                new = after if isinstance(after, str) else _label(after, on)
                hw.writerow([deal_id, old, new, _date(on, rng, True)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--deals", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", type=datetime.date.fromisoformat, default=datetime.date(2026, 11, 30))
    parser.add_argument("--full", action="store_true", help="Every deal walks every stage (bench/).")
    args = parser.parse_args()
    write_export(args.out, args.deals, args.seed, args.end, args.full)


if __name__ == "__main__":
    main()
