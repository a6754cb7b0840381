"""The preview's rebuild: the site is built in place, and MkDocs renders only the pages that changed.

`playbook serve` rebuilds on every save. Rendering the Markdown is quick; MkDocs turning every page
into HTML is most of a build. So the Markdown and configuration are rendered into a scratch
folder as for a build, then copied over the preview's own folder file by file, only where the
bytes differ: an unchanged page keeps its old modification time, and MkDocs' dirty build skips it.
When the configuration (the navigation, the brand, the site's name) or the theme changes, every
page could change, so the build is whole. A published build never takes this path.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build.draft import check_draft, draft_model, draft_render
from generator.build.mkdocs_engine import MKDOCS, ThemeCache, build_site
from generator.build.page_cache import PageCache
from generator.build.selfcontained import file_references, scanned
from generator.build.site import SiteExtras, build_epoch, build_into, model
from generator.core.diagnostics import Diagnostic
from generator.core.errors import BuildError
from generator.core.resources import THEME_OVERRIDES
from generator.load.sources import PlaybookFolder
from generator.render import PRINT_PAGE
from generator.schema.schemas import load_schemas


@dataclass(frozen=True)
class _RenderOnly:
    """Stands in for the engine while the pages are rendered: the real build follows the sync."""

    name: str = MKDOCS.name

    def build(self, config_file: Path, site_dir: Path) -> None:
        return None

    def fingerprint(self) -> str:
        return MKDOCS.fingerprint()


def _sync(source: Path, target: Path, held: frozenset[Path] = frozenset()) -> None:
    """Make `target` hold what `source` holds, rewriting only the files whose bytes differ;
    the files named in `held` keep their old bytes."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*")}
    for old in sorted(target.rglob("*"), reverse=True):
        if old.relative_to(target) not in wanted:
            shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    for relative in sorted(wanted - held):
        src, dest = source / relative, target / relative
        if src.is_dir():
            dest.mkdir(exist_ok=True)
        elif not dest.is_file() or not filecmp.cmp(src, dest, shallow=False):
            shutil.copyfile(src, dest)


_SEARCH = Path("search", "search_index.json")
_OFFLINE_SEARCH = Path("search", "search_index.js")  # Material's offline plugin: the same, as a script


LAST_PAGE = Path(PRINT_PAGE)
"""The page built after the others are shown: the whole playbook in one page, so the largest
Markdown to convert, and one a reader rarely has open while writing."""
HELD_URLS = frozenset(
    {
        "/" + LAST_PAGE.with_suffix(".html").as_posix(),
        # What every MkDocs build writes again, even a dirty one: a request waits for the end.
        "/" + _SEARCH.as_posix(),
        "/" + _OFFLINE_SEARCH.as_posix(),
        "/sitemap.xml",
        "/sitemap.xml.gz",
        "/404.html",
    }
)
"""What a request waits for while the last page is built (see PreviewBuild)."""


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def _merge_search(previous: dict[str, Any], site: Path) -> None:
    """A dirty build indexes only the pages it rendered: keep the other pages' entries, in place."""
    index = json.loads((site / _SEARCH).read_text(encoding="utf-8"))
    fresh: dict[str, list[Any]] = {}
    for entry in index["docs"]:
        fresh.setdefault(_page(entry), []).append(entry)
    docs: list[Any] = []
    placed: set[str] = set()
    for entry in previous["docs"]:
        page = _page(entry)
        if page not in fresh:
            docs.append(entry)
        elif page not in placed:  # the page's new entries, where its old ones stood
            docs += fresh[page]
            placed.add(page)
    for page, entries in fresh.items():
        if page not in placed:
            docs += entries
    text = json.dumps({**index, "docs": docs}, separators=(",", ":"), default=str)  # as Material writes it
    (site / _SEARCH).write_text(text, encoding="utf-8")
    if (site / _OFFLINE_SEARCH).is_file():
        (site / _OFFLINE_SEARCH).write_text(f"var __index = {text}", encoding="utf-8")


def _theme_state() -> tuple[tuple[str, int], ...]:
    """The theme overrides' files and modification times: an edit there changes every page."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in THEME_OVERRIDES.rglob("*") if p.is_file()))


@dataclass
class PreviewBuild:
    """Builds one client's preview into `site`, keeping its sources in `work` between builds."""

    folder: PlaybookFolder
    site: Path
    work: Path
    _last: tuple[str, tuple[tuple[str, int], ...]] | None = field(default=None, repr=False)
    _theme: ThemeCache = field(default_factory=ThemeCache, repr=False)
    pages: PageCache = field(default_factory=PageCache, repr=False)
    _scans: dict[Path, tuple[int, int, bytes, list[str]]] = field(default_factory=dict, repr=False)

    def __call__(self, shown: Callable[[list[Diagnostic]], None] | None = None) -> list[Diagnostic]:
        """Rebuild; returns the playbook's warnings. Raises InvalidInput or BuildError as a build does.

        With `shown`, a rebuild of a site built before builds every page but the last one first
        (that one keeps its old Markdown), calls `shown` with the warnings, then builds the last
        page: the pages being read are reloaded sooner, and requests for `HELD_URLS` are to wait for the end.
        """
        schemas = load_schemas()
        # The preview shows a process while it is written: with errors left, it is a draft.
        validation = check_draft(self.folder, schemas)
        draft = validation.failed()
        playbook = draft_model(validation) if draft else model(validation)
        extras = SiteExtras(draft=draft)
        with tempfile.TemporaryDirectory(prefix="playbook-preview-", dir=self.work) as scratch, build_epoch():
            stage = Path(scratch)
            # The site built here stays empty (the engine comes after the sync), so the build's own
            # scan for external references reads nothing; the real one follows, incrementally.
            # A fixed path: the configuration names it, and an unchanged configuration means dirty.
            unused = self.work / "unused-site"
            draft_render(
                validation,
                lambda: build_into(validation, schemas, stage, unused, _RenderOnly(), extras, playbook),
            )
            last = stage / "docs" / LAST_PAGE
            held = None
            if shown is not None and self._last is not None and (self.work / "docs" / LAST_PAGE).is_file():
                held = last.read_bytes() if last.is_file() else None
            _sync(
                stage / "docs",
                self.work / "docs",
                frozenset({LAST_PAGE}) if held is not None else frozenset(),
            )
            config = (stage / "mkdocs.yml").read_text(encoding="utf-8")
        self._engine(config)
        if held is not None and shown is not None:
            target = self.work / "docs" / LAST_PAGE
            if target.read_bytes() != held:
                shown(validation.diagnostics)
                target.write_bytes(held)  # newer than its page now, so the dirty build takes it
                self._engine(config)
        return validation.diagnostics

    def _engine(self, config: str) -> None:
        """MkDocs on the synced sources: dirty when the configuration and theme are as last built."""
        state = (config, _theme_state())
        dirty = self._last == state and self.site.is_dir()
        if self._last is not None and self._last[1] != state[1]:
            self._theme = ThemeCache()  # a theme file added or removed: list them again
        config_file = self.work / "mkdocs.yml"
        config_file.write_text(config, encoding="utf-8")
        self._last = None  # a failed build leaves nothing to be dirty against
        index = self.site / _SEARCH
        previous = json.loads(index.read_text(encoding="utf-8")) if dirty and index.is_file() else None
        build_site(config_file, self.site, dirty=dirty, theme=self._theme, pages=self.pages)
        if previous is not None:
            _merge_search(previous, self.site)
        leaks = self._external_references()
        if leaks:
            raise BuildError("the site would load from other hosts: " + "; ".join(leaks[:5]))
        self._last = state

    def _external_references(self) -> list[str]:
        """As a build checks, scanning again only the files this rebuild changed: a whole build
        writes every file anew, mostly with the bytes it had, which a digest recognises."""
        found: list[str] = []
        seen: dict[Path, tuple[int, int, bytes, list[str]]] = {}
        for path in sorted(self.site.rglob("*")):
            if not scanned(path):
                continue
            stat = path.stat()
            cached = self._scans.get(path)
            if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
                digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
                if cached is None or cached[2] != digest:
                    cached = (0, 0, digest, file_references(path, self.site))
                cached = (stat.st_mtime_ns, stat.st_size, digest, cached[3])
            seen[path] = cached
            found += cached[3]
        self._scans = seen
        return found
