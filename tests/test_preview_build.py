"""The preview's rebuild: pages whose Markdown is unchanged are not rendered again; a change to
the configuration (here the client's name, in every page's header) rebuilds every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.errors import InvalidInput
from generator.publish.preview_build import HELD_URLS, PreviewBuild
from tests.test_build import make_client


def _pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _preview(tmp_path: Path) -> tuple[Path, PreviewBuild]:
    folder = make_client(tmp_path)
    (tmp_path / "work").mkdir()
    stages = folder.path / "stages.yaml"
    stages.write_text((tmp_path / "playbooks" / "templates" / "base" / "stages.yaml").read_text())
    return stages, PreviewBuild(folder, tmp_path / "site", tmp_path / "work")


def test_an_edit_renders_only_the_pages_it_changes(tmp_path):
    stages, build = _preview(tmp_path)
    assert build() == []
    before = _pages(build.site)
    stages.write_text(
        stages.read_text().replace("Learn whether there is a problem", "Find out if there is a problem")
    )
    build()
    after = _pages(build.site)
    changed = {page for page in after if after[page] != before.get(page)}
    assert changed and changed != set(after)
    shown = [page for page in after if "Find out if there is a problem" in (build.site / page).read_text()]
    assert shown and set(shown) <= changed
    # Search still finds every page, as after a whole build of the same playbook.
    (tmp_path / "work2").mkdir()
    whole = PreviewBuild(build.folder, tmp_path / "site2", tmp_path / "work2")
    whole()
    for index in ("search/search_index.json", "search/search_index.js"):
        assert (build.site / index).read_text() == (whole.site / index).read_text()


def test_a_new_name_rebuilds_every_page(tmp_path):
    stages, build = _preview(tmp_path)
    build()
    before = _pages(build.site)
    manifest = stages.with_name("playbook.yaml")
    manifest.write_text(manifest.read_text().replace("name: Valid Client", "name: Renamed Client"))
    build()
    after = _pages(build.site)
    assert all(after[page] != before[page] for page in before)
    assert all(
        "Renamed Client" in (build.site / page).read_text() for page in after if page.endswith("index.html")
    )


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rename_converts_again_only_the_markdown_it_changed(tmp_path):
    stages, build = _preview(tmp_path)
    build()
    markdown = _files(build.work / "docs")
    manifest = stages.with_name("playbook.yaml")
    manifest.write_text(manifest.read_text().replace("name: Valid Client", "name: Renamed Client"))
    build()
    changed = {name for name, text in _files(build.work / "docs").items() if markdown.get(name) != text}
    assert build.pages.converted and build.pages.converted <= changed
    assert len(build.pages.converted) < len([name for name in markdown if name.endswith(".md")])
    assert build._theme.filtered  # the theme's static files were listed once, then kept


def test_the_site_after_a_sequence_of_edits_is_the_site_of_a_fresh_build(tmp_path):
    stages, build = _preview(tmp_path)
    manifest = stages.with_name("playbook.yaml")
    build()
    manifest.write_text(manifest.read_text().replace("name: Valid Client", "name: Renamed Client"))
    build()
    stages.write_text(stages.read_text().replace("Learn whether there is a problem", "Find out"))
    build()
    stages.write_text(stages.read_text().replace("probability: 0.1", "probability: 7"))
    with pytest.raises(InvalidInput):
        build()  # a bad edit: the site is left as it was
    stages.write_text(stages.read_text().replace("probability: 7", "probability: 0.1"))
    manifest.write_text(manifest.read_text().replace("name: Renamed Client", "name: Third Name"))
    build()
    (tmp_path / "work2").mkdir()
    fresh = PreviewBuild(build.folder, tmp_path / "site2", tmp_path / "work2")
    fresh()
    assert _files(build.site) == _files(fresh.site)


def test_a_file_the_build_changed_is_scanned_again_for_other_hosts(tmp_path):
    _, build = _preview(tmp_path)
    build()
    page = build.site / "extra.html"
    page.write_text('<img src="https://cdn.example.com/a.png">')
    assert build._external_references() == ["extra.html: https://cdn.example.com/a.png"]
    page.write_text('<img src="https://cdn.example.com/a.png">')  # the same bytes, written anew
    assert build._external_references() == ["extra.html: https://cdn.example.com/a.png"]
    page.write_text('<img src="./////////cdn.example.com/a.png">')  # as long, another file
    assert build._external_references() == []


def test_the_print_page_is_built_after_the_others_are_shown(tmp_path):
    stages, build = _preview(tmp_path)
    build()
    stages.write_text(stages.read_text().replace("Learn whether there is a problem", "Find out"))
    seen: list[dict[str, bytes]] = []
    warnings = build(lambda found: seen.append(_files(build.site)))
    assert warnings == [] and len(seen) == 1
    (tmp_path / "work2").mkdir()
    fresh = PreviewBuild(build.folder, tmp_path / "site2", tmp_path / "work2")
    fresh()
    final = _files(fresh.site)
    assert _files(build.site) == final
    # When the browsers were reloaded, every page but the print page (and what every build
    # writes again, which a request waits for) was already as it is at the end.
    early = {name: text for name, text in seen[0].items() if "/" + name not in HELD_URLS}
    assert early == {name: text for name, text in final.items() if "/" + name not in HELD_URLS}
    assert b"Find out" in final["print.html"] and b"Find out" not in seen[0]["print.html"]
    # A rebuild that leaves the print page as it was shows nothing early.
    seen.clear()
    build(lambda found: seen.append(_files(build.site)))
    assert seen == []
