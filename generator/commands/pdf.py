"""`playbook pdf`: the print page of a client's site as a PDF."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path


@click.command("pdf")
@click.argument("client")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the PDF here instead of dist/<client>-playbook-<version>.pdf.",
)
def command(client: str, output: Path | None) -> int:
    """Build CLIENT's site and print its whole-playbook page to a PDF through headless Chromium."""
    from generator.load.sources import find_client
    from generator.publish.pdf import build_pdf

    result = build_pdf(find_client(client), output)
    echo_diagnostics(result.warnings)
    report(f"Wrote {display_path(result.path)}\n")
    return 0
