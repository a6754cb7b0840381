"""The build engine: MkDocs with Material, driven through its Python API. One replaceable step."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:  # the cache imports MkDocs, which a build loads only when it runs the engine
    from generator.build.page_cache import PageCache

from generator.build.theme_files import theme_files
from generator.core.errors import BuildError
from generator.core.template_cache import template_cache

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs 1.6 prints a banner about 2.0 otherwise


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_mkdocs_log() -> Iterator[_Collect]:
    """MkDocs' warnings, kept for our error message instead of printed as it goes."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def _not_the_dirty_notice(record: logging.LogRecord) -> bool:
    # MkDocs warns that a dirty build may leave navigation stale; the preview asks for one only
    # when the configuration, and so the navigation, is unchanged.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class ThemeCache(jinja2.BytecodeCache):
    """The theme, kept from one preview build to the next: its compiled templates (Jinja checks
    each against its source, so an edited one is compiled again) and the list of its files."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.names: dict[tuple[str, ...], list[str]] = {}
        self.filtered: dict[tuple[Any, ...], list[str]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def build_site(
    config_file: Path,
    site_dir: Path,
    dirty: bool = False,
    theme: ThemeCache | None = None,
    pages: PageCache | None = None,
) -> None:
    """Build the site a configuration file describes into `site_dir`, strictly: any MkDocs warning fails it.

    For the preview only: `dirty` renders just the pages whose source is newer than their HTML,
    `theme` keeps the theme's compiled templates and file list from one build to the next, and
    `pages` each page's HTML and search entries while its Markdown is unchanged.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build_logger = logging.getLogger("mkdocs.commands.build")
    if dirty:
        build_logger.addFilter(_not_the_dirty_notice)
    reuse = None if pages is None else pages.plugin()
    with _captured_mkdocs_log() as log:
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
            if theme is not None:
                _keep_theme(config.theme, theme)
            else:
                _cache_theme(config.theme)
            if reuse is not None:
                config.plugins["playbook/page-cache"] = reuse  # last, after the search plugin
            # Told of a dirty build, Material's search keeps its index in the plugin, which MkDocs
            # reuses for every later build in this process; the preview merges the index itself.
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
        except (exceptions.MkDocsException, exceptions.Abort) as exc:
            details = "; ".join(log.messages) or str(exc)
            raise BuildError(f"MkDocs failed: {details}") from None
        finally:
            build_logger.removeFilter(_not_the_dirty_notice)
        if log.messages:
            raise BuildError("MkDocs warned: " + "; ".join(log.messages))
        if pages is not None and reuse is not None:
            pages.keep(reuse)


def _cache_theme(theme: Any) -> None:
    """Give the theme's Jinja environment the cache on disk (core/template_cache.py), so a build
    in a fresh process does not compile Material's templates again."""
    cache = template_cache()
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        if cache is not None:
            env.bytecode_cache = cache
        every = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # MkDocs asks once, with a filter, for the theme's static files (build/theme_files.py).
            if extensions is not None or filter_func is None:
                return every(extensions, filter_func)
            return theme_files(list(theme.dirs), list(theme.static_templates), filter_func)

        env.list_templates = list_templates  # type: ignore[method-assign]  # one environment's own
        return env

    theme.get_env = get_env


def _keep_theme(theme: Any, cache: ThemeCache) -> None:
    """Give the theme's Jinja environment the cache: compiling the templates and listing the
    theme's thousands of files are most of a small rebuild."""
    make_env = theme.get_env
    key = tuple(theme.dirs)

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        env.bytecode_cache = cache
        loader: Any = env.loader  # replaced per instance below, which the loader types do not allow
        if loader is not None:
            if key not in cache.names:
                cache.names[key] = loader.list_templates()
            loader.list_templates = lambda: list(cache.names[key])
        every = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # MkDocs lists the theme's static files through a filter made anew for every build,
            # whose verdict rests only on the name and the theme's static templates: filtering
            # thousands of names with it again gives the same list.
            code = getattr(filter_func, "__code__", None)
            if code is None or extensions is not None:
                return every(extensions, filter_func)
            wanted = (key, code, tuple(sorted(theme.static_templates)))
            if wanted not in cache.filtered:
                cache.filtered[wanted] = every(extensions, filter_func)
            return list(cache.filtered[wanted])

        env.list_templates = list_templates  # type: ignore[method-assign]  # one environment's own
        return env

    theme.get_env = get_env


@dataclass(frozen=True)
class MkDocsEngine:
    """MkDocs 1.6 with Material, in this process."""

    name: str = "mkdocs"

    def build(self, config_file: Path, site_dir: Path) -> None:
        build_site(config_file, site_dir)

    def fingerprint(self) -> str:
        return f"mkdocs {metadata.version('mkdocs')} mkdocs-material {metadata.version('mkdocs-material')}"


MKDOCS = MkDocsEngine()
