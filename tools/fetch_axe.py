"""Fetch the pinned axe-core with npm, at set-up time, into a git-ignored folder.

The accessibility test injects axe-core into every page of the example sites; it is never part
of a built site. Usage: fetch_axe.py DEST. Writes DEST/axe-core/axe.min.js and its LICENSE; does
nothing when the pinned file is there.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


PACKAGE = "axe-core"
VERSION = "4.14.1"  # the version the measurements were made with
TARBALL_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
SCRIPT_MEMBER = "package/axe.min.js"
SCRIPT_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
LICENSE_MEMBER = "package/LICENSE"


def _pack() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", tmp, f"{PACKAGE}@{VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return (Path(tmp) / f"{PACKAGE}-{VERSION}.tgz").read_bytes()


def fetch(dest: Path) -> Path:
    """Make sure dest/axe-core/axe.min.js is the pinned script; return its path."""
    out = dest / PACKAGE
    script = out / "axe.min.js"
    if script.is_file() and _sha256(script.read_bytes()) == SCRIPT_SHA256:
        return script
    blob = _pack()
    if _sha256(blob) != TARBALL_SHA256:
        raise SystemExit(f"{PACKAGE}-{VERSION}.tgz: sha256 mismatch ({_sha256(blob)})")
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        files = {}
        for member in (SCRIPT_MEMBER, LICENSE_MEMBER):
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"{member} missing from {PACKAGE}-{VERSION}.tgz")
            files[member] = handle.read()
    if _sha256(files[SCRIPT_MEMBER]) != SCRIPT_SHA256:
        raise SystemExit(f"{SCRIPT_MEMBER}: sha256 mismatch")
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "LICENSE", files[LICENSE_MEMBER])
    _write_atomic(script, files[SCRIPT_MEMBER])
    return script


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: fetch_axe.py DEST")
    print(fetch(Path(sys.argv[1])))
