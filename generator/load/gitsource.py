"""Playbooks at a git revision, and a client's release tags.

A revision is read with `git ls-tree` and `git cat-file` into a temporary folder, never by
checking it out: the working tree and the index stay as they are. Only the playbooks asked
for are copied, plus playbooks/templates/, which they may extend.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.core import limits
from generator.core.diagnostics import display_path
from generator.core.errors import UsageError
from generator.load.sources import MANIFEST

TEMPLATES = "templates"
_SEMVER = re.compile(
    r"v(\d{1,18})\.(\d{1,18})\.(\d{1,18})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?"
)
_FILE_MODES = {"100644", "100755"}  # regular files; symlinks and submodules are never read


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `repo`; a failure becomes a usage error with git's own one-line reason."""
    env = {**os.environ, "LC_ALL": "C"}  # git's messages in one language, so they can be quoted
    try:
        done = subprocess.run(
            ["git", *args], cwd=repo, input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; OLD and NEW must be folders") from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode(errors="replace").splitlines() if line.strip()]
        reason = next((line for line in lines if line.startswith(("fatal:", "error:"))), "failed")
        raise UsageError(f"git {args[0]}: {reason.removeprefix('fatal: ').removeprefix('error: ')}")
    return done.stdout


@dataclass(frozen=True)
class Repository:
    """The git work tree holding playbooks/, and where playbooks/ sits inside it."""

    root: Path
    playbooks: str  # as a path inside the repository, e.g. `playbooks`


def repository(playbooks_dir: Path) -> Repository:
    """The repository of `playbooks_dir` (the folder need not exist in the work tree)."""
    start = playbooks_dir.absolute().parent
    if not start.is_dir():
        raise UsageError(f"{display_path(start)}: no such folder")
    root = git(start, "rev-parse", "--show-toplevel").decode().strip()
    prefix = git(start, "rev-parse", "--show-prefix").decode().strip()
    return Repository(Path(root), f"{prefix}{playbooks_dir.name}")


def _check_revision(rev: str) -> None:
    if not rev or rev.startswith("-"):  # a leading dash would reach git as an option
        raise UsageError(f"`{rev}` is not a revision")


def tree(repo: Repository, rev: str) -> dict[str, str]:
    """Every regular file under playbooks/ at `rev`: path inside playbooks/ → blob id."""
    _check_revision(rev)
    out = git(repo.root, "ls-tree", "-r", "-z", rev, "--", repo.playbooks)
    files = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.decode().partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob" and mode in _FILE_MODES and ".." not in PurePosixPath(path).parts:
            files[path.removeprefix(repo.playbooks + "/")] = blob
    return files


def names_in(files: Collection[str]) -> list[str]:
    """Playbook names in a playbooks/ tree: clients, then `templates/<name>`."""
    names = [p.removesuffix(f"/{MANIFEST}") for p in files if p.endswith(f"/{MANIFEST}")]
    clients = sorted(n for n in names if "/" not in n and n != TEMPLATES)
    templates = sorted(n for n in names if n.count("/") == 1 and n.startswith(f"{TEMPLATES}/"))
    return clients + templates


def playbooks_at(repo: Repository, rev: str) -> list[str]:
    """Names of the playbooks at `rev`: clients, then templates as `templates/<name>`."""
    return names_in(tree(repo, rev))


def checkout(repo: Repository, rev: str, names: Collection[str] | None = None) -> ContextManager[Path]:
    """The playbooks `names` (all when None) and every template at `rev`, in a temporary
    playbooks/ folder that is deleted afterwards. Names absent at `rev` are skipped."""
    return materialise(repo, tree(repo, rev), names)


@contextmanager
def materialise(repo: Repository, files: Mapping[str, str], names: Collection[str] | None) -> Iterator[Path]:
    wanted = tuple(f"{w}/" for w in (TEMPLATES, *names)) if names is not None else ("",)
    chosen = {p: b for p, b in files.items() if p.startswith(wanted)}
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        root = Path(tmp, repo.playbooks)
        root.mkdir(parents=True)
        _write_blobs(repo, chosen, root)
        yield root


def _sizes(repo: Repository, files: Mapping[str, str]) -> dict[str, int]:
    """Each blob's size, from `git cat-file --batch-check`, before any blob is read."""
    out = git(
        repo.root, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in files.values()).encode()
    )
    sizes = {}
    for path, line in zip(files, out.decode().splitlines(), strict=True):
        header = line.split()
        if len(header) != 3:  # `<id> missing`: a shallow or partial clone without the object
            raise UsageError(f"git cat-file: {header[0]} {header[-1]}")
        sizes[path] = int(header[2])
    return sizes


def _write_blobs(repo: Repository, files: Mapping[str, str], root: Path) -> None:
    """Write blobs with one `git cat-file --batch`: `<id> blob <size>\\n<bytes>\\n` per object.

    A blob over the file-size limit is never read: a sparse file of its size stands in for it,
    so loading it reports the limit exactly as it would in the working tree.
    """
    if not files:
        return
    sizes = _sizes(repo, files)
    small = {p: b for p, b in files.items() if sizes[p] <= limits.MAX_FILE_BYTES}
    for path in files.keys() - small.keys():
        target = root.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out_file:
            out_file.truncate(sizes[path])
    if not small:
        return
    out = git(repo.root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in small.values()).encode())
    at = 0
    for path in small:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        target = root.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1


def _number(digits: str) -> str:
    return digits.lstrip("0") or "0"  # as text: a pre-release number may have any length


def normalised_version(text: str) -> str | None:
    """`v01.2.3+build.5` → `1.2.3`: numbers without leading zeros, build metadata dropped (it
    plays no part in semver precedence, so two tags differing only there are one version)."""
    match = _SEMVER.fullmatch(text if text.startswith("v") else f"v{text}")
    if not match:
        return None
    major, minor, patch, pre = match.groups()
    version = f"{int(major)}.{int(minor)}.{int(patch)}"
    if pre:
        version += "-" + ".".join(_number(p) if p.isdigit() else p for p in pre.split("."))
    return version


def release_tags(repo: Path, client: str) -> list[tuple[str, str]]:
    """The client's release tags `<client>/vX.Y.Z`, lowest version first, as (tag, normalised version).

    Tags naming one version in different spellings all appear, each with that version.
    """
    out = git(repo, "tag", "--list", f"{client}/v*").decode()
    found = []
    for tag in out.split():
        match = _SEMVER.fullmatch(tag.removeprefix(f"{client}/"))
        version = normalised_version(tag.removeprefix(f"{client}/"))
        if match and version:
            found.append((_precedence(match), tag, version))
    return [(tag, version) for _, tag, version in sorted(found)]


def _precedence(match: re.Match[str]) -> tuple[object, ...]:
    """Semver order: numbers numerically, and a pre-release before its release."""
    major, minor, patch, pre = match.groups()
    if pre is None:
        return (int(major), int(minor), int(patch), 1, ())
    parts = tuple((0, len(_number(p)), _number(p)) if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (int(major), int(minor), int(patch), 0, parts)
