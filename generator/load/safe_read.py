"""Read an input file only if it is a regular file inside the project, and no larger than a limit.

A FIFO would block a read forever, /dev/zero would fill memory, a directory or a dangling link
would end in a traceback, and a link out of the project would read whatever it points at. Each
is refused with a diagnostic before a byte is read; the file is opened without blocking and
checked on the open descriptor, so it cannot be swapped between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Location, Severity

RULE = "input-file"

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class UnsafeFile(Exception):
    """A file that is not read; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _refuse(display: str, message: str, rule: str = RULE) -> UnsafeFile:
    return UnsafeFile(Diagnostic(Location(display), Severity.ERROR, rule, message))


def _real_path(path: Path, display: str, root: Path | None, root_name: str = "the project") -> Path:
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        link = " is a link to nothing" if path.is_symlink() else " does not exist"
        raise _refuse(display, f"file{link}") from None
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a NUL in the name
        raise _refuse(display, f"file cannot be opened ({_reason(exc)})") from None
    if root is not None and not real.is_relative_to(root.resolve()):
        raise _refuse(display, f"file is a link to a file outside {root_name}; copy the file in instead")
    return real


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def read_regular(
    path: Path,
    display: str,
    limit: int,
    root: Path | None = None,
    size_rule: str = RULE,
    root_name: str = "the project",
) -> bytes:
    """The bytes of `path`, a regular file (inside `root`, called `root_name` in messages) of at most `limit` bytes."""
    real = _real_path(path, display, root, root_name)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(display, f"file cannot be opened ({_reason(exc)})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise _refuse(display, f"this is {kind}, not a regular file; only files are read")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise _refuse(display, f"file is {info.st_size} bytes, over the limit of {limit}", size_rule)
        data = handle.read(limit + 1)  # a file that grows after the check is still bounded
    if len(data) > limit:
        raise _refuse(display, f"file is over the limit of {limit} bytes", size_rule)
    return data
