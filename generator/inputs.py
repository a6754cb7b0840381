"""The input hash of a client's site: every file its build reads, so unchanged clients are skipped."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import __version__
from generator.clock import today
from generator.paths import BASE_CONFIG, BRANDS_DIR, REPO_ROOT, SCHEMA_DIR, VENDOR_DIR, brand_path
from generator.resolve import is_template_name
from generator.sources import PlaybookFolder
from generator.yaml_loader import LoadError, load_yaml

STAMP = ".playbook-inputs"
"""File in each built site that records the hash of the inputs it was built from."""


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _digest(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def generator_hash() -> str:
    """The tool itself: its code, templates, assets, schemas, base configuration and versions."""
    paths = [*_files(REPO_ROOT / "generator"), *_files(SCHEMA_DIR), BASE_CONFIG, *_files(VENDOR_DIR)]
    versions = [__version__, *(metadata.version(p) for p in ("mkdocs", "mkdocs-material", "jinja2", "nh3"))]
    return hashlib.sha256((_digest(paths, REPO_ROOT) + " ".join(versions)).encode()).hexdigest()


def _read(path: Path) -> dict[str, Any]:
    """A YAML mapping, or nothing if it does not load (validation reports that, not hashing)."""
    try:
        return load_yaml(path, str(path)).data
    except (LoadError, OSError):
        return {}


def _manifest(folder: Path) -> dict[str, Any]:
    return _read(folder / "playbook.yaml")


def _chain(folder: PlaybookFolder) -> list[Path]:
    """The client folder and the template folders it extends (as far as they resolve)."""
    chain, current, seen = [], folder.path, set()
    while current not in seen:
        seen.add(current)
        chain.append(current)
        parent = _manifest(current).get("extends")
        if not is_template_name(parent) or not (folder.templates_dir / parent).is_dir():
            break
        current = folder.templates_dir / parent
    return chain


def _brand_files(folder: PlaybookFolder) -> list[Path]:
    name = _manifest(folder.path).get("brand")
    if not isinstance(name, str):
        return []
    path = brand_path(folder.project_root, name)
    brand = _read(path)
    names = [brand.get("logo"), brand.get("favicon")]
    names += [f.get("file") for f in (brand.get("fonts") or {}).values() if isinstance(f, dict)]
    base = folder.project_root / BRANDS_DIR
    return [path, *(base / n for n in names if isinstance(n, str))]


def input_hash(folder: PlaybookFolder) -> str:
    """A hash that changes whenever anything the client's site is built from changes."""
    paths = [p for layer in _chain(folder) for p in _files(layer)] + _brand_files(folder)
    own = _digest(paths, folder.project_root)
    return hashlib.sha256(f"{own} {generator_hash()} {today().isoformat()}".encode()).hexdigest()


def is_current(site: Path, digest: str) -> bool:
    """Whether the site was built from exactly these inputs."""
    stamp = site / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest
