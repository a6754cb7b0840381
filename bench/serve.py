"""`playbook serve` as a reader sees it: from saving a YAML file to the browser showing the change.

A real browser (Playwright driving Debian's Chromium, as tests/browser.py does) keeps a served page
open, and the time runs from the write to the change being on the page, which MkDocs' live
reload brings there. Two kinds of edit: renaming the client in playbook.yaml (it is in every
page's header and the site's name, so every page is rebuilt), and rewording the first stage's
purpose in stages.yaml, watched on that stage's page (only the pages showing it are rebuilt).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from bench.generate import scaled_documents, write_playbook

ROOT = Path(__file__).resolve().parent.parent
EDITS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_served(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("playbook serve stopped before serving")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("playbook serve did not answer in time")


def _rename(folder: Path, edit: int) -> tuple[Path, str, str]:
    manifest = folder / "playbook.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["client"]["name"] = f"Edited Client {edit}"
    return manifest, yaml.safe_dump(data, allow_unicode=True, sort_keys=False), data["client"]["name"]


def _reword(folder: Path, edit: int) -> tuple[Path, str, str]:
    stages = folder / "stages.yaml"
    data = yaml.safe_load(stages.read_text(encoding="utf-8"))
    marker = f"Reworded purpose {edit}."
    data["stages"][0]["purpose"] = marker
    return stages, yaml.safe_dump(data, allow_unicode=True, sort_keys=False), marker


EDIT_KINDS = {"rename": (_rename, ""), "reword": (_reword, "pipeline/{stage}.html")}


def measure(root: Path, factor: int) -> dict[str, list[float]]:
    """Seconds from each save to the browser showing it, by kind of edit."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    repo = root / f"serve{factor}"
    docs = scaled_documents(factor)
    write_playbook(docs, repo / "playbooks" / "client")
    folder = repo / "playbooks" / "client"
    stage = docs["stages"]["stages"][0]["id"]
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795478400", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "client", "--port", str(port)],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    times: dict[str, list[float]] = {}
    try:
        _wait_until_served(url, process)
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page()
            for kind, (edit_of, address) in EDIT_KINDS.items():
                page.goto(url + address.format(stage=stage), wait_until="load")
                times[kind] = []
                for edit in range(EDITS):
                    time.sleep(1.0)  # let the watcher settle after the previous rebuild
                    path, text, shown = edit_of(folder, edit)
                    start = time.perf_counter()
                    path.write_text(text, encoding="utf-8")
                    page.wait_for_function(
                        "text => document.body && document.body.innerText.includes(text)",
                        arg=shown,
                        timeout=120_000,
                    )
                    times[kind].append(time.perf_counter() - start)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return times


def report(rows: dict[int, dict[str, list[float]]]) -> list[str]:
    lines = [
        "## `playbook serve`: from saving a file to the browser showing it",
        "",
        f"Playwright with Debian's Chromium keeps a served page open; {EDITS} edits of each kind, each",
        "timed from the write to the change on the page. *rename*: the client's name in playbook.yaml",
        "(every page rebuilt); *reword*: the first stage's purpose, watched on the stage's page.",
        "",
        "| size | edit | median | slowest | every edit |",
        "|---|---|---|---|---|",
    ]
    for factor, kinds in rows.items():
        for kind, times in kinds.items():
            shown = ", ".join(f"{t:.2f}" for t in times)
            lines.append(
                f"| {factor}× | {kind} | {statistics.median(times):.2f} s | {max(times):.2f} s | {shown} |"
            )
    return lines


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        print("\n".join(report({f: measure(Path(tmp), f) for f in (1,)})))
