"""The canonical text of a YAML document, through ruamel.yaml's round trip so comments survive.

Keys follow the order the document's schema declares (unknown keys after the known ones, `meta`
last); a comment on its own line travels with the key below it, and one indented deeper than
that key stays with the entry above. Strings are quoted only where YAML 1.2, as
generator.load.yaml_loader reads it, would take them for another type or could not read them plain,
and keep their quotes where a YAML 1.1 reader would take them for another type.
Lists are indented under their key; a flow list (`[a, b]`) that does not fit the width becomes
a block list; long plain text is wrapped at the width.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from generator.load.yaml_loader import TRUSTED_LOADER, resolve_plain
from generator.schema.schemas import SchemaSet
from generator.schema.view import Node, fields_of, item_of

WIDTH = 100
_TYPED = {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null")}
_SIMPLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")
_EventLoader: Any = TRUSTED_LOADER


class _Resolver(VersionedResolver):
    """YAML 1.2 as our loader reads it: a date stays text, and `<<` or `=` are plain keys."""

    @property
    def versioned_resolver(self) -> Any:
        if not hasattr(self, "_ours"):
            table = super().versioned_resolver
            self._ours = {c: [(t, rx) for t, rx in pairs if str(t) in _TYPED] for c, pairs in table.items()}
        return self._ours


_YAML11 = pyyaml.resolver.Resolver()
_YAML11_BOOLS = {"y", "Y", "n", "N"}  # booleans in YAML 1.1 that PyYAML's resolver leaves out


def _other_type_in_yaml11(text: str) -> bool:
    """Whether a YAML 1.1 reader (PyYAML's safe_load, many CI tools) would read plain `text` as
    something other than a string: `yes`, `NO`, `on`, `12:30` (a sexagesimal number), a date."""
    tag: str = _YAML11.resolve(pyyaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
    return tag != "tag:yaml.org,2002:str" or text in _YAML11_BOOLS


def _represent_str(representer: RoundTripRepresenter, data: str) -> Any:
    # Quote what our loader would read as a number, boolean or null; the emitter itself quotes
    # what cannot be read plain (`: `, ` #`, a leading indicator), single quotes first.
    typed = resolve_plain(data)
    style = None if isinstance(typed, str) and typed == data else "'"
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_quoted(representer: RoundTripRepresenter, data: str) -> Any:
    # A string the file quotes keeps its quotes where a YAML 1.1 reader would read it plain as
    # another type (`"yes"`, `'12:30'`, `'2026-09-07'`); otherwise it is written as any string.
    if _other_type_in_yaml11(str(data)):
        return representer.represent_scalar("tag:yaml.org,2002:str", str(data), style="'")
    return _represent_str(representer, str(data))


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(str, _represent_str)  # on our subclass only, not ruamel's own
_Representer.add_representer(SingleQuotedScalarString, _represent_quoted)
_Representer.add_representer(DoubleQuotedScalarString, _represent_quoted)


def canonical_yaml() -> YAML:
    """A ruamel.yaml round-trip instance set up as `playbook fmt` writes: indentation, width, quoting."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _Resolver
    yaml.Representer = _Representer
    yaml.preserve_quotes = True  # so a quoted `"yes"` can stay quoted for YAML 1.1 readers
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    return yaml


def format_text(text: str, schema: dict[str, Any] | None, schemas: SchemaSet) -> str:
    """The canonical form of a YAML text; `schema` (a document's fields) orders its keys."""
    yaml = canonical_yaml()
    tree = yaml.load(text)
    if isinstance(tree, CommentedMap):
        _fit_flow(tree, 0)
        if schema is not None:
            _order(tree, schemas.node({"type": "dict", "schema": schema}), in_list=False)
    return dump(tree, yaml)


def dump(tree: Any, yaml: YAML | None = None) -> str:
    """The text of a ruamel.yaml tree, as `playbook fmt` writes it."""
    out = io.StringIO()
    (yaml or canonical_yaml()).dump(tree, out)
    return _strip_trailing_spaces(out.getvalue())


def _strip_trailing_spaces(text: str) -> str:
    """Drop the spaces ruamel leaves where it wraps a line, except inside block or escaped text."""
    keep: set[int] = set()
    for event in pyyaml.parse(text, Loader=_EventLoader):
        if isinstance(event, pyyaml.ScalarEvent) and event.style in ("|", ">", '"'):
            assert event.start_mark is not None and event.end_mark is not None  # the parser marks every event
            keep.update(range(event.start_mark.line, event.end_mark.line + 1))
    lines = text.split("\n")
    return "\n".join(line if i in keep else line.rstrip(" \t") for i, line in enumerate(lines))


class _Slot:
    """Where ruamel keeps the comment after a value: its end-of-line comment and the lines below."""

    def __init__(self, parent: Any, key: Any) -> None:
        self.items: dict[Any, list[Any]] = parent.ca.items
        self.key = key
        self.position = 2 if isinstance(parent, CommentedMap) else 0
        self.block_scalar = isinstance(parent[key], LiteralScalarString | FoldedScalarString)

    def split(self) -> tuple[str, str, int]:
        """(end-of-line comment, the lines below it with their indentation, the comment's column)."""
        entry = self.items.get(self.key)
        token = entry[self.position] if entry else None
        if token is None:
            return "", "", 0
        text, column = token.value, token.column
        if self.block_scalar:  # nothing follows a block scalar on its line; the column indents
            return "", " " * column + text, 0
        if text.startswith("#"):
            eol, _, rest = text.partition("\n")
            return eol + "\n", rest, column
        return "", text.removeprefix("\n"), 0

    def join(self, eol: str, rest: str, column: int) -> None:
        if self.block_scalar:  # the first line's indentation must be the column, or it joins the text
            text = rest.lstrip(" ")
            column = len(rest) - len(text)
        else:
            text = (eol or "\n") + rest if eol or rest else ""
        entry = self.items.setdefault(self.key, [None, None, None, None])
        entry[self.position] = CommentToken(text, CommentMark(column), None) if text else None


def _tail(parent: Any, key: Any) -> _Slot:
    """The slot after the last value under `parent[key]`, where the comments below the entry are."""
    value = parent[key]
    if isinstance(value, CommentedMap | CommentedSeq) and value and value.fa.flow_style() is not True:
        return _tail(value, next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1)
    return _Slot(parent, key)


def _fit_flow(node: Any, indent: int) -> None:
    """Make each flow collection that would not fit on its line a block; `indent` is `node`'s."""
    entries = node.items() if isinstance(node, CommentedMap) else enumerate(node)
    for key, value in list(entries):
        if not isinstance(value, CommentedMap | CommentedSeq):
            continue
        # A mapping's value follows `key: `; a list item follows `- `.
        start = indent + (_flow_width(key) + 2 if isinstance(node, CommentedMap) else 2)
        if value.fa.flow_style() is True:
            if not value or start + _flow_width(value) <= WIDTH:
                continue
            _to_block(node, key)
        _fit_flow(value, indent + 2)  # nested keys and dashes are indented by two


def _flow_width(value: Any) -> int:
    """Characters a value takes in flow style; an upper bound, counting quotes where unsure."""
    if isinstance(value, CommentedMap):
        parts = [_flow_width(k) + 2 + _flow_width(v) for k, v in value.items()]
    elif isinstance(value, CommentedSeq):
        parts = [_flow_width(v) for v in value]
    else:
        text = str(value)
        return len(text) if _SIMPLE.match(text) else len(text) + 2 + text.count("'")
    return 2 + sum(parts) + 2 * max(len(parts) - 1, 0)


def _to_block(parent: Any, key: Any) -> None:
    """Make `parent[key]` a block collection; comment lines after it move below its last item."""
    slot = _Slot(parent, key)
    eol, rest, _ = slot.split()
    parent[key].fa.set_block_style()
    parent[key].ca.comment = None  # ruamel's copy of the end-of-line comment, now stale
    slot.join(eol, "", 0)
    if rest:
        tail = _tail(parent, key)
        tail_eol, tail_rest, column = tail.split()
        tail.join(tail_eol, rest + tail_rest, column)


def _order(node: Any, schema: Node | None, *, in_list: bool) -> None:
    """Order every mapping under `node` by its schema, innermost first."""
    if isinstance(node, CommentedMap):
        fields = fields_of(schema)
        for key, value in node.items():
            _order(value, fields.get(key), in_list=False)
        known = [k for k in fields if k in node and k != "meta"]
        last = ["meta"] if "meta" in fields and "meta" in node else []
        wanted = known + [k for k in node if k not in fields] + last
        if wanted != list(node):
            _reorder(node, wanted, in_list=in_list)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _order(item, item_of(schema), in_list=True)


def _reorder(mapping: CommentedMap, wanted: list[Any], *, in_list: bool) -> None:
    """Put keys in `wanted` order; the comment lines above a key move with it."""
    keys = list(mapping)
    column = mapping.lc.key(keys[0])[1]
    slots = {key: _tail(mapping, key) for key in keys}
    eols: dict[Any, tuple[str, int]] = {}
    own: dict[Any, str] = {}
    above = {keys[0]: _detach_header_paragraph(mapping)}
    for i, key in enumerate(keys):
        eol, rest, eol_column = slots[key].split()
        eols[key] = (eol, eol_column)
        own[key], below = _split_rest(rest, column)
        above[keys[i + 1] if i + 1 < len(keys) else None] = below  # None: after the mapping
    if wanted[0] != keys[0] and not above[wanted[0]].strip() and not above[keys[0]]:
        # The blank line that set the old first group apart now sets it apart where it went.
        above[keys[0]], above[wanted[0]] = above[wanted[0]], ""
    for key in wanted:
        mapping.move_to_end(key)
    _add_start_comment(mapping, above[wanted[0]], column - 2 if in_list else column)
    for key, after in zip(wanted, [*wanted[1:], None], strict=True):
        eol, eol_column = eols[key]
        slots[key].join(eol, own[key] + above[after], eol_column)


def _split_rest(rest: str, column: int) -> tuple[str, str]:
    """Split the lines below an entry: those indented deeper than `column` stay with it."""
    lines = rest.splitlines(keepends=True)
    stay = 0  # lines[:stay] are deeper comments (and the blank lines between them)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) <= column:
            break
        stay = i + 1
    return "".join(lines[:stay]), "".join(lines[stay:])


def _detach_header_paragraph(mapping: CommentedMap) -> str:
    """The comment paragraph right above a file's first key, apart from the file's header above it.

    A paragraph with no blank line above it is the header itself and stays at the top.
    """
    tokens = (mapping.ca.comment or [None, None])[1] or []
    ends = [i for i, token in enumerate(tokens) if token.value.endswith("\n\n")]
    if not ends:
        return ""
    moved = tokens[ends[-1] + 1 :]
    del tokens[ends[-1] + 1 :]
    return "".join(" " * token.column + token.value for token in moved)


def _add_start_comment(mapping: CommentedMap, text: str, column: int) -> None:
    """Print comment lines above a mapping's first key, indented to `column`."""
    if not text.strip():
        return  # blank lines only: nothing to keep above the first key
    lines = [" " * column + line.lstrip(" ") if line.strip() else line for line in text.splitlines(True)]
    if mapping.ca.comment is None:
        mapping.ca.comment = [None, None]
    if mapping.ca.comment[1] is None:
        mapping.ca.comment[1] = []
    mapping.ca.comment[1].append(CommentToken("".join(lines), CommentMark(0), None))
