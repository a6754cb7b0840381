"""Atomic output: build into a staging folder beside the target, then swap it into place."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.errors import BuildError


@contextmanager
def _exclusive(output_root: Path, name: str) -> Iterator[None]:
    """One build of a client at a time: a second one refuses at once with a clear message."""
    lock_path = output_root / f".{name}.lock"
    handle = lock_path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build of {name} is writing to {output_root}; try again when it ends"
            ) from None
        yield
    finally:
        handle.close()  # the lock goes with the file; the kernel also drops it if we are killed


@contextmanager
def staging(output_root: Path, name: str) -> Iterator[Path]:
    """A fresh folder next to the output, locked against other builds, removed whatever happens.

    Disk and permission errors while building or publishing become a BuildError; the previous
    site is untouched until the swap.
    """
    try:
        output_root.mkdir(parents=True, exist_ok=True)
        with _exclusive(output_root, name):
            folder = Path(tempfile.mkdtemp(prefix=f".{name}.build-", dir=output_root))
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    except OSError as exc:
        if exc.errno is None:  # not the disk: e.g. Jinja's TemplateNotFound is an OSError too
            raise
        raise BuildError(f"cannot write the site to {output_root}: {exc.strerror or exc}") from None


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` with `new`; until the new one is in place, the old one stays whole."""
    old = None
    try:
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(target, old)
        os.rename(new, target)
    except OSError as exc:
        if old is not None and not target.exists():
            os.rename(old, target)
        raise BuildError(f"cannot publish {target}: {exc.strerror}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
