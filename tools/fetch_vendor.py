"""Fetch the pinned iframe-worker shim with npm, at set-up time, into a git-ignored folder.

Material's offline plugin needs this shim so that search works from file://; by default it
loads it from a CDN, which a self-contained site must not do. Usage: fetch_vendor.py DEST.
Writes DEST/iframe-worker/shim.js and its LICENSE; does nothing when the pinned shim is there.
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

PACKAGE = "iframe-worker"
VERSION = "1.0.4"
TARBALL_SHA256 = "e8c5d12d87829c503afba01d67772ea9f4aba5b7ae57a0c98e1917711030efbb"
SHIM_MEMBER = "package/shim/index.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
LICENSE_MEMBER = "package/LICENSE"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pack() -> bytes:
    """The package tarball, as `npm pack` downloads it from the configured registry."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", tmp, f"{PACKAGE}@{VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return (Path(tmp) / f"{PACKAGE}-{VERSION}.tgz").read_bytes()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def fetch(dest: Path) -> Path:
    """Make sure dest/iframe-worker/shim.js is the pinned shim; return its path."""
    out = dest / PACKAGE
    shim = out / "shim.js"
    if shim.is_file() and _sha256(shim.read_bytes()) == SHIM_SHA256:
        return shim
    blob = _pack()
    if _sha256(blob) != TARBALL_SHA256:
        raise SystemExit(f"{PACKAGE}-{VERSION}.tgz: sha256 mismatch ({_sha256(blob)})")
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        files = {}
        for member in (SHIM_MEMBER, LICENSE_MEMBER):
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"{member} missing from {PACKAGE}-{VERSION}.tgz")
            files[member] = handle.read()
    if _sha256(files[SHIM_MEMBER]) != SHIM_SHA256:
        raise SystemExit(f"{SHIM_MEMBER}: sha256 mismatch")
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "LICENSE", files[LICENSE_MEMBER])
    _write_atomic(shim, files[SHIM_MEMBER])
    return shim


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: fetch_vendor.py DEST")
    print(fetch(Path(sys.argv[1])))
