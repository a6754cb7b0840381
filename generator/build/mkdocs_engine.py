"""The build engine: MkDocs with Material, driven through its Python API. One replaceable step."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.core.errors import BuildError

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


def build_site(config_file: Path, site_dir: Path, dirty: bool = False) -> None:
    """Build the site a configuration file describes into `site_dir`, strictly: any MkDocs warning fails it.

    `dirty` (the preview only) renders just the pages whose source is newer than their HTML.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build_logger = logging.getLogger("mkdocs.commands.build")
    if dirty:
        build_logger.addFilter(_not_the_dirty_notice)
    with _captured_mkdocs_log() as log:
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
            config.plugins.on_startup(command="build", dirty=dirty)
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


@dataclass(frozen=True)
class MkDocsEngine:
    """MkDocs 1.6 with Material, in this process."""

    name: str = "mkdocs"

    def build(self, config_file: Path, site_dir: Path) -> None:
        build_site(config_file, site_dir)

    def fingerprint(self) -> str:
        return f"mkdocs {metadata.version('mkdocs')} mkdocs-material {metadata.version('mkdocs-material')}"


MKDOCS = MkDocsEngine()
