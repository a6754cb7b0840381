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
@click.option(
    "--with-dependencies",
    is_flag=True,
    help="Also add the wheels of every dependency for this platform, so a reinstall needs no registry.",
)
def command(client: str, output: Path | None, with_dependencies: bool) -> int:
    """Write OUTPUT/<client>-playbook-<version>.zip: site, YAML, brand, schemas, the tool's wheel and HANDOFF.md."""
    from generator.core.project import find_project
    from generator.load.sources import find_client
    from generator.publish.export import export

    project = find_project()
    archive = export(find_client(client, project.playbooks), output or project.dist, with_dependencies)
    report(f"Wrote {display_path(archive)}\n")
    return 0
