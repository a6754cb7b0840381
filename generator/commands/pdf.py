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
    help="Write the PDF here instead of the project's dist/<client>-playbook-<version>.pdf.",
)
@click.option(
    "--chromium",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Chromium to print with (default: $PLAYBOOK_CHROMIUM, or chromium on PATH).",
)
def command(client: str, output: Path | None, chromium: Path | None) -> int:
    """Build CLIENT's site and print its whole-playbook page to a PDF through headless Chromium."""
    from generator.core.project import find_project
    from generator.load.sources import find_client
    from generator.publish.pdf import build_pdf

    result = build_pdf(find_client(client, find_project().playbooks), output, chromium)
    echo_diagnostics(result.warnings)
    report(f"Wrote {display_path(result.path)}\n")
    return 0
