"""Shared fixtures: a fixed 'today', the repository root as the working folder, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import run

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
FIXED_EPOCH = "1795478400"  # 2026-11-24: the day the example playbook's statuses describe
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-11-24T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-24T12:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
"""A git identity and dates of its own, so tests never read the machine's git configuration."""


def pytest_configure(config: pytest.Config) -> None:
    # Compiled templates go to a folder of this run, not the user's cache (core/template_cache.py).
    os.environ["PLAYBOOK_CACHE_DIR"] = tempfile.mkdtemp(prefix="playbook-cache-")


@contextmanager
def isolated(cwd: Path | None = None, env: Mapping[str, str | None] | None = None) -> Iterator[Path]:
    """Run the block in `cwd` with `env` laid over the environment (None removes a variable), and
    put both back afterwards whatever the block raises, as click's CliRunner.isolation does. The
    one way tests change the working folder or the environment outside pytest's per-test
    `monkeypatch`: module and session fixtures cannot use that. Yields the working folder."""
    with pytest.MonkeyPatch.context() as patch:
        if cwd is not None:
            patch.chdir(cwd)
        for name, value in (env or {}).items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        yield Path.cwd()


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.chdir(ROOT)


@dataclass
class Result:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `playbook ARGS…` in-process; returns the exit status and what it printed."""

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        status = run(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return invoke


def build_example(output: Path, client: str = "fernhill", **options: Any) -> Path:
    """Build a client of playbooks/ with the real engine (MkDocs unless `engine=` says otherwise)
    into `output`; returns its site folder."""
    from generator.load.sources import find_client
    from generator.publish.client import build_client

    with isolated(ROOT, {"SOURCE_DATE_EPOCH": FIXED_EPOCH}):
        return build_client(find_client(client, ROOT / "playbooks"), output, **options).site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example client's site, built once per test session. Tests must not modify it."""
    return build_example(tmp_path_factory.mktemp("site"))


EXAMPLES = ("fernhill", "kestrel", "copperline")
"""The example clients: a green founder-led playbook, the management-layer template's client, a violet one."""


@pytest.fixture(scope="session")
def example_sites(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example client's site by name, built once per test session. Tests must not modify them."""
    out = tmp_path_factory.mktemp("sites")
    return {name: example_site if name == "fernhill" else build_example(out, name) for name in EXAMPLES}


@pytest.fixture(scope="module")
def browsed_site(example_site: Path) -> Path:
    """The site a browser test module opens; a module overrides it to open another build."""
    return example_site


@pytest.fixture(scope="module")
def http_base(browsed_site: Path) -> Iterator[str]:
    """The browsed site served over http://127.0.0.1, for the whole module."""
    from tests.browser import serve

    with serve(browsed_site) as base:
        yield base


@pytest.fixture(params=["http", "file"])
def base(request: pytest.FixtureRequest, browsed_site: Path) -> str:
    """Where the site is opened from: "http://127.0.0.1:N/" or "file:///…/"."""
    if request.param == "http":
        return str(request.getfixturevalue("http_base"))
    return browsed_site.as_uri() + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module (a module may start its own
    Playwright after this one closes, as `playbook pdf` does)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout
