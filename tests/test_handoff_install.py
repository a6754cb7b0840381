"""HANDOFF.md's steps, followed literally: extract, install from the archive's wheels only, edit,
validate, rebuild, and find the change where HANDOFF.md says it is.

Slow (a fresh venv, a wheel build, about 30 wheels downloaded once into pip's cache): it is marked
`slow`; `pytest -m "not slow"` leaves it out.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.publish.export import export
from tests.test_build import make_client

pytestmark = pytest.mark.slow


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _no_registry_env() -> dict[str, str]:
    """The environment of a machine with no package index configured: pip finds nothing but what it is given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return env


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_handoff_steps_reinstall_edit_and_rebuild_offline(tmp_path):
    archive = export(make_client(tmp_path / "project"), tmp_path / "dist", with_dependencies=True)
    subprocess.run(["unzip", "-q", str(archive), "-d", str(tmp_path / "kept")], check=True)
    kept = tmp_path / "kept" / "acme-playbook-1.0.0"
    handoff = (kept / "HANDOFF.md").read_text()
    env = _no_registry_env()

    # "How to install the tool": every line of its shell block, as written.
    [block] = re.findall(r"```sh\n(.*?)```", handoff, re.S)
    commands = block.strip().splitlines()
    assert any("--no-index --find-links wheels/" in c for c in commands)
    python = Path(sys.executable).resolve()  # the `python3` of HANDOFF.md: this interpreter's version
    for command in commands:
        done = _run(command.replace("python3 -m venv", f"{python} -m venv", 1), kept, env)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
    assert _run(".venv/bin/playbook --version", kept, env).returncode == 0

    # The installed (non-editable) tool rebuilds its own wheel from its RECORD, with the same files.
    [wheel] = sorted((kept / "wheels").glob("revenue_playbook-*.whl"))
    rebuilt = tmp_path / "rebuilt.whl"
    script = f"from generator.publish.distribution import tool_wheel; open({str(rebuilt)!r}, 'wb').write(tool_wheel())"
    done = _run(f"{kept}/.venv/bin/python -c {_quote(script)}", tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert _files(rebuilt.read_bytes()) == _files(wheel.read_bytes())

    assert any(name.endswith("data/schemas/_shared.yaml") for name in zipfile.ZipFile(wheel).namelist())

    # "How to change the playbook": edit a stage, then the validate and build commands as written.
    stages = kept / "playbooks" / "templates" / "base" / "stages.yaml"
    stages.write_text(stages.read_text().replace("label: Discovery", "label: First discovery call", 1))
    validate = re.search(r"`(\.venv/bin/playbook validate [^`]+)`", handoff)
    build = re.search(r"`(\.venv/bin/playbook build [^`\s]+)` writes `([^`]+)`", handoff)
    assert validate and build
    for command in (validate[1], build[1]):
        done = _run(command, kept, env)
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
    page = kept / build[2] / "pipeline" / "discovery.html"
    assert "First discovery call" in page.read_text()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _files(wheel: bytes) -> dict[str, bytes]:
    """A wheel's files and contents, without RECORD (its order may differ)."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/RECORD")}
