"""`playbook export`: the hand-off archive the client keeps."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path
from generator.core.errors import PlaybookError


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
    output = output or project.dist
    try:
        archive = export(find_client(client, project.playbooks), output, with_dependencies)
    except OSError as exc:  # a full disk, a read-only or missing folder: the archive is not written
        where = display_path(exc.filename) if exc.filename else display_path(output)
        raise PlaybookError(f"cannot write {where}: {exc.strerror or exc}; no archive was written") from None
    report(f"Wrote {display_path(archive)}\n")
    return 0
