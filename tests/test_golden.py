"""The rendered Markdown of every example, byte for byte: the docs/ folder the renderer writes before
the engine runs, on the fixed day of the tests.

A page that changes fails with a unified diff of that page. After an intended change,
`make golden` (PLAYBOOK_UPDATE_GOLDEN=1) rewrites tests/golden/markdown/; review the diff before
committing.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from generator.build.site import check
from generator.core.clock import today
from generator.load.sources import find_client
from generator.model.playbook import build_model
from generator.render import render_site
from generator.render.field_reference import render_markdown
from generator.schema.schemas import load_schemas
from tests.conftest import ROOT

UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
GOLDEN = ROOT / "tests" / "golden" / "markdown"
CLIENTS = ("fernhill", "kestrel", "copperline", "gitlab", "posthog")


def rendered_pages(client: str, docs: Path) -> dict[str, bytes]:
    """Render a client of playbooks/ into `docs` as a build does; every Markdown page by its path."""
    schemas = load_schemas()
    validation = check(find_client(client, ROOT / "playbooks"), schemas)
    playbook = build_model(validation.playbook, validation.diagnostics)
    render_site(playbook, docs, today(), render_markdown(schemas))
    return {page.relative_to(docs).as_posix(): page.read_bytes() for page in sorted(docs.rglob("*.md"))}


def differences(pages: dict[str, bytes], golden: Path) -> list[str]:
    """What differs from the golden folder: a unified diff per changed page, a line per page added
    or gone."""
    kept = {p.relative_to(golden).as_posix() for p in golden.rglob("*.md")} if golden.is_dir() else set()
    found = []
    for path in sorted(kept | pages.keys()):
        if path not in pages:
            found.append(f"{path}: no longer rendered")
        elif path not in kept:
            found.append(f"{path}: new page with no golden file")
        else:
            expected = (golden / path).read_bytes()
            if expected != pages[path]:
                found.append(
                    "".join(
                        difflib.unified_diff(
                            expected.decode("utf-8").splitlines(keepends=True),
                            pages[path].decode("utf-8").splitlines(keepends=True),
                            f"golden/{path}",
                            f"rendered/{path}",
                        )
                    )
                    or f"{path}: differs only in bytes a text diff does not show"
                )
    return found


def rewrite(pages: dict[str, bytes], golden: Path) -> None:
    shutil.rmtree(golden, ignore_errors=True)
    for path, content in pages.items():
        (golden / path).parent.mkdir(parents=True, exist_ok=True)
        (golden / path).write_bytes(content)


@pytest.mark.parametrize("client", CLIENTS)
def test_the_rendered_markdown_matches_its_golden_files(client, tmp_path):
    pages = rendered_pages(client, tmp_path / "docs")
    assert pages, "the renderer wrote no Markdown"
    if UPDATE:
        rewrite(pages, GOLDEN / client)
    found = differences(pages, GOLDEN / client)
    if found:
        pytest.fail("\n".join(found) + "\nrun `make golden` if the change is intended", pytrace=False)


def test_a_changed_page_is_shown_as_a_unified_diff_of_that_page(tmp_path):
    golden = tmp_path / "golden"
    rewrite({"index.md": b"# Acme\n\nWin rate 30%\n", "stages/discovery.md": b"# Discovery\n"}, golden)
    found = differences({"index.md": b"# Acme\n\nWin rate 35%\n", "stages/qualify.md": b"# Q\n"}, golden)
    assert found == [
        "--- golden/index.md\n+++ rendered/index.md\n@@ -1,3 +1,3 @@\n # Acme\n \n-Win rate 30%\n+Win rate 35%\n",
        "stages/discovery.md: no longer rendered",
        "stages/qualify.md: new page with no golden file",
    ]
    assert (
        differences(
            {"index.md": b"# Acme\n\nWin rate 30%\n", "stages/discovery.md": b"# Discovery\n"}, golden
        )
        == []
    )
