"""The merged playbook as YAML, each value followed by the file and line it came from.

One YAML document per playbook document, so the output is itself a valid YAML stream; the
origins come from the merge (generator.resolve.merge), the same positions diagnostics point at.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from generator.authoring.yaml_format import canonical_yaml, dump
from generator.core.documents import document_title
from generator.load.locations import DocPath, Origins, locate
from generator.resolve.merge import Document

UNWRAPPED = 1_000_000


def show_documents(documents: list[Document], chain: list[str]) -> str:
    """The documents as one YAML stream with origins; `chain` names the layers, template first."""
    yaml = canonical_yaml()
    yaml.width = UNWRAPPED  # each value on its key's line, with its origin beside it
    parts = []
    for document in documents:
        title = document_title(document.name)
        parts.append(f"--- # {document.name}.yaml: {title}, merged from {' → '.join(chain)}\n")
        parts.append(dump(annotate(document.data, document.origins), yaml))
    return "".join(parts)


def annotate(data: dict[str, Any], origins: Origins) -> CommentedMap:
    """The data as ruamel.yaml objects with an end-of-line comment naming each value's origin."""
    tree = _node(data, origins, ())
    assert isinstance(tree, CommentedMap)
    return tree


def _where(origins: Origins, path: DocPath, value: Any) -> str:
    # A list or mapping starts on the line below its key: name the key's line, as a reader looks there.
    location = (isinstance(value, dict | list) and origins.key(path)) or locate(origins, path)
    return f"# {location.file}:{location.line}"


def _node(value: Any, origins: Origins, path: DocPath) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item, origins, (*path, key))
            _comment(mapping, key, _where(origins, (*path, key), item))
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq()
        for index, item in enumerate(value):
            sequence.append(_node(item, origins, (*path, index)))
            if not isinstance(item, dict):  # a mapping item shows its first key's origin
                _comment(sequence, index, _where(origins, (*path, index), item))
        return sequence
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _comment(parent: CommentedMap | CommentedSeq, key: Any, comment: str) -> None:
    value = parent[key]
    if isinstance(value, LiteralScalarString):
        # After the `|`: a comment below the text would read as the next key's. ruamel declares
        # the attribute only in __slots__, which mypy does not read.
        value.comment = f"  {comment}"  # type: ignore[attr-defined]
        return
    position = 2 if isinstance(parent, CommentedMap) else 0
    entry = parent.ca.items.setdefault(key, [None, None, None, None])
    entry[position] = CommentToken(f" {comment}\n", CommentMark(0), None)  # two spaces before the `#`
