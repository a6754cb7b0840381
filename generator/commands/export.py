"""`playbook export`: the hand-off archive the client keeps."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path


@click.command("export")
@click.argument("client")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Folder for the archive (default: the project's dist/).",
)
def command(client: str, output: Path | None) -> int:
    """Write OUTPUT/<client>-playbook-<version>.zip: site, YAML, brand, schemas and HANDOFF.md."""
    from generator.core.project import find_project
    from generator.load.sources import find_client
    from generator.publish.export import export

    project = find_project()
    archive = export(find_client(client, project.playbooks), output or project.dist)
    report(f"Wrote {display_path(archive)}\n")
    return 0
