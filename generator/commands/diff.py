"""`playbook diff`: what changed between two playbook revisions, in playbook terms."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report

FORMAT_NAMES = ("text", "markdown", "json")


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("client", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
def command(old: str, new: str, client: str | None, fmt: str) -> int:
    """Show what changed from OLD to NEW; exit 0 if nothing did, 1 if something did.

    OLD and NEW are each a folder (a playbook, or a folder holding playbooks/) or, when no such
    path exists, a git revision of this repository: `HEAD~1`, `main`, `fernhill/v1.2.0`, or
    `REV:NAME` for one playbook (`HEAD:templates/founder-led`). CLIENT picks one playbook
    (a client or `templates/NAME`) when both sides hold several. A side whose YAML does not
    load prints its diagnostics and exits 1.
    """
    from generator.diff.format import FORMATS, summary
    from generator.diff.inputs import diff_inputs

    result = diff_inputs(old, new, _playbooks(), client)
    click.echo(FORMATS[fmt](result), nl=False)
    if fmt == "text":
        report(summary(result) + "\n")
    return 1 if result.changed else 0


def _playbooks() -> Path:
    """Where revisions are read from: the project's playbooks/, or ./playbooks outside a project
    (two folders can be compared anywhere)."""
    from generator.core.errors import UsageError
    from generator.core.project import find_project

    try:
        return find_project().playbooks
    except UsageError:
        return Path("playbooks").absolute()
