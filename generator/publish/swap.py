"""Atomic output: build into a staging folder beside the target, then swap it into place.

Publishing replaces only what this tool built: never a folder overlapping the project's sources,
never a folder without the site marker, never through a symbolic link. The swap is two renames;
whatever an interrupted build leaves (a staging folder, the old site moved aside) is restored or
removed, under the client's lock, by the next build, which says what it did.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.build.site_marker import MARKER, is_ours
from generator.core.diagnostics import display_path
from generator.core.errors import BuildError
from generator.core.resources import PACKAGE_DIR

SOURCES = ("playbooks", "site_config", "schemas", "generator", ".git")
"""Folders of a project that a site must never be published into, over, or around."""

published: list[Path] = []
"""Sites this process has swapped into place, so an interruption can say exactly what changed."""


def published_note() -> str:
    """What an interruption leaves behind, in words: nothing, or the sites already published."""
    if not published:
        return "the previous site is unchanged"
    names = ", ".join(display_path(p) for p in published)
    return f"published {names}; nothing else was changed"


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def check_target(target: Path, project: Path | None) -> None:
    """Refuse a target that would replace sources or a folder this tool did not build."""
    tool = PACKAGE_DIR.resolve().parent  # the checkout, or site-packages: never publish into the tool
    roots = {tool, *([project.resolve()] if project else [])}
    for root in sorted(roots):
        if root.is_relative_to(target):
            raise BuildError(
                f"refusing to publish to {display_path(target)}: it holds the project "
                f"{display_path(root)}; choose an --output folder such as site/"
            )
        for name in SOURCES:
            source = root / name
            if _overlaps(target, source):
                raise BuildError(
                    f"refusing to publish to {display_path(target)}: it overlaps the project's "
                    f"{display_path(source)}/; choose an --output folder outside the sources, such as site/"
                )
    if target.is_symlink():
        raise BuildError(
            f"refusing to publish to {display_path(target)}: it is a symbolic link; remove the link, "
            f"or publish into its target with --output {display_path(target.resolve().parent)}"
        )
    if target.exists() and not _empty_folder(target) and not is_ours(target):
        raise BuildError(
            f"refusing to replace {display_path(target)}: it was not built by playbook (no readable {MARKER}); "
            "move it away or choose another --output folder"
        )


def _empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


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


def recover(output_root: Path, name: str) -> list[str]:
    """Restore or remove what interrupted builds of `name` left; call with the client's lock held.

    Holding the lock means no other build of `name` is running, so every staging folder and
    moved-aside site found is a leftover. Returns one note per thing done.
    """
    target = output_root / name
    entries = sorted(output_root.iterdir())
    olds = sorted(
        (p for p in entries if p.name.startswith(f".{name}.old-")), key=lambda p: p.lstat().st_mtime
    )
    stages = [p for p in entries if p.name.startswith(f".{name}.build-")]
    notes = []
    if olds and not os.path.lexists(target):
        newest = olds.pop()  # the site that was live when the interrupted swap began
        os.rename(newest, target)
        notes.append(f"restored {display_path(target)}, which an interrupted build had moved aside")
    for leftover in [*olds, *stages]:
        shutil.rmtree(leftover, ignore_errors=True)
        notes.append(f"removed {display_path(leftover)}, left by an interrupted build")
    return notes


@contextmanager
def staging(
    output_root: Path, name: str, project: Path | None = None, notes: list[str] | None = None
) -> Iterator[Path]:
    """A fresh folder next to the output, locked against other builds, removed whatever happens.

    The target is checked before anything is written; leftovers of interrupted builds are dealt
    with first (and reported in `notes`). Disk and permission errors while building or
    publishing become a BuildError; the previous site is untouched until the swap.
    """
    check_target(output_root / name, project)
    try:
        output_root.mkdir(parents=True, exist_ok=True)
        with _exclusive(output_root, name):
            done = recover(output_root, name)
            if notes is not None:
                notes.extend(done)
            folder = Path(tempfile.mkdtemp(prefix=f".{name}.build-", dir=output_root))
            try:
                yield folder
            finally:
                _remove(folder)
    except OSError as exc:
        if exc.errno is None:  # not the disk: e.g. Jinja's TemplateNotFound is an OSError too
            raise
        raise BuildError(f"cannot write the site to {output_root}: {exc.strerror or exc}") from None


def _remove(folder: Path) -> None:
    """Remove a staging folder whole, even when a signal's exception arrives halfway through: the
    removal finishes first, then the exception goes on (else the folder would stay behind)."""
    pending: BaseException | None = None
    for _ in range(3):  # a folder that cannot be removed at all is left to the next build's recover
        try:
            shutil.rmtree(folder, ignore_errors=True)
            break
        except BaseException as exc:  # Interrupted or KeyboardInterrupt, raised by a signal handler
            pending = pending or exc
    if pending is not None:
        raise pending


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` with `new`; until the new one is in place, the old one stays whole.

    An exception of any kind (a signal too) between the renames puts the old site back; a kill
    that allows no cleanup leaves it moved aside for the next build's `recover`.
    """
    check_target(target, None)  # the folder may have changed while the site was being built
    old = None
    try:
        if os.path.lexists(target):
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(target, old)
        os.rename(new, target)
        if target not in published:  # `serve` publishes the same site again and again
            published.append(target)
    except BaseException as exc:
        if not os.path.lexists(new) and target not in published:  # renamed just before the signal
            published.append(target)
        if old is not None and not os.path.lexists(target):
            os.rename(old, target)
        if isinstance(exc, OSError):
            raise BuildError(f"cannot publish {target}: {exc.strerror}") from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
