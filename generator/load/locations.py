"""Where each value of a document came from: the file, line and column behind every path."""

from __future__ import annotations

from typing import Any, Protocol

from generator.core.diagnostics import Location
from generator.load.yaml_loader import SourceMap

DocPath = tuple[Any, ...]


class Origins(Protocol):
    """Locations of a document's values and keys, by path."""

    def value(self, path: DocPath) -> Location | None: ...

    def key(self, path: DocPath) -> Location | None: ...

    @property
    def file(self) -> str: ...


class FileOrigins:
    """Origins of a document loaded from one file, read straight from its source map."""

    def __init__(self, source: SourceMap) -> None:
        self._source = source

    @property
    def file(self) -> str:
        return self._source.file

    def value(self, path: DocPath) -> Location | None:
        pos = self._source.values.get(path)
        return Location(self._source.file, *pos) if pos else None

    def key(self, path: DocPath) -> Location | None:
        pos = self._source.keys.get(path)
        return Location(self._source.file, *pos) if pos else None


class MergedOrigins:
    """Origins of a document merged from a template chain: each path remembers its own file."""

    def __init__(self, file: str) -> None:
        self._file = file
        self.values: dict[DocPath, Location] = {}
        self.keys: dict[DocPath, Location] = {}

    @property
    def file(self) -> str:
        return self._file

    def value(self, path: DocPath) -> Location | None:
        return self.values.get(path)

    def key(self, path: DocPath) -> Location | None:
        return self.keys.get(path)


def locate(origins: Origins, path: DocPath, *, at_key: bool = False) -> Location:
    """The location of `path`, or of its nearest ancestor that has one."""
    if at_key and (found := origins.key(path)):
        return found
    while True:
        found = origins.value(path)
        if found:
            return found
        if not path:
            return Location(origins.file)
        path = path[:-1]
