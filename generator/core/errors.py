"""The project's exceptions: each carries its message and the exit status it ends in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.core.diagnostics import Diagnostic


class PlaybookError(Exception):
    """An error the user can act on; the command line prints it and exits with `exit_code`."""

    exit_code = 1


class InvalidInput(PlaybookError):
    """Input that failed validation, with every diagnostic that says why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the input")
        self.diagnostics = diagnostics


class UsageError(PlaybookError):
    """The command was called wrongly."""

    exit_code = 2


class BuildError(PlaybookError):
    """A site could not be built or written."""


class Interrupted(PlaybookError):
    """The run was stopped by a signal; whatever it was writing has been cleaned up.

    `summary` says what was published before the signal; without one, the command line says it
    from what this process published.
    """

    exit_code = 143

    def __init__(self, signum: int, summary: str = "") -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = int(signum)
        self.summary = summary
        self.exit_code = 128 + self.signum

    def __reduce__(self) -> tuple[object, ...]:  # crosses from a worker process to the parent
        return (Interrupted, (self.signum, self.summary))
