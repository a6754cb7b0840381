"""Faults during builds: the previous site stays whole and no staging folder is left behind."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from generator.core.errors import BuildError
from generator.publish.client import build_client
from generator.publish.swap import staging
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
        "import time, generator.build.mkdocs_engine as m\n"
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


def killed_build(folder, output, patch: str) -> subprocess.CompletedProcess[str]:
    """`playbook build acme` in a process that `patch` kills with SIGKILL: nothing is cleaned up."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONPATH": str(ROOT)}
    script = f"import os, signal\n{patch}\nfrom generator.cli import main\nmain()\n"
    done = subprocess.run(
        [sys.executable, "-c", script, "build", "acme", "-o", str(output)],
        cwd=folder.path.parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


KILL_BETWEEN_RENAMES = """
real_rename = os.rename
def rename(src, dst):
    real_rename(src, dst)
    if os.path.basename(str(dst)).startswith(".acme.old-"):
        os.kill(os.getpid(), signal.SIGKILL)  # the old site is aside, the new one not yet in place
os.rename = rename
"""

KILL_IN_THE_ENGINE = """
import generator.build.mkdocs_engine as m
def killed(config, site_dir):
    os.kill(os.getpid(), signal.SIGKILL)
m.build_site = killed
"""


def test_a_kill_between_the_renames_is_restored_by_the_next_build(built, cli, monkeypatch):
    folder, output, site, before = built
    killed_build(folder, output, KILL_BETWEEN_RENAMES)
    assert not site.exists()
    assert [p for p in leftovers(output) if p.startswith(".acme.old-")]
    monkeypatch.chdir(folder.project_root)
    from mkdocs import utils

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(utils, "write_file", full)  # this build fails: only the restore remains
    with pytest.raises(BuildError, match="No space left on device"):
        build_client(folder, output)
    assert tree(site) == before
    assert leftovers(output) == []


def test_the_next_build_says_what_it_restored(built, cli, monkeypatch):
    folder, output, site, before = built
    killed_build(folder, output, KILL_BETWEEN_RENAMES)
    monkeypatch.chdir(folder.project_root)
    result = cli("build", "acme", "-o", str(output))
    assert result.status == 0, result.err
    assert "note: restored " in result.err
    assert "acme, which an interrupted build had moved aside" in result.err
    assert tree(site).keys() == before.keys()
    assert leftovers(output) == []


def test_a_kill_mid_build_leaves_nothing_after_the_next_build(built, cli, monkeypatch):
    folder, output, site, before = built
    killed_build(folder, output, KILL_IN_THE_ENGINE)
    assert [p for p in leftovers(output) if p.startswith(".acme.build-")]
    assert tree(site) == before
    monkeypatch.chdir(folder.project_root)
    result = cli("build", "acme", "-o", str(output))
    assert result.status == 0, result.err
    assert "left by an interrupted build" in result.err
    assert leftovers(output) == []
