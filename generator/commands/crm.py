"""`playbook crm`: the playbook's stages as the configuration a CRM admin deploys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path, sorted_diagnostics
from generator.core.errors import InvalidInput, PlaybookError
from generator.core.formatters import FORMATTERS
from generator.crm.exporters import EXPORTERS

if TYPE_CHECKING:
    from generator.crm.common import CrmSource


@click.group("crm")
def command() -> None:
    """Export the playbook's pipelines and stages for a CRM, check a CRM against them, or import one."""


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


def _source(client: str) -> CrmSource:
    from generator.build.site import check, model
    from generator.core.project import find_project
    from generator.crm.common import CrmSource
    from generator.load.sources import find_client
    from generator.schema.schemas import load_schemas

    project = find_project()
    validation = check(find_client(client, project.playbooks), load_schemas())
    return CrmSource(model(validation), validation.playbook.documents["stages"].origins)


@command.command("check")
@click.argument("client")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
def check_command(client: str, files: tuple[Path, ...], fmt: str) -> int:
    """Report where FILES (a CRM's saved configuration) differ from CLIENT's stages; exit 1 on drift."""
    from generator.crm.drift import NAMES, check
    from generator.crm.readers.detect import read_configs

    configs, problems = read_configs(list(files))
    if problems:
        raise InvalidInput(problems)
    source = _source(client)
    drift = sorted_diagnostics([d for config in configs for d in check(source, config)])
    click.echo(FORMATTERS[fmt](drift), nl=False)
    systems = ", ".join(NAMES[c.system] for c in configs)
    count = sum(len(c.files) for c in configs)
    if fmt == "text":
        verdict = f"{len(drift)} difference(s)" if drift else "no drift"
        click.echo(f"{client} against {systems} ({count} file(s)): {verdict}.", err=True)
    return 1 if drift else 0
