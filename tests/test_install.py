"""The tool as a user meets it: built with `python -m build` (an sdist, then a wheel from the sdist),
installed non-editable into a fresh venv, and used in a project outside the checkout — init, new,
validate, build, serve, export, and a reinstall from the archive's wheels with no index.

Slow (two fresh venvs and the dependencies' wheels): marked `slow`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator import DISTRIBUTION, __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
WHEEL = f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"


def _env(**extra: str) -> dict[str, str]:
    """No trace of the checkout: not on the path, not the current folder, not its venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if str(ROOT) not in p)
    return {**env, **extra}


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=out)
    return out


@pytest.fixture(scope="module")
def tool(dists: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `playbook` command of a fresh venv holding the wheel, installed non-editable."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=venv.parent)
    _run(venv / "bin" / "pip", "install", "--quiet", dists / WHEEL, cwd=venv.parent)
    return venv / "bin" / "playbook"


def test_the_sdist_and_the_wheel_carry_every_resource(dists):
    names = set(zipfile.ZipFile(dists / WHEEL).namelist())
    for shipped in (
        "generator/data/schemas/_shared.yaml",
        "generator/data/schemas/json/stages.schema.json",
        "generator/data/mkdocs.yml",
        "generator/data/templates/founder-led/playbook.yaml",
        "generator/data/templates/management-layer/stages.yaml",
        "generator/data/kit/github-workflow.yml",
        "generator/render/overrides/main.html",
        "generator/render/templates/home.md.j2",
        "generator/render/assets/iframe-worker.js",
        "generator/schema/library/metrics.yaml",
        "generator/requirements.lock",
    ):
        assert shipped in names, shipped
    assert not any(n.startswith(("tests/", "playbooks/", "bench/")) for n in names)
    assert (dists / f"{DISTRIBUTION.replace('-', '_')}-{__version__}.tar.gz").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_answers(tool: Path, project: Path) -> str:
    port = _free_port()
    server = subprocess.Popen(
        [str(tool), "serve", "acme", "--port", str(port)],
        cwd=project,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as answer:
                    return answer.read().decode()
            except OSError:
                time.sleep(0.5)
        raise AssertionError("serve never answered")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_whole_journey_from_the_installed_tool(tool, tmp_path):
    project = tmp_path / "acme-revenue"
    _run(tool, "init", project, cwd=tmp_path)
    sub = project / "playbooks"
    _run(tool, "new", "acme", "--template", "founder-led", "--name", "Acme", cwd=sub)
    _run(tool, "validate", "--strict", cwd=sub)
    built = _run(tool, "build", "acme", cwd=project)
    assert (project / "site" / "acme" / "index.html").is_file(), built.stdout
    assert "Acme" in _serve_answers(tool, project)

    _run(tool, "export", "acme", "--with-dependencies", cwd=project)
    [archive] = sorted((project / "dist").glob("acme-playbook-*.zip"))
    kept = tmp_path / "kept"
    with zipfile.ZipFile(archive) as z:
        z.extractall(kept)
    [root] = list(kept.iterdir())
    assert (root / "wheels" / WHEEL).is_file()

    # Reinstall from the archive alone: no index, no configuration, nothing but its wheels.
    offline = _env(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1")
    _run(sys.executable, "-m", "venv", root / ".venv", cwd=root, env=offline)
    pip = root / ".venv" / "bin" / "pip"
    _run(
        pip,
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        "wheels/",
        DISTRIBUTION,
        cwd=root,
        env=offline,
    )
    again = root / ".venv" / "bin" / "playbook"
    stages = root / "playbooks" / "acme" / "stages.yaml"
    stages.write_text(stages.read_text() + "\nstages:\n  - id: discovery\n    label: First discovery call\n")
    _run(again, "validate", cwd=root, env=offline)
    _run(again, "build", "acme", "-o", root / "rebuilt", cwd=root, env=offline)
    assert "First discovery call" in (root / "rebuilt" / "acme" / "pipeline" / "discovery.html").read_text()


def test_the_installed_tool_aligns_a_crm_and_measures_actuals_outside_the_checkout(tool, tmp_path):
    """The CRM round trip and the actuals engine run from the wheel alone, in a copied project."""
    project = tmp_path / "copied"
    shutil.copytree(ROOT / "site_config", project / "site_config")
    shutil.copytree(ROOT / "playbooks" / "templates", project / "playbooks" / "templates")
    client = project / "playbooks" / "fernhill"
    shutil.copytree(ROOT / "playbooks" / "fernhill", client, ignore=shutil.ignore_patterns("actuals"))

    _run(tool, "crm", "export", "fernhill", "--to", "hubspot", "-o", project / "crm", cwd=project)
    checked = _run(tool, "crm", "check", "fernhill", project / "crm", cwd=project)
    assert "no drift" in checked.stderr
    _run(tool, "crm", "import", project / "crm", "--client", "from-crm", cwd=project)
    _run(tool, "validate", "playbooks/from-crm", cwd=project)

    committed = ROOT / "playbooks" / "fernhill" / "actuals" / "2026-11-30.yaml"
    _run(tool, "actuals", "fernhill", "--as-of", "2026-11-30", cwd=project)
    assert (client / "actuals" / committed.name).read_bytes() == committed.read_bytes()
