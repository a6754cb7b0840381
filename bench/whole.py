"""A whole `playbook build` of the example against a bare engine build of the pages it generates.

Paired runs, alternating, each in a fresh process; the median of several. Beside wall-clock time
each run's CPU time (user + system, from wait4) is kept: on a shared machine it moves less.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
EXAMPLE = "fernhill"


def _timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one process; it must succeed."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795478400", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(args)} failed:\n{output.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(root: Path) -> dict[str, dict[str, float]]:
    """For each of `mkdocs` and `zensical`: median wall and CPU of the whole build and the bare one."""
    stage = root / "stage"
    done = subprocess.run(
        [sys.executable, "-m", "bench.stage", str(ROOT / "playbooks" / EXAMPLE), str(stage)],
        cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795478400", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    # An installed tool runs from bytecode pip compiled at install; a checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module on every run instead.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    py = sys.executable
    runs = {
        "mkdocs": (
            [py, "-m", "generator", "build", EXAMPLE, "-o", "{out}"],
            [py, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(stage / "mkdocs.yml"), "-d", "{out}"],
        ),
        "zensical": (
            [py, "-m", "generator", "build", EXAMPLE, "--engine", "zensical", "-o", "{out}"],
            [
                py,
                "-m",
                "zensical",
                "build",
                "--config-file",
                str(stage / "zensical.yml"),
                "--clean",
                "--strict",
            ],
        ),
    }
    results = {}
    for engine, (whole, bare) in runs.items():
        samples: dict[str, list[tuple[float, float]]] = {"whole": [], "bare": []}
        for i in range(RUNS):
            for label, args in (("whole", whole), ("bare", bare)):
                out = root / f"{engine}-{label}-{i}"  # fresh each time: no run finds a current site
                cwd = ROOT if label == "whole" else stage
                samples[label].append(_timed([a.replace("{out}", str(out)) for a in args], cwd))
                shutil.rmtree(out, ignore_errors=True)
        pairs = list(zip(samples["whole"], samples["bare"], strict=True))
        results[engine] = {
            "whole_wall": statistics.median(w for w, _ in samples["whole"]),
            "bare_wall": statistics.median(w for w, _ in samples["bare"]),
            "whole_cpu": statistics.median(c for _, c in samples["whole"]),
            "bare_cpu": statistics.median(c for _, c in samples["bare"]),
            "ratio_wall": statistics.median(a[0] / b[0] for a, b in pairs),
            "ratio_cpu": statistics.median(a[1] / b[1] for a, b in pairs),
        }
        print(f"  whole build, {engine}: {results[engine]['ratio_wall']:.2f}×", file=sys.stderr)
    return results


def report(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "## Whole process against a bare engine build",
        "",
        f"`playbook build {EXAMPLE}` in a fresh process against the engine alone building the pages and",
        f"configuration it generates; {RUNS} paired runs, alternating, medians (the ratio is the median",
        "of the paired ratios). CPU is user + system time of the process and its children.",
        "",
        "| engine | playbook build (wall) | bare engine (wall) | ratio (wall) | playbook build (CPU) | bare engine (CPU) | ratio (CPU) |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, r in results.items():
        lines.append(
            f"| {engine} | {r['whole_wall']:.2f} s | {r['bare_wall']:.2f} s | {r['ratio_wall']:.2f}× "
            f"| {r['whole_cpu']:.2f} s | {r['bare_cpu']:.2f} s | {r['ratio_cpu']:.2f}× |"
        )
    return lines


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        print("\n".join(report(measure(Path(tmp)))))
