"""Template inheritance: merge by key, remove, and place new items where they belong."""

from __future__ import annotations

from generator.resolve.merge import resolve
from generator.schema.schemas import load_schemas
from generator.validate.folder import validate_folder
from tests.test_build import make_client

NEW_STAGE = """stages:
  - id: solution-fit
    $after: discovery
    label: Solution fit
    category: open
    purpose: Prove the product solves the named problem.
    owner: ae
    probability: 0.3
    exit_criteria:
      - id: fit-confirmed
        statement: Buyer confirmed the demo covered their cases
        evidence: Follow-up email from the buyer
        verified_by: buyer
  - id: proposal
    $after: null
"""


def test_after_places_a_new_item_and_moves_an_inherited_one(tmp_path):
    folder = make_client(tmp_path, stages=NEW_STAGE)
    stages = resolve(folder, load_schemas()).documents["stages"].data["stages"]
    assert [s["id"] for s in stages] == ["proposal", "discovery", "solution-fit", "won", "lost"]
    assert all("$after" not in s for s in stages)


def test_a_new_stage_placed_after_discovery_validates(tmp_path):
    folder = make_client(tmp_path, stages=NEW_STAGE.split("  - id: proposal")[0])
    validation = validate_folder(folder)
    assert validation.diagnostics == []
    origins = validation.playbook.documents["stages"].origins
    assert origins.value(("stages", 1, "label")).file.endswith("acme/stages.yaml")
    assert origins.value(("stages", 2, "label")).file.endswith("base/stages.yaml")
