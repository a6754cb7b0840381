"""Load one YAML file into plain data, keeping the line and column of every key and value.

Safe loading only, YAML 1.2 scalars (only `true`/`false` are booleans, so `NO` stays a string),
and each way a file can be broken or hostile ends in its own diagnostic. The data is built from
libyaml's event stream without recursion, so no nesting depth can overflow the stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.cyaml
from yaml import events

from generator.core import limits
from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.load.safe_read import UnsafeFile, read_regular

DocPath = tuple[Any, ...]
# types-PyYAML does not re-export the C parser from yaml.cyaml, where PyYAML puts it.
Parser: Any = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.parser.Parser  # type: ignore[attr-defined]

TRUSTED_LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
"""PyYAML's safe loader in C, for the files the tool ships (schemas, library, base configuration):
they need no line of every value, and the pure-Python loader is several times slower."""

_STANDARD_TAGS = {None, "!"} | {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
# What YAML lets a file hold as it is (PyYAML's reader refuses the rest); a double-quoted
# escape such as `"\x01"` or `"\0"` could still write the rest into a value.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEEDS_TYPING = re.compile(r"^(?:[-+.0-9~]|true|false|null|True|False|Null|TRUE|FALSE|NULL|$)")


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    file: str
    values: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DocPath, tuple[int, int]] = field(default_factory=dict)


@dataclass
class LoadedFile:
    """A YAML file's data and the source map of every value in it."""

    path: Path
    data: dict[str, Any]
    source: SourceMap


class LoadError(Exception):
    """A file that could not be loaded; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def resolve_plain(text: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if not _NEEDS_TYPING.match(text):
        return text  # most values are words: skip the patterns
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


@dataclass
class _Open:
    """A mapping or list being built: its value, path, and (for mappings) the pending key."""

    value: Any
    path: DocPath
    anchor: str | None
    start_count: int
    key: Any = None
    has_key: bool = False
    key_lines: dict[Any, int] = field(default_factory=dict)
    mark: Any = None
    is_list: bool = False


class _Builder:
    """Builds plain data from parser events, recording positions and enforcing the limits."""

    def __init__(self, file: str) -> None:
        self.source = SourceMap(file)
        self.file = file
        self.nodes = 0
        self.alias_nodes = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Open] = []
        self.root: Any = None
        self.done = False

    def fail(self, mark: Any, rule: str, message: str) -> LoadError:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return LoadError(Diagnostic(Location(self.file, line, column), Severity.ERROR, rule, message))

    def feed(self, event: events.Event) -> None:
        if isinstance(event, events.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, events.MappingStartEvent | events.SequenceStartEvent):
            self.open(event)
        elif isinstance(event, events.MappingEndEvent | events.SequenceEndEvent):
            closed = self.stack.pop()
            if closed.anchor is not None:
                self.anchors[closed.anchor] = (closed.value, self.nodes - closed.start_count)
            self.place(closed.value, event)
        elif isinstance(event, events.AliasEvent):
            self.alias(event)

    def path_for_next(self, event: events.Event) -> DocPath:
        """The path of the value that starts now; a mapping key is recorded as it passes."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_list:
            return (*top.path, len(top.value))
        return (*top.path, top.key)

    def count(self, event: events.Event, amount: int = 1) -> None:
        self.nodes += amount
        if self.nodes > limits.MAX_NODES:
            raise self.node_limit(event)

    def node_limit(self, event: events.Event) -> LoadError:
        return self.fail(
            event.start_mark, "yaml-node-limit", f"file holds more than {limits.MAX_NODES} values"
        )

    def check_tag(self, event: events.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _STANDARD_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")  # None is a standard tag: a str here
            raise self.fail(
                event.start_mark, "yaml-tag", f"tag `{shown}` is not allowed: playbooks hold plain data"
            )

    def expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].value, dict) and not self.stack[-1].has_key

    def scalar(self, event: events.ScalarEvent) -> None:
        # Most events of a file are scalars: the common path is written out, without calls.
        if event.tag not in _STANDARD_TAGS:
            self.check_tag(event)
        text = event.value
        if len(text) > limits.MAX_STRING_CHARS:
            raise self.fail(
                event.start_mark,
                "yaml-string-limit",
                f"string is longer than {limits.MAX_STRING_CHARS} characters",
            )
        if event.style == '"' and _NOT_PRINTABLE.search(text):
            self.refuse_escape(event, text)
        value: Any = text
        if not event.style and _NEEDS_TYPING.match(text):  # plain, and not simply a word
            if len(text) > limits.MAX_NUMBER_CHARS:
                self.check_number_text(event)
            value = resolve_plain(text)
            if type(value) in (int, float):  # not bool
                self.check_number(value, event)
        stack = self.stack
        top = stack[-1] if stack else None
        if top is not None and not top.is_list and not top.has_key:
            self.set_key(value, event)
            return
        self.nodes += 1
        if self.nodes > limits.MAX_NODES:
            raise self.node_limit(event)
        mark = event.start_mark
        assert mark is not None  # the parser marks every event it makes
        if top is None:
            self.source.values[()] = (mark.line + 1, mark.column + 1)
        else:
            where = len(top.value) if top.is_list else top.key
            self.source.values[(*top.path, where)] = (mark.line + 1, mark.column + 1)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, event)

    def refuse_escape(self, event: events.ScalarEvent, text: str) -> None:
        """A control character escaped into a value: no page, PDF or CRM file (XML) can hold it."""
        found = _NOT_PRINTABLE.search(text)
        assert found is not None
        message = (
            f"character U+{ord(found.group()):04X}, written as an escape, is not allowed:"
            " no page, PDF or CRM file can hold it; remove it"
        )
        raise self.fail(event.start_mark, "yaml-control-character", message)

    def check_number_text(self, event: events.ScalarEvent) -> None:
        """Refuse a long plain scalar that would be typed as a number, before Python parses it."""
        if (
            _INT.match(event.value)
            or _FLOAT.match(event.value)
            or _HEX.match(event.value)
            or _OCT.match(event.value)
        ):
            message = f"number has more than {limits.MAX_NUMBER_CHARS} characters; quote it if it is text"
            raise self.fail(event.start_mark, "yaml-number", message)

    def check_number(self, value: float, event: events.ScalarEvent) -> None:
        """Numbers must be finite and within limits.MAX_NUMBER: `.inf`, `.nan` and `1e999` mean nothing here."""
        if isinstance(value, float) and not math.isfinite(value):
            message = f"`{event.value}` is not a finite number; write a number, or quote it if it is text"
            raise self.fail(event.start_mark, "yaml-number", message)
        if abs(value) > limits.MAX_NUMBER:
            message = (
                f"`{event.value}` is larger than {limits.MAX_NUMBER:.0e}, the largest number a playbook holds"
            )
            raise self.fail(event.start_mark, "yaml-number", message)

    def set_key(self, key: Any, event: events.Event) -> None:
        top = self.stack[-1]
        mark = event.start_mark
        assert mark is not None  # the parser marks every event it makes
        if key == "<<" and getattr(event, "style", None) in (None, ""):
            raise self.fail(mark, "yaml-merge-key", "merge keys (`<<`) are not YAML 1.2; write the keys out")
        if key in top.key_lines:
            raise self.fail(
                mark,
                "yaml-duplicate-key",
                f"duplicate key `{key}` (first defined on line {top.key_lines[key]}); YAML keeps only the last one",
            )
        top.key_lines[key] = mark.line + 1
        top.key, top.has_key = key, True
        self.source.keys[(*top.path, key)] = (mark.line + 1, mark.column + 1)

    def record(self, event: events.Event) -> None:
        mark = event.start_mark
        assert mark is not None  # the parser marks every event it makes
        self.source.values[self.path_for_next(event)] = (mark.line + 1, mark.column + 1)

    def open(self, event: events.CollectionStartEvent) -> None:
        self.check_tag(event)
        if self.expecting_key():
            raise self.fail(
                event.start_mark, "yaml-key", "a key must be a plain value, not a list or mapping"
            )
        if len(self.stack) >= limits.MAX_DEPTH:
            raise self.fail(
                event.start_mark, "yaml-depth-limit", f"nesting is deeper than {limits.MAX_DEPTH} levels"
            )
        self.count(event)
        path = self.path_for_next(event)
        self.record(event)
        value: Any = {} if isinstance(event, events.MappingStartEvent) else []
        opened = _Open(
            value, path, event.anchor, self.nodes - 1, mark=event.start_mark, is_list=isinstance(value, list)
        )
        self.stack.append(opened)

    def alias(self, event: events.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            if any(item.anchor == event.anchor for item in self.stack):
                message = f"alias `*{event.anchor}` refers to a collection that contains it"
                raise self.fail(event.start_mark, "yaml-alias-recursive", message)
            message = f"invalid YAML: alias `*{event.anchor}` names no anchor"
            raise self.fail(event.start_mark, "yaml-syntax", message)
        value, size = self.anchors[event.anchor]
        if self.expecting_key():
            raise self.fail(event.start_mark, "yaml-key", "a key must be a plain value, not an alias")
        self.alias_nodes += size
        if self.alias_nodes > limits.MAX_ALIAS_NODES:
            raise self.fail(
                event.start_mark,
                "yaml-alias-limit",
                f"aliases expand to more than {limits.MAX_ALIAS_NODES} values; write the data out instead of nesting aliases",
            )
        self.count(event, size)
        self.record(event)
        self.place(value, event)

    def place(self, value: Any, event: events.Event) -> None:
        if not self.stack:
            self.root, self.done = value, True
            return
        top = self.stack[-1]
        if top.is_list:
            if len(top.value) >= limits.MAX_LIST_ITEMS:
                message = (
                    f"list has more than {limits.MAX_LIST_ITEMS} items; no playbook list needs that many"
                )
                raise self.fail(top.mark, "yaml-list-limit", message)
            top.value.append(value)
        else:
            top.value[top.key] = value
            top.has_key = False


def _fail(file: str, mark: Any, rule: str, message: str) -> LoadError:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return LoadError(Diagnostic(Location(file, line, column), Severity.ERROR, rule, message))


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        raise LoadError(
            Diagnostic(Location(file, line, column), Severity.ERROR, "yaml-encoding", message)
        ) from None


def _build(text: str, file: str) -> tuple[Any, SourceMap, Any]:
    """(data, source map, mark of the top-level value); data is None for an empty file."""
    parser = Parser(text)
    builder = _Builder(file)
    top_mark = None
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, events.StreamEndEvent):
                break
            if isinstance(event, events.DocumentStartEvent) and builder.done:
                raise _fail(
                    file,
                    event.start_mark,
                    "yaml-multiple-documents",
                    "a second YAML document starts here; each file holds exactly one",
                )
            if top_mark is None and isinstance(event, events.NodeEvent):
                top_mark = event.start_mark
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control code
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"character U+{code:04X} is not allowed in YAML; remove it"
        raise LoadError(
            Diagnostic(Location(file, line, column), Severity.ERROR, "yaml-syntax", message)
        ) from None
    finally:
        if hasattr(parser, "dispose"):
            parser.dispose()
    return builder.root, builder.source, top_mark


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> LoadError:
    problem = exc.problem or "is not valid YAML"
    if "single document" in f"{exc.context} {problem}":
        return _fail(
            file,
            exc.problem_mark,
            "yaml-multiple-documents",
            "a second YAML document starts here; each file holds exactly one",
        )
    return _fail(file, exc.problem_mark or exc.context_mark, "yaml-syntax", f"invalid YAML: {problem}")


def load_yaml(path: Path, display: str, root: Path | None = None) -> LoadedFile:
    """Load `path` (shown to the user as `display`) into a mapping and its source map.

    Only a regular file is read (inside `root` when given), and its size is checked first.
    """
    try:
        raw = read_regular(path, display, limits.MAX_FILE_BYTES, root, size_rule="yaml-size-limit")
    except UnsafeFile as exc:
        raise LoadError(exc.diagnostic) from None
    data, source, mark = _build(_decode(raw, display), display)
    if data is None:
        raise _fail(display, None, "yaml-empty", "file is empty; it must hold a mapping of fields")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _fail(display, mark, "yaml-top-level", f"top level is {kind}; it must be a mapping of fields")
    return LoadedFile(path, data, source)
