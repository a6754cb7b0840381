"""The field reference, generated from the schemas so documentation cannot drift from validation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.documents import BRAND, DOCUMENTS
from generator.schema.schemas import SchemaSet
from generator.schema.types import CUSTOM_TYPES
from generator.schema.view import List, Mapping, Node, fields_of


@dataclass(frozen=True)
class FieldDoc:
    """One row of the reference."""

    path: str
    type: str
    required: bool
    allowed: tuple[str, ...]
    meaning: str
    markdown: bool
    reference: str


def fields(schemas: SchemaSet, document: str) -> Iterator[FieldDoc]:
    """Every field of a document type, depth first, in schema order."""
    yield from _fields(schemas.view(document), "")


def _fields(mapping: Node, prefix: str) -> Iterator[FieldDoc]:
    for name, node in fields_of(mapping).items():
        path = f"{prefix}{name}"
        items = node.item if isinstance(node, List) else None
        yield _row(path, node, items)
        if isinstance(node, Mapping):
            yield from _fields(node, f"{path}.")
        elif isinstance(items, Mapping):
            yield from _fields(items, f"{path}[].")


def _row(path: str, node: Node, items: Node | None) -> FieldDoc:
    kind, allowed = node.type or "any", node.allowed
    doc, markdown, ref = node.doc, node.markdown, node.ref
    if items is not None:
        # A list of values is documented on the list or on its items, the list's own words first.
        kind = f"list of {items.type or 'any'}"
        allowed = allowed or items.allowed
        doc, markdown, ref = doc or items.doc, markdown or items.markdown, ref or items.ref
    return FieldDoc(path, kind, node.required, tuple(map(str, allowed)), doc, markdown, ref or "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(schemas: SchemaSet) -> str:
    """The whole field reference as Markdown: the scalar types, then one table per document."""
    lines = [
        "# Field reference",
        "",
        "Generated from `schemas/`. Every field, its type, and what it means.",
        "",
    ]
    lines += ["## Types", "", "| type | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(t.phrase)} |" for name, t in CUSTOM_TYPES.items()]
    lines += [
        "",
        "Text fields are plain text: shown exactly as written. Fields marked **Markdown** take Markdown "
        "(emphasis, lists, links to http, https and mailto addresses); raw HTML is shown as text.",
        "",
    ]
    sections = [(doc.name, f"`{doc.filename}` — {doc.title}") for doc in DOCUMENTS]
    sections.append((BRAND, "`site_config/brands/<name>.yml` — Brand"))
    for name, heading in sections:
        lines += [f"## {heading}", "", "| field | type | required | meaning |", "|---|---|---|---|"]
        for row in fields(schemas, name):
            meaning = row.meaning
            if row.allowed:
                meaning += " One of: " + ", ".join(f"`{a}`" for a in row.allowed) + "."
            if row.reference:
                meaning += f" Names an ID of: {row.reference}."
            if row.markdown:
                meaning += " **Markdown.**"
            required = "yes" if row.required else ""
            lines.append(f"| `{row.path}` | {_cell(row.type)} | {required} | {_cell(meaning.strip())} |")
        lines.append("")
    return "\n".join(lines)
