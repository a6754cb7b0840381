"""`playbook export`: the hand-off archive the client keeps."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.diagnostics import display_path
from generator.errors import PlaybookError


@click.command("export")
@click.argument("client")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("dist"), show_default=True)
def command(client: str, output: Path) -> int:
    """Write OUTPUT/<client>-playbook-<version>.zip: site, YAML, brand, schemas and HANDOFF.md."""
    from generator.export import export
    from generator.sources import find_client

    try:
        archive = export(find_client(client), output)
    except OSError as exc:  # a full disk, a read-only or missing folder: the archive is not written
        where = display_path(exc.filename) if exc.filename else display_path(output)
        raise PlaybookError(f"cannot write {where}: {exc.strerror or exc}; no archive was written") from None
    report(f"Wrote {display_path(archive)}\n")
    return 0
