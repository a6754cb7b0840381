"""DuckDB against Polars on a generated export: read the CSVs, then the aggregations `actuals` needs.

    python -m bench.actuals_engines EXPORT_DIR

Each engine runs in a fresh process (peak memory is the process's); prints one JSON line each.
The work is the same: read every column as text, parse dates and amounts, join the stage history,
count and sum won deals per owner, and take the median days in stage per stage.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def _duckdb(folder: Path) -> dict[str, float]:
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    for name in ("opportunities", "stage_history"):
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [str(folder / f"{name}.csv")],
        )
    read = time.perf_counter() - start
    con.execute(
        """SELECT "Opportunity Owner", count(*), sum(TRY_CAST("Amount" AS DOUBLE)),
           avg(try_strptime(split_part("Close Date", ' ', 1), '%Y-%m-%d')::DATE
               - try_strptime(split_part("Created Date", ' ', 1), '%Y-%m-%d')::DATE)
           FROM opportunities WHERE "Stage" = 'Closed Won' GROUP BY 1"""
    ).fetchall()
    con.execute(
        """WITH h AS (SELECT "Opportunity ID" AS id, "To Stage" AS stage,
             try_strptime(split_part("Changed At", ' ', 1), '%Y-%m-%d')::DATE AS changed FROM stage_history),
           s AS (SELECT h.stage, lead(changed) OVER (PARTITION BY h.id ORDER BY changed) - changed AS days FROM h
                 JOIN opportunities o ON o."Opportunity ID" = h.id)
           SELECT stage, median(days) FROM s GROUP BY stage"""
    ).fetchall()
    return {"read": read, "total": time.perf_counter() - start}


def _polars(folder: Path) -> dict[str, float]:
    import polars as pl

    start = time.perf_counter()
    opp = pl.read_csv(folder / "opportunities.csv", infer_schema=False)
    hist = pl.read_csv(folder / "stage_history.csv", infer_schema=False)
    read = time.perf_counter() - start

    def day(column: str) -> pl.Expr:
        return pl.col(column).str.split(" ").list.first().str.to_date("%Y-%m-%d", strict=False)

    (
        opp.filter(pl.col("Stage") == "Closed Won")
        .group_by("Opportunity Owner")
        .agg(
            pl.len(),
            pl.col("Amount").cast(pl.Float64, strict=False).sum(),
            (day("Close Date") - day("Created Date")).dt.total_days().mean(),
        )
    )
    h = hist.select(
        pl.col("Opportunity ID").alias("id"), pl.col("To Stage").alias("stage"), day("Changed At").alias("at")
    )
    h = h.join(opp.select(pl.col("Opportunity ID").alias("id")), on="id").sort("id", "at")
    h = h.with_columns((pl.col("at").shift(-1).over("id") - pl.col("at")).dt.total_days().alias("days"))
    h.group_by("stage").agg(pl.col("days").median())
    return {"read": read, "total": time.perf_counter() - start}


def main() -> None:
    if len(sys.argv) == 3:
        engine, folder = sys.argv[1], Path(sys.argv[2])
        timings = {"duckdb": _duckdb, "polars": _polars}[engine](folder)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"engine": engine, **timings, "peak_mb": peak}))
        return
    for engine in ("duckdb", "polars"):
        subprocess.run([sys.executable, "-m", "bench.actuals_engines", engine, sys.argv[1]], check=True)


if __name__ == "__main__":
    main()
