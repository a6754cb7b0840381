"""The theme's static files, listed once per installed theme and kept in the user's cache folder.

MkDocs finds the files a theme ships (stylesheets, scripts, fonts, icons) by listing every file
of the theme — about 14,500 for Material — and matching each name against a dozen patterns, on
every build. For a theme installed as a package the answer only changes with its version, so a
fresh build reads it from the cache instead. Folders outside the installed packages (the tool's
own theme overrides, which an editable checkout may change) are always listed afresh.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from generator.core.atomic import write_atomic
from generator.core.template_cache import cache_folder

Filter = Callable[[str], bool]


@functools.cache
def _packages() -> tuple[Path, ...]:
    """The folders of the installed packages whose themes MkDocs builds with."""
    found = []
    for name in ("material", "mkdocs"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found.append(Path(next(iter(spec.submodule_search_locations))).resolve())
    return tuple(found)


def _fixed(folder: str) -> bool:
    real = Path(folder).resolve()
    return any(real.is_relative_to(package) for package in _packages())


def _listed(folders: list[str], keep: Filter) -> list[str]:
    return (
        [name for name in jinja2.FileSystemLoader(folders).list_templates() if keep(name)] if folders else []
    )


def _key(fixed: list[str], static_templates: list[str], keep: Filter) -> str:
    code = getattr(keep, "__code__", None)
    parts = [
        metadata.version("mkdocs"),
        metadata.version("mkdocs-material"),
        fixed,
        sorted(static_templates),
        hashlib.sha256(code.co_code).hexdigest() if code is not None else "",
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def _read(path: Path) -> list[str] | None:
    try:
        names: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        return names
    return None  # damaged or foreign: list the theme again


def _write(path: Path, names: list[str]) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written costs speed, not the build
        write_atomic(path, json.dumps(names))


def theme_files(dirs: list[str], static_templates: list[str], keep: Filter) -> list[str]:
    """The names `Environment.list_templates(filter_func=keep)` gives for a theme of `dirs`."""
    fixed = [d for d in dirs if _fixed(d)]
    live = [d for d in dirs if d not in fixed]
    folder = cache_folder()
    names = None
    if folder is not None and fixed:
        path = folder / f"theme-files-{_key(fixed, static_templates, keep)}.json"
        names = _read(path)
        if names is None:
            names = _listed(fixed, keep)
            _write(path, names)
    else:
        names = _listed(fixed, keep)
    return sorted({*names, *_listed(live, keep)})
