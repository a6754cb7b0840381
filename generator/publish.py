"""Atomic output: build into a staging folder beside the target, then swap it into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildError


@contextmanager
def staging(output_root: Path, name: str) -> Iterator[Path]:
    """A fresh folder next to the output, removed whatever happens."""
    try:
        output_root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{name}.build-", dir=output_root))
    except OSError as exc:
        raise BuildError(f"cannot write to {output_root}: {exc.strerror}") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
