"""`playbook crm`: the playbook's stages as the configuration a CRM admin deploys."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path
from generator.core.errors import InvalidInput, PlaybookError
from generator.crm.exporters import EXPORTERS


@click.group("crm")
def command() -> None:
    """Export the playbook's pipelines and stages for a CRM, from files alone."""


@command.command("export")
@click.argument("client")
@click.option(
    "--to", "system", required=True, type=click.Choice(sorted(EXPORTERS)), help="The CRM to write for."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Folder for the files (default: the project's crm/<system>/).",
)
def export_command(client: str, system: str, output: Path | None) -> int:
    """Write CLIENT's pipelines in the format SYSTEM imports; nothing is written if one breaks its limits."""
    from generator.build.site import check, model
    from generator.core.project import find_project
    from generator.crm.common import CrmSource, write_files
    from generator.load.sources import find_client
    from generator.schema.schemas import load_schemas

    project = find_project()
    validation = check(find_client(client, project.playbooks), load_schemas())
    source = CrmSource(model(validation), validation.playbook.documents["stages"].origins)
    exported = EXPORTERS[system](source)
    if exported.diagnostics:
        raise InvalidInput(list(exported.diagnostics))
    folder = output or project.root / "crm" / system
    try:
        written = write_files(exported.files, folder)
    except OSError as exc:
        where = display_path(exc.filename) if exc.filename else display_path(folder)
        raise PlaybookError(f"cannot write {where}: {exc.strerror or exc}") from None
    for path in written:
        report(f"Wrote {display_path(path)}\n")
    return 0
