"""`playbook build`: build client sites into site/<client>/."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import echo_diagnostics, report
from generator.diagnostics import display_path
from generator.paths import SITE_DIR


@click.command("build")
@click.argument("clients", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=SITE_DIR,
    show_default=True,
    help="Folder that receives <client>/.",
)
@click.option("--strict", is_flag=True, help="Treat playbook warnings as errors.")
def command(clients: tuple[str, ...], output: Path, strict: bool) -> int:
    """Build each client's site into OUTPUT/<client>/."""
    from generator.build import build_client, find_client

    for name in clients:
        result = build_client(find_client(name), output, strict)
        echo_diagnostics(result.warnings)
        report(f"Built {result.client}: {display_path(result.site / 'index.html')}\n")
    return 0
