"""Replace a file whole or not at all: write a temporary sibling, then rename it over the target.

Every file the tool writes into a user's project (formatted and migrated YAML, CRM exports,
actuals snapshots, the hand-off archive, cache entries) goes through here, so a crash, a full
disk or a failed check leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _mode(target: Path) -> int:
    """The target's own permissions, or what a plain `open(…, "w")` would give a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary sibling of `target` for the block to write; it replaces `target` when the block
    ends without an exception, and is removed whatever happens."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, _mode(target))  # mkstemp makes 0600 files
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(target: Path, data: str | bytes, check: Callable[[Path], object] | None = None) -> None:
    """Write `data` (text as UTF-8 with `\\n` line ends) to `target` atomically; `check` may read
    the written temporary file and raise to keep the old one."""
    with replacing(target) as temp:
        with temp.open("wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            check(temp)
