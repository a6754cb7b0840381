"""Compiled templates kept between builds: a damaged cache never changes or breaks a build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core.template_cache import cache_folder
from generator.publish.client import build_client
from generator.render.environment import TEMPLATES
from tests.test_build import make_client


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "templates").glob("__jinja2_*.cache"))


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_build_keeps_the_page_and_theme_templates_and_a_damaged_cache_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(cache))
    folder = make_client(tmp_path)
    first = _pages(build_client(folder, tmp_path / "one").site)
    entries = _entries(cache)
    # Material's own templates and partials come on top of the page templates.
    page_templates = [p for p in Path(TEMPLATES).rglob("*") if p.is_file()]
    assert len(entries) > len(page_templates) + 20
    for entry in entries:
        entry.write_bytes(b"not a compiled template")
    assert _pages(build_client(folder, tmp_path / "two").site) == first
    truncated = _entries(cache)[0]
    truncated.write_bytes(truncated.read_bytes()[:10])
    assert _pages(build_client(folder, tmp_path / "three").site) == first


def test_schemas_read_from_the_cache_are_the_files_and_a_damaged_entry_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator.core.resources import SCHEMA_DIR
    from generator.schema.schemas import _read

    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path))
    schema = SCHEMA_DIR / "playbook.yaml"
    parsed = _read(schema)
    [entry] = (tmp_path / "schemas").glob("*.json")
    assert _read(schema) == parsed
    for damage in ("not json", "[1, 2]", '{"truncated": '):
        entry.write_text(damage)
        assert _read(schema) == parsed
    entry.write_text('{"from": "the cache"}')  # a readable entry is used: the cache is the user's own
    assert _read(schema) == {"from": "the cache"}
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", "")
    assert _read(schema) == parsed


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", "")
    assert cache_folder() is None


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "revenue-playbook" / "templates"


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path))
    (tmp_path / "templates").mkdir()
    os.chmod(tmp_path / "templates", 0o777)
    assert cache_folder() is None


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(blocker))
    assert cache_folder() is None
    assert (build_client(make_client(tmp_path), tmp_path / "out").site / "index.html").is_file()


def _material_theme():
    from mkdocs.theme import Theme

    return Theme(name="material")


def _keep(name: str) -> bool:
    return not name.endswith((".html", ".py", ".yml")) and not name.startswith(".")


def test_the_theme_listing_from_the_cache_is_the_one_jinja_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator.build.theme_files import theme_files

    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path))
    theme = _material_theme()
    expected = theme.get_env().list_templates(filter_func=_keep)
    first = theme_files(list(theme.dirs), list(theme.static_templates), _keep)
    (listing,) = (tmp_path / "templates").glob("theme-files-*.json")
    assert first == expected and first
    assert theme_files(list(theme.dirs), list(theme.static_templates), _keep) == expected  # from the cache
    listing.write_text('{"not": "a list"}')
    assert theme_files(list(theme.dirs), list(theme.static_templates), _keep) == expected


def test_folders_outside_the_installed_theme_are_listed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator.build.theme_files import theme_files

    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    theme = _material_theme()
    own = tmp_path / "overrides"
    own.mkdir()
    dirs = [str(own), *theme.dirs]
    assert "extra.css" not in theme_files(dirs, list(theme.static_templates), _keep)
    (own / "extra.css").write_text("p { color: #123; }\n")
    assert "extra.css" in theme_files(dirs, list(theme.static_templates), _keep)
