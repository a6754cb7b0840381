"""`playbook new`: scaffold a client playbook from a template."""

from __future__ import annotations

import click

from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path
from generator.core.errors import PlaybookError


@click.command("new")
@click.argument("client")
@click.option("-t", "--template", required=True, help="The template in playbooks/templates/ to extend.")
@click.option("--name", help="The client's name as the team writes it (default: from CLIENT).")
def command(client: str, template: str, name: str | None) -> int:
    """Create playbooks/CLIENT extending a template, with a placeholder brand and editor schemas."""
    from generator.authoring.scaffold import scaffold_client
    from generator.core.clock import today
    from generator.core.project import find_project
    from generator.load.sources import PlaybookFolder
    from generator.schema.schemas import load_schemas
    from generator.validate.folder import validate_folder

    schemas = load_schemas()
    try:
        made = scaffold_client(client, template, name, today(), schemas, find_project().root)
    except OSError as exc:  # a read-only folder, a full disk
        where = f" {display_path(exc.filename)}" if exc.filename else ""
        raise PlaybookError(f"cannot write{where}: {exc.strerror or exc}") from None
    lines = [f"Created {display_path(made.folder)}/ from the `{template}` template:"]
    lines += [f"  {display_path(path)}" for path in made.files]
    kept = "" if made.brand_written else " (kept: it already existed)"
    lines.append(f"  {display_path(made.brand)}{kept}")
    lines.append(f"  {display_path(made.json_schemas)}/ (JSON Schemas for editor completion)")
    report("\n".join(lines) + "\n")
    validation = validate_folder(PlaybookFolder(made.folder.resolve()), schemas)
    echo_diagnostics(validation.diagnostics)
    if validation.failed():
        return 1
    report(
        f"Next: fill in the placeholders in {display_path(made.folder / 'playbook.yaml')}, then "
        f"`playbook build {client}`.\n"
    )
    return 0
