"""The `playbook` command line: parses arguments and calls one function per command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__
from generator.diagnostics import Diagnostic, display_path, sorted_diagnostics
from generator.errors import InvalidInput, PlaybookError
from generator.formatters import FORMATTERS
from generator.paths import PLAYBOOKS_DIR, SITE_DIR


def _summary(diagnostics: list[Diagnostic], count: int, failed: bool) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    noun = "playbook" if count == 1 else "playbooks"
    if not diagnostics:
        return f"All checks passed: {count} {noun}."
    verdict = "Failed" if failed else "Passed"
    return f"{verdict}: {errors} error(s), {warnings} warning(s) in {count} {noun}."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Turn a revenue playbook written as YAML into a documentation site the client owns."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> int:
    """Validate client playbooks and templates (default: everything under playbooks/)."""
    from generator.validate import validate_paths

    results = validate_paths(list(paths) or [PLAYBOOKS_DIR])
    diagnostics = sorted_diagnostics([d for r in results for d in r.diagnostics])
    failed = any(r.failed(strict) for r in results)
    click.echo(FORMATTERS[fmt](diagnostics), nl=False)
    if fmt == "text":
        click.echo(_summary(diagnostics, len(results), failed), err=True)
    return 1 if failed else 0


@cli.command()
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
def build(clients: tuple[str, ...], output: Path, strict: bool) -> int:
    """Build each client's site into OUTPUT/<client>/."""
    from generator.build import build_client, find_client

    for name in clients:
        result = build_client(find_client(name), output, strict)
        _echo_diagnostics(result.warnings)
        click.echo(f"Built {result.client}: {display_path(result.site / 'index.html')}", err=True)
    return 0


@cli.command()
@click.argument("client")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve(client: str, host: str, port: int) -> int:
    """Preview CLIENT's site; edits to its YAML, templates or brand reload the page."""
    from generator.build import find_client
    from generator.serve import serve as run_server

    run_server(find_client(client), host, port, lambda text: click.echo(text, nl=False, err=True))
    return 0


def _echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    if diagnostics:
        click.echo(FORMATTERS["text"](diagnostics), nl=False, err=True)


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output."
)
def schema(output: Path | None) -> int:
    """Print the field reference of every document, generated from schemas/."""
    from generator.field_reference import render_markdown
    from generator.schema import load_schemas

    text = render_markdown(load_schemas())
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    return 0


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status: project errors become a message, not a traceback."""
    try:
        status = cli.main(args=argv, prog_name="playbook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InvalidInput as exc:
        _echo_diagnostics(sorted_diagnostics(exc.diagnostics))
        return exc.exit_code
    except PlaybookError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version exit through click
        return exc.code if isinstance(exc.code, int) else 0
    return status if isinstance(status, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
