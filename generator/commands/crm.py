"""`playbook crm`: the playbook's stages as the configuration a CRM admin deploys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.output import echo_diagnostics, report
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


@command.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--client", "client", required=True, help="The new client's folder name, e.g. acme-corp.")
@click.option("--name", help="The client's name as the team writes it (default: from --client).")
def import_command(files: tuple[Path, ...], client: str, name: str | None) -> int:
    """Write playbooks/CLIENT with the stages and pipelines FILES hold; never over an existing client."""
    from generator.authoring.scaffold import PLAYBOOKS
    from generator.authoring.yaml_format import format_text
    from generator.core.clock import today
    from generator.core.errors import UsageError
    from generator.core.project import find_project
    from generator.crm.common import write_files
    from generator.crm.importer import manifest_text, stages_text
    from generator.crm.readers.detect import read_configs
    from generator.load.sources import PlaybookFolder
    from generator.schema.schemas import load_schemas
    from generator.schema.types import ID_PATTERN
    from generator.validate.folder import validate_folder

    if not ID_PATTERN.fullmatch(client) or len(client) > 64 or client == "templates":
        raise UsageError(f"--client `{client}` must be a lowercase kebab-case ID such as `acme-corp`")
    display = (name or client.replace("-", " ").title()).strip()
    configs, problems = read_configs(list(files))
    if problems:
        raise InvalidInput(problems)
    if len(configs) > 1:
        raise UsageError("the files are from several CRMs; import from one at a time")
    schemas = load_schemas()
    # In `playbook fmt`'s canonical form, as `playbook new` writes its files.
    texts = {
        "playbook.yaml": format_text(
            manifest_text(client, display, configs[0], today().isoformat()),
            schemas.documents["playbook"],
            schemas,
        ),
        "stages.yaml": format_text(stages_text(configs[0]), schemas.documents["stages"], schemas),
    }
    target = find_project().root / PLAYBOOKS / client
    try:
        target.mkdir(parents=True)
    except FileExistsError:
        raise PlaybookError(
            f"{display_path(target)} already exists; pick another name or remove it first"
        ) from None
    try:
        written = write_files(tuple((k, v.encode("utf-8")) for k, v in texts.items()), target)
    except OSError as exc:
        raise PlaybookError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    for path in written:
        report(f"Wrote {display_path(path)}\n")
    validation = validate_folder(PlaybookFolder(target.resolve()), schemas)
    echo_diagnostics(validation.diagnostics)
    return 1 if validation.failed() else 0
