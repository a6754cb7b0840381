"""`playbook export`: the hand-off archive the client keeps."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path


@click.command("export")
@click.argument("client")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("dist"), show_default=True)
def command(client: str, output: Path) -> int:
    """Write OUTPUT/<client>-playbook-<version>.zip: site, YAML, brand, schemas and HANDOFF.md."""
    from generator.load.sources import find_client
    from generator.publish.export import export

    archive = export(find_client(client), output)
    report(f"Wrote {display_path(archive)}\n")
    return 0
