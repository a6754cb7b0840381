"""`playbook build --all`: parallel, isolated, incremental and shardable."""

from __future__ import annotations

import shutil

from generator.build.inputs import input_hash
from generator.publish.fleet import in_shard, list_clients
from tests.conftest import CASES


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
