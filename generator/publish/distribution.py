"""The tool as a client keeps it: its own wheel, the lock of its dependencies, and their wheels.

The hand-off archive must reinstall years later with no registry: the wheel of this exact tool
(built from a checkout, or rebuilt from an installed copy's RECORD), and, on request, the wheel of
every locked dependency for this machine's platform.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata, resources
from pathlib import Path

from generator import DISTRIBUTION, __version__
from generator.core.errors import BuildError
from generator.core.resources import PACKAGE_DIR

LOCK = "requirements.lock"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Written by the installer, not part of the wheel: a rebuilt wheel leaves them out.
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
# A checkout's folders that are never part of the package (and may be large).
_NOT_SOURCE_ANYWHERE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "*.egg-info", "__pycache__", ".*_cache", "node_modules"
)
_OUTPUT_FOLDERS = {"site", "dist", "build"}  # at the top only: generator/build/ is source


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves out: caches everywhere, build outputs at its top."""
    ignored = set(_NOT_SOURCE_ANYWHERE(folder, names))
    if (Path(folder) / "pyproject.toml").is_file():
        ignored |= _OUTPUT_FOLDERS & set(names)
    return ignored


def lock_text() -> bytes:
    """The lock of every runtime dependency, pinned with hashes for every platform (`make lock`)."""
    return resources.files("generator").joinpath(LOCK).read_bytes()


def wheel_name(version: str = __version__) -> str:
    """The file name of this tool's wheel (pure Python, any platform)."""
    return f"{DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"


def _checkout() -> Path | None:
    """The source tree the running tool is imported from (an editable install or a checkout on the path)."""
    root = PACKAGE_DIR.resolve().parent
    return root if (root / "pyproject.toml").is_file() else None


def _installed() -> metadata.Distribution:
    """The installed copy of the tool: the one with a RECORD (a checkout's egg-info has none)."""
    for dist in metadata.distributions(name=DISTRIBUTION):
        if dist.read_text("RECORD"):
            return dist
    raise BuildError(f"the {DISTRIBUTION} distribution is not installed: its wheel cannot be made")


@functools.cache  # one build per run: exporting several clients reuses it
def tool_wheel() -> bytes:
    """The wheel of the running tool, the same bytes for the same sources."""
    source = _checkout()
    return _build_from_checkout(source) if source else _rebuild_from_record(_installed())


def _build_from_checkout(source: Path) -> bytes:
    """`pip wheel` on a clean copy of the checkout: stale build/ folders never leak into it."""
    with tempfile.TemporaryDirectory(prefix="playbook-wheel-") as tmp:
        tree = Path(tmp) / "src"
        shutil.copytree(source, tree, ignore=_not_source, symlinks=True)
        out = Path(tmp) / "out"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800"}  # fixed times inside the wheel
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(tree)]
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
        if run.returncode != 0 or len(wheels) != 1:
            last = (run.stderr.strip().splitlines() or ["no wheel was written"])[-1]
            raise BuildError(f"cannot build the wheel of {DISTRIBUTION} from {source}: {last}")
        return wheels[0].read_bytes()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def _rebuild_from_record(dist: metadata.Distribution) -> bytes:
    """A wheel of an installed distribution, from the files its RECORD lists."""
    files: dict[str, bytes] = {}
    for entry in dist.files or []:
        name = entry.as_posix()
        parts = entry.parts
        if name.startswith("..") or "__pycache__" in parts or name.endswith(".pyc"):
            continue  # scripts outside site-packages and byte code: pip makes them again
        if parts[0].endswith(".dist-info") and entry.name in _INSTALLER_FILES:
            continue
        files[name] = Path(str(dist.locate_file(entry))).read_bytes()
    info = next(name.split("/")[0] for name in files if name.split("/")[0].endswith(".dist-info"))
    rows = [[name, _record_hash(data), str(len(data))] for name, data in sorted(files.items())]
    rows.append([f"{info}/RECORD", "", ""])
    record = io.StringIO()
    csv.writer(record, lineterminator="\n").writerows(rows)
    files[f"{info}/RECORD"] = record.getvalue().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        # The dist-info folder last, RECORD at its end, as the wheel format asks.
        for name in sorted(files, key=lambda n: (n.startswith(info), n == f"{info}/RECORD", n)):
            member = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            member.external_attr = 0o100644 << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(member, files[name])
    return buffer.getvalue()


def dependency_wheels() -> dict[str, bytes]:
    """File name → wheel of every locked dependency for this platform, from the registry (or pip's cache)."""
    with tempfile.TemporaryDirectory(prefix="playbook-deps-") as tmp:
        lock = Path(tmp) / LOCK
        lock.write_bytes(lock_text())
        out = Path(tmp) / "wheels"
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--require-hashes"]
        command += ["--only-binary=:all:", "-r", str(lock), "-d", str(out)]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["pip download failed"])[-1]
            raise BuildError(f"cannot download the dependencies' wheels: {last}")
        return {path.name: path.read_bytes() for path in sorted(out.glob("*.whl"))}
