"""`playbook serve`: live preview of one client's site."""

from __future__ import annotations

import click

from generator.commands.output import report


@click.command("serve")
@click.argument("client")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def command(client: str, host: str, port: int) -> int:
    """Preview CLIENT's site; edits to its YAML, templates or brand reload the page."""
    from generator.core.project import find_project
    from generator.load.sources import find_client
    from generator.publish.serve import serve

    serve(find_client(client, find_project().playbooks), host, port, report)
    return 0
