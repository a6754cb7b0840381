"""The input hash of a client's site: every file its build reads, so unchanged clients are skipped."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build.engines import DEFAULT_ENGINE, Engine
from generator.build.site_marker import MARKER, is_intact
from generator.core.clock import today
from generator.core.project import BRANDS as BRANDS_DIR
from generator.core.project import Project, brand_path
from generator.core.resources import BASE_CONFIG, BUILTIN_TEMPLATES, PACKAGE_DIR, SCHEMA_DIR
from generator.load.sources import PlaybookFolder
from generator.load.yaml_loader import LoadError, load_yaml
from generator.resolve.merge import is_template_name

STAMP = MARKER
"""File in each built site that records the key of the inputs it was built from (and its files)."""


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, compiled bytecode left out (os.walk: pathlib's rglob is slower)."""
    found: list[Path] = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += (Path(parent, name) for name in names)
    return sorted(p for p in found if p.is_file())


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _digest(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(_shown(path, root).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def generator_hash() -> str:
    """The tool itself: its code, templates, assets, schemas, base configuration and versions.

    Its files are known by name, size and modification time, as make and ruff know theirs: they
    change only when the tool is installed again or its checkout edited, both of which write them,
    and reading all of them on every build cost more than validating the example."""
    shipped = [*_files(PACKAGE_DIR), *_files(SCHEMA_DIR), BASE_CONFIG, *_files(BUILTIN_TEMPLATES)]
    digest = hashlib.sha256()
    for path in sorted(set(shipped)):
        try:
            info = path.stat()
            seen = f"{info.st_size} {info.st_mtime_ns}"
        except OSError:
            seen = "<missing>"
        digest.update(f"{_shown(path, PACKAGE_DIR)}\0{seen}\0".encode())
    versions = [__version__, *(metadata.version(p) for p in ("mkdocs", "mkdocs-material", "jinja2", "nh3"))]
    return hashlib.sha256(f"{digest.hexdigest()} {' '.join(versions)}".encode()).hexdigest()


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
        template = folder.template(parent) if is_template_name(parent) else None
        if template is None:
            break
        current = template.path
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
    overrides = Project(folder.project_root).site_overrides
    paths = [p for layer in _chain(folder) for p in _files(layer)] + _brand_files(folder) + [overrides]
    own = _digest(paths, folder.project_root)
    return hashlib.sha256(f"{own} {generator_hash()} {today().isoformat()}".encode()).hexdigest()


def build_key(folder: PlaybookFolder, strict: bool = False, engine: Engine = DEFAULT_ENGINE) -> str:
    """The input hash and every option that changes the outcome of a build.

    The output folder is not part of it: the key is kept in the site, in that folder.
    """
    options = json.dumps({"engine": engine.fingerprint(), "strict": strict, "kind": "site"}, sort_keys=True)
    return hashlib.sha256(f"{input_hash(folder)} {options}".encode()).hexdigest()


def is_current(site: Path, key: str) -> bool:
    """Whether the site was built with exactly this key and still holds exactly the files it had."""
    return is_intact(site, key)
