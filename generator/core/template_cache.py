"""Compiled Jinja templates kept between runs in the user's cache folder, as pip and pre-commit keep theirs.

Both the page templates and the theme's are compiled again on every build otherwise; that is a
tenth of a small build. Jinja keys each entry by the template's source checksum and the Python
version, so an edited template or another interpreter simply misses. `PLAYBOOK_CACHE_DIR` moves
the folder; set to an empty string, it turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache where a damaged entry is a miss and a failed write costs speed, not the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated, foreign or unreadable: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder(kind: str = "templates") -> Path | None:
    """The cache's folder for one `kind` of entry (compiled templates unless told otherwise), or
    None when the cache is turned off or cannot be trusted."""
    chosen = os.environ.get("PLAYBOOK_CACHE_DIR")
    if chosen == "":
        return None
    if chosen is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        chosen = os.path.join(base, "revenue-playbook")
    folder = Path(chosen) / kind
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    # Entries are code: use only a folder that no other user can write to.
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder


@functools.lru_cache(maxsize=4)
def _cache_for(folder: Path | None) -> TemplateCache | None:
    return TemplateCache(str(folder)) if folder is not None else None


def template_cache() -> TemplateCache | None:
    """The cache for this run's folder (None when there is none)."""
    return _cache_for(cache_folder())
