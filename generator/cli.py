"""The `playbook` command line: parses arguments and calls one function per command.

Each command lives in generator/commands/<name>.py; this module only assembles them and turns
the project's errors into a message and an exit status (0 success, 1 invalid input or failed
build, 2 wrong usage).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import sys
from pathlib import Path

import click

from generator import DISTRIBUTION, __version__
from generator.commands.output import echo_diagnostics
from generator.core.diagnostics import sorted_diagnostics
from generator.core.errors import Interrupted, InvalidInput, PlaybookError
from generator.publish.swap import published_note


def _command_modules() -> list[str]:
    """Every module of generator/commands that defines a command (adding a file adds a command)."""
    package = importlib.import_module("generator.commands")
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name != "output")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook", message=f"%(prog)s %(version)s ({DISTRIBUTION})")
@click.option(
    "-C",
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Run as if started in DIRECTORY (like git -C): the project is found from there.",
)
def cli(directory: Path | None) -> None:
    """Turn a revenue playbook written as YAML into a documentation site the client owns."""
    if directory is not None:
        os.chdir(directory)


for _name in _command_modules():
    cli.add_command(importlib.import_module(f"generator.commands.{_name}").command)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status: project errors become a message, not a traceback."""
    try:
        status = cli.main(args=argv, prog_name="playbook", standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl+C
        click.echo(f"Interrupted; {published_note()}.", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InvalidInput as exc:
        echo_diagnostics(sorted_diagnostics(exc.diagnostics))
        return exc.exit_code
    except Interrupted as exc:
        click.echo(f"error: {exc}; {exc.summary or published_note()}", err=True)
        return exc.exit_code
    except PlaybookError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version exit through click
        return exc.code if isinstance(exc.code, int) else 0
    return status if isinstance(status, int) else 0


def _terminate(signum: int, frame: object) -> None:
    # Raised in the main thread, so every `finally` runs: no staging folder is left behind.
    raise Interrupted(signum)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(run())
