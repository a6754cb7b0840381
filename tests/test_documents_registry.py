"""The registry of document types agrees with what the renderer writes and where diff points."""

from __future__ import annotations

import itertools

import pytest

from generator.core.clock import today
from generator.core.documents import DOCUMENTS, SITE_DOCUMENTS
from generator.diff.semantic import diff_playbooks
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook, build_model
from generator.render import render_site
from generator.render.pages import plan
from generator.schema.schemas import load_schemas
from generator.validate.folder import Validation, validate_folder
from tests.conftest import ROOT

EXAMPLES = sorted(p.name for p in (ROOT / "playbooks").iterdir() if (p / "playbook.yaml").is_file())
TEMPLATES = sorted(p.name for p in (ROOT / "playbooks" / "templates").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def checked() -> dict[str, Validation]:
    schemas = load_schemas()
    folders = [
        *(ROOT / "playbooks" / n for n in EXAMPLES),
        *(ROOT / "playbooks" / "templates" / n for n in TEMPLATES),
    ]
    return {f.name: validate_folder(PlaybookFolder(f), schemas) for f in folders}


def _paths(playbook: Playbook) -> set[str]:
    return {page.path for section in plan(playbook) for page in section.pages}


def _items(validation: Validation, document: str, list_field: str) -> list[str]:
    loaded = validation.playbook.documents.get(document)
    items = (loaded.data if loaded else {}).get(list_field) or []
    return [
        str(i.get("id") or i.get("role"))
        for i in items
        if isinstance(i, dict) and (i.get("id") or i.get("role"))
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_page_and_anchor_the_registry_names_is_written(name, checked, tmp_path):
    validation = checked[name]
    playbook = build_model(validation.playbook, validation.diagnostics)
    render_site(playbook, tmp_path, today(), "")
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    assert _paths(playbook) == written
    named = 0
    for doc in DOCUMENTS:
        if not playbook.has_document(doc.name):
            continue
        assert doc.page in written, doc.name
        for item in doc.item_pages:
            for key in _items(validation, doc.name, item.field):
                page, anchor = item.at(key)
                assert page in written, (doc.name, item.field, key)
                if anchor:
                    text = (tmp_path / page).read_text(encoding="utf-8")
                    assert f"{{#{anchor}}}" in text or f'id="{anchor}"' in text, (page, anchor)
                named += 1
    assert named > 5


@pytest.mark.parametrize("old,new", list(itertools.permutations([*EXAMPLES, *TEMPLATES[:1]], 2)))
def test_every_change_diff_reports_is_on_a_page_of_either_site(old, new, checked):
    schemas = load_schemas()
    before, after = checked[old], checked[new]
    result = diff_playbooks(before.playbook, after.playbook, schemas)
    assert result.changes
    pages = _paths(build_model(before.playbook)) | _paths(build_model(after.playbook))
    wrong = {(c.document, c.path, c.page) for c in result.changes if c.page not in pages}
    assert not wrong, sorted(wrong)[:5]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_sites_sections_follow_the_registry(name, checked):
    playbook = build_model(checked[name].playbook)
    registered = {d.page: d for d in SITE_DOCUMENTS}
    sections = [s for s in plan(playbook) if s.index.path in registered]
    assert [s.index.path for s in sections] == [
        d.page for d in SITE_DOCUMENTS if playbook.has_document(d.name)
    ]
    for section in sections:
        site = registered[section.index.path].site
        assert site is not None
        assert section.title == site.section
        assert section.index.template == site.template
