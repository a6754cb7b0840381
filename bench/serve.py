"""`playbook serve` as a reader sees it: from saving a YAML file to the browser showing the change.

A real browser (Playwright driving Debian's Chromium, as tests/browser.py does) keeps the served
home page open; each edit renames the client in playbook.yaml, and the time runs from the write
to the new name being on the page, which MkDocs' live reload brings there.
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


def measure(root: Path, factor: int) -> list[float]:
    """Seconds from each save to the browser showing it."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    repo = root / f"serve{factor}"
    docs = scaled_documents(factor)
    write_playbook(docs, repo / "playbooks" / "client")
    manifest = repo / "playbooks" / "client" / "playbook.yaml"
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
    times = []
    try:
        _wait_until_served(url, process)
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            for edit in range(EDITS):
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                name = f"Edited Client {edit}"
                data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
                data["client"]["name"] = name
                text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                start = time.perf_counter()
                manifest.write_text(text, encoding="utf-8")
                page.wait_for_function(
                    "name => document.body && document.body.innerText.includes(name)", arg=name, timeout=120_000
                )
                times.append(time.perf_counter() - start)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return times


def report(rows: dict[int, list[float]]) -> list[str]:
    lines = [
        "## `playbook serve`: from saving a file to the browser showing it",
        "",
        f"Playwright with Debian's Chromium keeps the home page open; {EDITS} edits of the manifest",
        "(the client's name), each timed from the write to the new name on the page.",
        "",
        "| size | median | slowest | every edit |",
        "|---|---|---|---|",
    ]
    for factor, times in rows.items():
        shown = ", ".join(f"{t:.2f}" for t in times)
        lines.append(f"| {factor}× | {statistics.median(times):.2f} s | {max(times):.2f} s | {shown} |")
    return lines


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        print("\n".join(report({f: measure(Path(tmp), f) for f in (1,)})))
