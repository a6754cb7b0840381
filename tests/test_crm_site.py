"""The stages page shows each stage's CRM side: the settings of every CRM the manifest names, from
the same code as `playbook crm export`, escaped like all content."""

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
from tests.conftest import CASES

CASE = CASES / "stage-fields"


def _demo_page(tmp_path: Path, systems: str) -> str:
    """The Demo stage's Markdown page of the stage-fields case labelled `Demo <b> & co`."""
    folder = tmp_path / CASE.name
    shutil.copytree(CASE, folder)
    stages = folder / "stages.yaml"
    stages.write_text(
        stages.read_text(encoding="utf-8").replace("label: Demo", 'label: "Demo <b> & co"'), encoding="utf-8"
    )
    if systems:
        with (folder / "playbook.yaml").open("a", encoding="utf-8") as manifest:
            manifest.write(f"crm:\n  systems: [{systems}]\n")
    schemas = load_schemas()
    validation = check(find_client(str(folder)), schemas)
    docs = tmp_path / "docs"
    render_site(
        build_model(validation.playbook, validation.diagnostics), docs, today(), render_markdown(schemas)
    )
    return (docs / "pipeline/demo.md").read_text(encoding="utf-8")


def test_each_configured_crm_has_its_settings_escaped(tmp_path):
    page = _demo_page(tmp_path, "close, pipedrive, hubspot, salesforce")
    block = page[page.index("## In the CRM") : page.index("## Required CRM fields")]
    label = "Demo &#60;b&#62; &#38; co"  # escaped for Markdown and HTML alike
    assert block == (
        "## In the CRM\n\n"
        "What the admin sets for this stage, as `playbook crm export` writes it:\n\n"
        f"- **Salesforce**: <code>fullName</code> {label} · <code>label</code> {label} · <code>closed</code> false"
        " · <code>forecastCategory</code> Pipeline · <code>won</code> false"
        " · <code>Path key fields</code> Next&#95;Step&#95;Date&#95;&#95;c\n"
        f"- **HubSpot**: <code>label</code> {label} · <code>metadata.probability</code> none yet, and HubSpot"
        " needs one · <code>metadata.isClosed</code> false\n"
        f"- **Pipedrive**: <code>name</code> {label} · <code>rotten&#95;flag</code> true · <code>rotten&#95;days</code> 30\n"
        f"- **Close**: <code>label</code> {label} · <code>status&#95;type</code> active\n\n"
    )
    assert "<b>" not in page


def test_without_crm_systems_only_the_required_fields_show(tmp_path):
    page = _demo_page(tmp_path, "")
    assert "In the CRM" not in page
    assert "## Required CRM fields" in page and "<code>Next&#95;Step&#95;Date&#95;&#95;c</code>" in page


def test_the_manifest_names_exactly_the_systems_the_site_can_show():
    from generator.crm.exporters import EXPORTERS
    from generator.crm.stage_settings import SYSTEMS

    allowed = load_schemas().documents["playbook"]["crm"]["schema"]["systems"]["schema"]["allowed"]
    assert sorted(allowed) == sorted(SYSTEMS) == sorted(EXPORTERS)


def test_the_site_s_settings_are_the_exported_ones(cli, tmp_path):
    import json

    from generator.crm import hubspot

    assert cli("crm", "export", "fernhill", "--to", "hubspot", "-o", str(tmp_path)).status == 0
    body = json.loads((tmp_path / "fernhill.json").read_text(encoding="utf-8"))
    validation = check(find_client("fernhill"), load_schemas())
    stages = [s for s in build_model(validation.playbook).stages if s.category != "administrative"]
    exported = [
        {"label": s["label"], **{f"metadata.{k}": v for k, v in s["metadata"].items()}}
        for s in body["stages"]
    ]
    assert [hubspot.stage_settings(s) for s in stages] == exported


def test_pipedrive_and_close_settings_are_the_exported_ones(cli, tmp_path):
    import json

    from generator.crm import close, pipedrive

    validation = check(find_client("fernhill"), load_schemas())
    stages = [s for s in build_model(validation.playbook).stages if s.category != "administrative"]
    assert cli("crm", "export", "fernhill", "--to", "close", "-o", str(tmp_path / "close")).status == 0
    statuses = json.loads((tmp_path / "close/pipelines.json").read_text(encoding="utf-8"))["pipelines"][0]
    assert [close.stage_settings(s) for s in stages] == statuses["statuses"]
    assert cli("crm", "export", "fernhill", "--to", "pipedrive", "-o", str(tmp_path / "pd")).status == 0
    body = json.loads((tmp_path / "pd/pipelines.json").read_text(encoding="utf-8"))["pipelines"][0]
    open_stages = [{k: v for k, v in s.items() if k != "order_nr"} for s in body["stages"]]
    assert [pipedrive.stage_settings(s) for s in stages if s.category == "open"] == open_stages
