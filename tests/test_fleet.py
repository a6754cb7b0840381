"""`playbook build --all`: parallel, isolated, incremental and shardable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from generator.build.inputs import input_hash
from generator.build.site_marker import MARKER
from generator.publish.fleet import in_shard, list_clients
from tests.conftest import CASES, FIXED_EPOCH, ROOT


def make_repo(root, clients: dict[str, str]):
    """A repository with the test base template and one client per name, each with a marker."""
    playbooks = root / "playbooks"
    shutil.copytree(CASES / "templates" / "base", playbooks / "templates" / "base")
    for name, marker in clients.items():
        folder = playbooks / name
        shutil.copytree(CASES / "valid-client", folder)
        (folder / "expected.txt").unlink()
        text = (folder / "playbook.yaml").read_text()
        text = text.replace("slug: valid-client", f"slug: {name}").replace(
            "name: Valid Client", f"name: {marker}"
        )
        (folder / "playbook.yaml").write_text(text)
    return playbooks


def test_all_builds_every_client_and_a_broken_one_fails_alone(cli, tmp_path, monkeypatch):
    playbooks = make_repo(
        tmp_path, {"alpha": "Alpha Marker", "bravo": "Bravo Marker", "charlie": "Charlie Marker"}
    )
    (playbooks / "bravo" / "stages.yaml").write_text("stages:\n  - id: discovery\n    probability: 9\n")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "--all")
    assert result.status == 1
    assert sorted(p.name for p in (tmp_path / "site").iterdir() if p.suffix != ".lock") == [
        "alpha",
        "charlie",
    ]
    lines = result.err.splitlines()
    assert any(line.strip().startswith("✓ alpha") for line in lines)
    assert any(line.strip().startswith("✗ bravo") for line in lines)
    assert "playbooks/bravo/stages.yaml:3:18: error:" in result.err
    assert lines[-1] == "Built 2, skipped 0 unchanged, failed 1."


def test_all_prints_the_warnings_of_clients_that_built(cli, tmp_path, monkeypatch):
    playbooks = make_repo(tmp_path, {"alpha": "Alpha Marker", "bravo": "Bravo Marker"})
    shutil.copy(CASES / "criterion-seller-activity" / "stages.yaml", playbooks / "alpha" / "stages.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "--all")
    assert result.status == 0
    assert any(
        line.strip().startswith("✓ alpha") and "1 warning(s)" in line for line in result.err.splitlines()
    )
    assert (
        "playbooks/alpha/stages.yaml:5:20: warning: exit criterion `proposal-sent` describes seller activity"
        in result.err
    )
    assert result.err.splitlines()[-1] == "Built 2, skipped 0 unchanged, failed 0."


def test_a_client_site_holds_nothing_of_another_client(cli, tmp_path, monkeypatch):
    make_repo(tmp_path, {"alpha": "Alpha Marker", "bravo": "Bravo Marker"})
    monkeypatch.chdir(tmp_path)
    assert cli("build", "--all").status == 0
    for own, other in (("alpha", "Bravo Marker"), ("bravo", "Alpha Marker")):
        site = tmp_path / "site" / own
        for path in site.rglob("*"):
            if path.is_file():
                assert other.encode() not in path.read_bytes(), path
        assert own.capitalize().encode() in (site / "index.html").read_bytes()


def test_unchanged_clients_are_skipped_and_changed_ones_rebuilt(cli, tmp_path, monkeypatch):
    playbooks = make_repo(tmp_path, {"alpha": "Alpha", "bravo": "Bravo"})
    monkeypatch.chdir(tmp_path)
    assert cli("build", "--all").status == 0
    again = cli("build", "--all")
    assert again.err.splitlines()[-1] == "Built 0, skipped 2 unchanged, failed 0."
    manifest = playbooks / "alpha" / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("name: Alpha", "name: Alpha Renamed"))
    third = cli("build", "--all")
    assert third.err.splitlines()[-1] == "Built 1, skipped 1 unchanged, failed 0."
    assert b"Alpha Renamed" in (tmp_path / "site" / "alpha" / "index.html").read_bytes()


def test_a_template_change_changes_the_input_hash_of_its_clients(tmp_path):
    playbooks = make_repo(tmp_path, {"alpha": "Alpha"})
    [folder] = list_clients(playbooks)
    before = input_hash(folder)
    stages = playbooks / "templates" / "base" / "stages.yaml"
    stages.write_text(stages.read_text().replace("Learn whether", "Find out whether"))
    assert input_hash(folder) != before


def test_an_edited_or_reinstalled_file_of_the_tool_changes_its_hash(tmp_path, monkeypatch):
    import generator.build.inputs as inputs

    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator" / "render" / "templates", package / "render" / "templates")
    monkeypatch.setattr(inputs, "PACKAGE_DIR", package)
    before = inputs.generator_hash.__wrapped__()
    page = package / "render" / "templates" / "stage.md.j2"
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # bytecode is not the tool
    assert inputs.generator_hash.__wrapped__() == before
    page.write_text(page.read_text() + "\n")
    edited = inputs.generator_hash.__wrapped__()
    assert edited != before
    info = page.stat()
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # written again, same bytes
    assert inputs.generator_hash.__wrapped__() != edited


def test_shards_are_stable_disjoint_and_cover_every_client():
    names = [f"client-{i}" for i in range(200)]
    shards = [{n for n in names if in_shard(n, k, 8)} for k in range(1, 9)]
    assert set().union(*shards) == set(names)
    assert sum(len(s) for s in shards) == len(names)
    assert all(10 <= len(s) <= 40 for s in shards)  # roughly an eighth each
    assert {n for n in names[:100] if in_shard(n, 3, 8)} == {n for n in names if in_shard(n, 3, 8)} & set(
        names[:100]
    )


def test_shard_builds_only_its_share(cli, tmp_path, monkeypatch):
    names = ["alpha", "bravo", "charlie", "delta"]
    make_repo(tmp_path, {n: n.title() for n in names})
    monkeypatch.chdir(tmp_path)
    built = set()
    for k in (1, 2):
        assert cli("build", "--all", "--shard", f"{k}/2").status == 0
        now = {p.name for p in (tmp_path / "site").iterdir() if p.suffix != ".lock"}
        assert not (now - built) & built
        built |= now
    assert built == set(names)


def test_usage_errors(cli):
    assert cli("build").status == 2
    assert cli("build", "--all", "fernhill").status == 2
    assert cli("build", "fernhill", "--shard", "1/2").status == 2
    assert cli("build", "--all", "--shard", "0/2").status == 2


def test_strict_after_a_lenient_build_is_not_skipped(cli, tmp_path, monkeypatch):
    playbooks = make_repo(tmp_path, {"alpha": "Alpha", "bravo": "Bravo"})
    shutil.copy(CASES / "criterion-seller-activity" / "stages.yaml", playbooks / "bravo" / "stages.yaml")
    monkeypatch.chdir(tmp_path)
    lenient = cli("build", "--all")
    assert lenient.status == 0
    strict = cli("build", "--all", "--strict")
    assert strict.status == 1
    assert any(line.strip().startswith("✗ bravo") for line in strict.err.splitlines())
    assert strict.err.splitlines()[-1] == "Built 1, skipped 0 unchanged, failed 1."


def test_a_damaged_site_is_rebuilt_not_skipped(cli, tmp_path, monkeypatch):
    make_repo(tmp_path, {"alpha": "Alpha", "bravo": "Bravo", "charlie": "Charlie"})
    monkeypatch.chdir(tmp_path)
    assert cli("build", "--all").status == 0
    site = tmp_path / "site"
    team = (site / "alpha" / "team.html").read_bytes()
    (site / "alpha" / "team.html").unlink()
    (site / "bravo" / "index.html").write_text("defaced")
    (site / "charlie" / "extra.html").write_text("not part of the build")
    again = cli("build", "--all")
    assert again.err.splitlines()[-1] == "Built 3, skipped 0 unchanged, failed 0."
    assert (site / "alpha" / "team.html").read_bytes() == team
    assert b"Bravo" in (site / "bravo" / "index.html").read_bytes()
    assert not (site / "charlie" / "extra.html").exists()
    assert cli("build", "--all").err.splitlines()[-1] == "Built 0, skipped 3 unchanged, failed 0."


SLOW_BUT_ALPHA = """
import time, generator.build.mkdocs_engine as b
real = b.build_site
def slow(config, site_dir):
    real(config, site_dir)
    if not config.parent.name.startswith(".alpha.build-"):
        open(config.parent / "engine-done", "w").close()
        time.sleep(20)
b.build_site = slow
from generator.cli import main
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_during_all_stops_the_queue_and_names_what_was_published(tmp_path, jobs):
    make_repo(tmp_path, {n: n.title() for n in ("alpha", "bravo", "charlie", "delta")})
    output = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUT_ALPHA, "build", "--all", "-j", jobs],
        cwd=tmp_path,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while not ((output / "alpha" / MARKER).is_file() and list(output.glob(".*.build-*/engine-done"))):
        assert time.monotonic() < deadline, "the builds never got going"
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (
        "error: stopped by signal 15; published: alpha; "
        "not published, the previous site of each is unchanged: bravo, charlie, delta"
    )
    # Nothing but alpha's site: no other site, no staging folder, no site moved aside.
    assert sorted(p.name for p in output.iterdir() if not p.name.endswith(".lock")) == ["alpha"]
