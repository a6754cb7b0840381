"""`playbook validate`: check playbooks and templates, report every problem at once."""

from __future__ import annotations

from pathlib import Path

import click

from generator.core.diagnostics import Diagnostic, sorted_diagnostics
from generator.core.formatters import FORMATTERS
from generator.core.project import find_project


def _summary(diagnostics: list[Diagnostic], count: int, failed: bool) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    noun = "playbook" if count == 1 else "playbooks"
    if not diagnostics:
        return f"All checks passed: {count} {noun}."
    verdict = "Failed" if failed else "Passed"
    return f"{verdict}: {errors} error(s), {warnings} warning(s) in {count} {noun}."


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def command(paths: tuple[Path, ...], fmt: str, strict: bool) -> int:
    """Validate client playbooks and templates (default: everything under playbooks/)."""
    from generator.validate.folder import validate_paths

    results = validate_paths(list(paths) or [find_project().playbooks])
    diagnostics = sorted_diagnostics([d for r in results for d in r.diagnostics])
    failed = any(r.failed(strict) for r in results)
    click.echo(FORMATTERS[fmt](diagnostics), nl=False)
    if fmt == "text":
        click.echo(_summary(diagnostics, len(results), failed), err=True)
    return 1 if failed else 0
