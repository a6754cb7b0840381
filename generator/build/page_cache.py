"""What the preview's MkDocs builds keep from one to the next: each page's HTML and search entries.

A rename changes the site's name, which is in every page's header, so every page goes through the
theme again; but most pages' Markdown is the same as before, and converting Markdown and cutting the
result into search entries are most of that work. Both depend only on what their key holds (the
page's Markdown and address, the site's files, the Markdown settings; for search also the page's
title and metadata), so a page whose key is unchanged gets the same bytes from the cache as from
converting it again. A published build never takes this path.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from mkdocs.plugins import BasePlugin

_MARKDOWN_SETTINGS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation")
"""What, besides the page and the site's files, changes the HTML MkDocs makes of Markdown."""


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class _Rendered:
    """A page's share of `Page.render`: its HTML, table of contents, title and anchors."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # linked file's source path → anchor → link


@dataclass
class PageCache:
    """Pages rendered by the last successful builds, one entry per page, replaced when it changes."""

    html: dict[str, tuple[str, _Rendered]] = field(default_factory=dict)
    search: dict[str, tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    converted: set[str] = field(default_factory=set)
    """The pages whose Markdown the last build converted (the others came from the cache)."""

    def plugin(self) -> _Reuse:
        """A plugin to add last to a build's configuration; `keep` after that build succeeds."""
        self.converted = set()
        return _Reuse(self)

    def keep(self, plugin: _Reuse) -> None:
        """Remember what a successful build made: a failed one may have warned about a page."""
        self.html.update(plugin.html)
        self.search.update(plugin.search)


class _Reuse(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs types its plugin base loosely
    """Gives each page the cached result of rendering it, or renders it and records the result."""

    def __init__(self, cache: PageCache) -> None:
        super().__init__()
        self.cache = cache
        self.html: dict[str, tuple[str, _Rendered]] = {}
        self.search: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        self.keys: dict[str, str] = {}
        self.site_key = ""

    def on_pre_build(self, *, config: Any) -> None:
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is not None:
            add = index.add_entry_from_context
            index.add_entry_from_context = lambda page: self._index(index, add, page)

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        # After the exclusions are settled: which files exist decides how a link is written.
        names = [(f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files]
        self.site_key = _digest([names, [config.get(name) for name in _MARKDOWN_SETTINGS]])
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        # A dirty build does not read the pages it leaves alone, so their titles, in the footer
        # and navigation of the pages it renders, would be None: they are read, and each title
        # is the one rendering its Markdown gave.
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.markdown is not None:
                continue
            page.read_source(config)
            cached = self.cache.html.get(file.src_uri)
            if cached is not None and cached[0] == self._key(page):
                page._title_from_render = cached[1].title
        return env

    def _key(self, page: Any) -> str:
        return _digest([self.site_key, page.file.src_uri, page.file.dest_uri, page.url, page.markdown])

    def on_pre_page(self, page: Any, *, config: Any, files: Any) -> Any:
        render = page.render  # read_source comes after this event, so the key is read in render
        page.render = lambda config, files: self._render(page, render, config, files)
        return page

    def _render(self, page: Any, render: Any, config: Any, files: Any) -> None:
        del page.render  # the class's own again, for anything that renders this page later
        name = page.file.src_uri
        key = self._key(page)
        self.keys[name] = key
        cached = self.cache.html.get(name)
        if cached is not None and cached[0] == key:
            done = cached[1]
            page.content, page.toc = done.content, copy.deepcopy(done.toc)
            page._title_from_render = done.title
            page.present_anchor_ids = None if done.anchors is None else set(done.anchors)
            if done.links is not None:
                page.links_to_anchors = {
                    files.get_file_from_path(path): dict(links) for path, links in done.links.items()
                }
            return
        render(config, files)
        self.cache.converted.add(name)
        links = page.links_to_anchors
        self.html[name] = (
            key,
            _Rendered(
                page.content,
                copy.deepcopy(page.toc),
                page._title_from_render,
                None if page.present_anchor_ids is None else set(page.present_anchor_ids),
                None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            ),
        )

    def _index(self, index: Any, add: Any, page: Any) -> None:
        name = page.file.src_uri
        key = _digest([self.keys.get(name, ""), page.content, page.title, page.meta])
        cached = self.cache.search.get(name)
        if name in self.keys and cached is not None and cached[0] == key:
            index.entries += copy.deepcopy(cached[1])
            return
        start = len(index.entries)
        add(page)
        self.search[name] = (key, copy.deepcopy(index.entries[start:]))
