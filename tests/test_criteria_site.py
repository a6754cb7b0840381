"""Conditional criteria, groups of criteria and process steps as the stage pages show them."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build.site import check
from generator.core.clock import today
from generator.load.sources import find_client
from generator.model.playbook import build_model
from generator.render import render_site
from generator.render.field_reference import render_markdown
from generator.schema.schemas import load_schemas
from tests.conftest import ROOT

GROUP = """      - id: proof
        statement: The evaluation proved the value
        any_of:
          - id: trial-met
            statement: The customer confirmed the trial met its success criteria
            verified_by: buyer
          - id: usage-seen
            statement: Usage data shows the tracked events
            verified_by: system
            applies_when: {deal_size_at_least: 60000, lead_source: Inbound}
"""


def _render(tmp_path: Path) -> Path:
    folder = tmp_path / "posthog"
    shutil.copytree(ROOT / "playbooks" / "posthog", folder)
    stages = folder / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    stages.write_text(
        text.replace("      - id: wrap-up-call\n", GROUP + "      - id: wrap-up-call\n"), "utf-8"
    )
    schemas = load_schemas()
    validation = check(find_client(str(folder)), schemas)
    assert not [d for d in validation.diagnostics if d.severity.value == "error"]
    docs = tmp_path / "docs"
    render_site(
        build_model(validation.playbook, validation.diagnostics), docs, today(), render_markdown(schemas)
    )
    return docs


def test_a_group_reads_any_one_of_and_a_condition_stands_beside_its_criterion(tmp_path: Path) -> None:
    page = (_render(tmp_path) / "pipeline" / "product-evaluation.md").read_text(encoding="utf-8")
    assert "- **The evaluation proved the value** — any one of:\n    - <span" in page
    assert (
        '**Usage data shows the tracked events** <span class="pb-condition">'
        "(only for deals ≥ &#36;60,000 from lead source Inbound)</span>"
    ) in page
    # A step is listed beside the stages it runs alongside, and on the pipeline page, not as a stage.
    assert "## Steps alongside this stage" in page
    assert "[Security &#38; legal review](index.md#step-security-and-legal-review) (optional" in page


def test_the_health_page_lists_a_group_members_missing_evidence(tmp_path: Path) -> None:
    page = (_render(tmp_path) / "health.md").read_text(encoding="utf-8")
    assert "product&#45;evaluation/usage&#45;seen" in page
    assert "product&#45;evaluation/proof<" not in page


def test_a_draft_shows_a_criterion_missing_its_verifier_without_an_empty_badge(tmp_path: Path) -> None:
    from generator.build.draft import check_draft, draft_model

    schemas = load_schemas()
    validation = check_draft(find_client("criterion-group", ROOT / "tests" / "cases"), schemas)
    assert "criterion-group" in {d.rule for d in validation.diagnostics}
    render_site(draft_model(validation), tmp_path, today(), render_markdown(schemas))
    page = (tmp_path / "pipeline" / "proposal.md").read_text(encoding="utf-8")
    assert "- **Procurement opened a vendor record**\n" in page
    assert 'pb-verifier-"' not in page
