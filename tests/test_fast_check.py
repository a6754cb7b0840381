"""The compiled schema check never calls a document valid that Cerberus would fault.

Validation asks Cerberus only when the compiled check answers "maybe not", so the diagnostics are
Cerberus' own exactly when that answer is sound. Checked over every case folder, every example and
template, every brand, and hypothesis-mutated playbooks; the valid examples must take the fast path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

from generator.core.documents import BRAND
from generator.load.sources import PlaybookFolder
from generator.resolve.merge import resolve
from generator.schema.fast_check import document_check
from generator.schema.schemas import load_schemas
from tests.conftest import CASES, ROOT
from tests.test_fuzz import FUZZ, VALUES, mutated_playbook

SCHEMAS = load_schemas()
FOLDERS = sorted(
    [p for p in CASES.iterdir() if p.is_dir() and p.name != "templates"]
    + [p for p in (CASES / "templates").iterdir() if p.is_dir()]
    + [p for p in (ROOT / "playbooks").iterdir() if p.is_dir() and p.name != "templates"]
    + [p for p in (ROOT / "playbooks" / "templates").iterdir() if p.is_dir()]
)
BRANDS = sorted((ROOT / "site_config" / "brands").glob("*.yml")) + sorted(
    (ROOT / "tests" / "site_config" / "brands").glob("*.yml")
)


def _cerberus_valid(document: str, data: Any) -> bool:
    return bool(SCHEMAS.validator(document).validate(data, normalize=False))


def _agrees(document: str, data: Any) -> bool:
    """Sound: fast-valid implies Cerberus-valid. Returns whether the fast path was taken."""
    fast = document_check(SCHEMAS, document)(data)
    if fast:
        assert _cerberus_valid(document, data), f"{document}: fast check passed what Cerberus faults"
    return fast


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_folder_gets_cerberus_diagnostics(folder: Path) -> None:
    resolved = resolve(PlaybookFolder(folder), SCHEMAS)
    for name, document in resolved.documents.items():
        fast = _agrees(name, document.data)
        # Exact, not only sound, on real playbooks: a valid document never pays for Cerberus.
        assert fast == _cerberus_valid(name, document.data), name


@pytest.mark.parametrize("path", BRANDS, ids=lambda p: p.name)
def test_every_brand_gets_cerberus_diagnostics(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _agrees(BRAND, data) == _cerberus_valid(BRAND, data)


def test_the_examples_take_the_fast_path() -> None:
    resolved = resolve(PlaybookFolder(ROOT / "playbooks" / "fernhill"), SCHEMAS)
    assert resolved.documents
    assert all(document_check(SCHEMAS, n)(d.data) for n, d in resolved.documents.items())


@FUZZ
@given(mutated_playbook())
def test_mutated_playbooks_get_cerberus_diagnostics(docs: dict[str, Any]) -> None:
    for name, data in docs.items():
        _agrees(name, data)


@FUZZ
@given(VALUES)
def test_any_value_in_any_document_gets_cerberus_diagnostics(value: Any) -> None:
    for name in SCHEMAS.documents:
        _agrees(name, {"x": value})
        _agrees(name, value)
