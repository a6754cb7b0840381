"""The marker in every published site: proof the tool built the folder, and what it holds.

`.playbook-site` is JSON: the client, the key of the inputs and options it was built from, and
every file of the site with its SHA-256. Publishing replaces only folders that carry it, and the
skip cache trusts a site only when its files still match the list.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

MARKER = ".playbook-site"
LEGACY_MARKER = ".playbook-inputs"
"""What sites built before the marker carried; accepted as proof of origin, never as current."""

_FORMAT = 1


def _walk(site: Path) -> dict[str, str] | None:
    """Every file under `site` with its hash; None if the tree holds anything but folders and files."""
    files: dict[str, str] = {}
    for folder, dirs, names in os.walk(site):
        for name in (*dirs, *names):
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):  # a link or a device was not put there by a build
                return None
            relative = path.relative_to(site).as_posix()
            if relative != MARKER:
                files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(files.items()))


def write_marker(site: Path, client: str, key: str | None, draft: bool = False) -> None:
    """Seal a finished site before it is published: its origin, its inputs' key and its files.

    A draft records that it is one (and no key): no skip, export or version takes it as a build."""
    files = _walk(site) or {}
    data = {"built_by": "playbook", "format": _FORMAT, "client": client, "inputs": key, "files": files}
    if draft:
        data["draft"] = True
    (site / MARKER).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_marker(site: Path) -> dict[str, Any] | None:
    """The marker's data, or None when there is no readable marker."""
    path = site / MARKER
    try:
        if not stat.S_ISREG(path.lstat().st_mode) or path.stat().st_size > 16 * 1024 * 1024:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("built_by") == "playbook" else None


def is_draft(site: Path) -> bool:
    """Whether `site` is a draft build (see build/draft.py)."""
    data = read_marker(site)
    return bool(data and data.get("draft"))


def is_ours(site: Path) -> bool:
    """Whether `site` is a folder this tool published (so replacing it loses nothing of anyone's)."""
    legacy = site / LEGACY_MARKER
    return read_marker(site) is not None or (legacy.is_file() and not legacy.is_symlink())


def is_intact(site: Path, key: str) -> bool:
    """Whether `site` was built with `key` and every file it listed is there, unchanged, and no other."""
    data = read_marker(site)
    if data is None or data.get("draft") or data.get("inputs") != key:
        return False
    return _walk(site) == data.get("files")
