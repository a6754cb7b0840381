"""What commands print: diagnostics on standard error, results on standard output."""

from __future__ import annotations

import click

from generator.core.diagnostics import Diagnostic
from generator.core.formatters import FORMATTERS


def echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Diagnostics as text lines on standard error."""
    if diagnostics:
        click.echo(FORMATTERS["text"](diagnostics), nl=False, err=True)


def report(text: str) -> None:
    """A progress or status line on standard error."""
    click.echo(text, nl=False, err=True)
