"""Faults during builds: the previous site stays whole and no staging folder is left behind."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from generator.build import build_client
from generator.errors import BuildError
from generator.publish import staging
from tests.conftest import FIXED_EPOCH, ROOT
from tests.test_build import make_client, tree


def leftovers(output):
    return sorted(p.name for p in output.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


@pytest.fixture
def built(tmp_path):
    folder = make_client(tmp_path)
    output = tmp_path / "site"
    site = build_client(folder, output).site
    return folder, output, site, tree(site)


def test_an_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(BuildError, match="cannot write the site to"):
        build_client(make_client(tmp_path), blocker / "site")


def test_a_disk_that_fills_mid_build(built, monkeypatch):
    folder, output, site, before = built
    from mkdocs import utils

    real_write = utils.write_file
    calls = {"n": 0}

    def filling_write(content: bytes, output_path: str) -> None:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(content, output_path)

    monkeypatch.setattr(utils, "write_file", filling_write)
    with pytest.raises(BuildError, match="No space left on device"):
        build_client(folder, output)
    assert tree(site) == before
    assert leftovers(output) == []


def test_a_second_build_of_the_same_client_refuses_while_the_first_runs(built, monkeypatch):
    folder, output, site, before = built
    with staging(output.resolve(), folder.name), pytest.raises(BuildError, match="another build of acme"):
        build_client(folder, output)
    assert tree(site) == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_build_interrupted_by_a_signal(built, signum):
    folder, output, site, before = built
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONPATH": str(ROOT)}
    # Slow the engine down so the signal lands mid-build, in the real command.
    script = (
        "import time, generator.mkdocs_engine as m\n"
        "real = m.build_site\n"
        "def slow(config, site_dir):\n"
        "    real(config, site_dir)\n"
        "    open(config.parent / 'engine-done', 'w').close()\n"
        "    time.sleep(30)\n"
        "m.build_site = slow\n"
        "from generator.cli import main\n"
        "main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, "build", "acme", "-o", str(output)],
        cwd=folder.path.parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(output.glob(".acme.build-*/engine-done")):
        assert time.monotonic() < deadline, "the build never reached the engine"
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == (130 if signum == signal.SIGINT else 143), err
    assert "Traceback" not in err
    assert "previous site is unchanged" in err
    assert tree(site) == before
    assert leftovers(output) == []
