"""Files the tool writes are replaced whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.core.atomic import write_atomic


def test_a_failed_check_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path):
    target = tmp_path / "stages.yaml"
    target.write_text("old\n")

    def refuse(temp: Path) -> None:
        assert temp.read_text() == "new\n"
        raise ValueError("not the same data")

    with pytest.raises(ValueError):
        write_atomic(target, "new\n", check=refuse)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stages.yaml"]


def test_a_new_file_gets_the_permissions_a_plain_write_gives_and_an_old_one_keeps_its_own(tmp_path: Path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "crm" / "deals.json", b"{}\n")
        assert stat.S_IMODE((tmp_path / "crm" / "deals.json").stat().st_mode) == 0o644
        kept = tmp_path / "private.yaml"
        kept.write_text("a: 1\n")
        kept.chmod(0o600)
        write_atomic(kept, "a: 2\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_text() == "a: 2\n"
    finally:
        os.umask(umask)
