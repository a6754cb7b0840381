"""The field reference, generated from the schemas so documentation cannot drift from validation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.core.documents import BRAND, DOCUMENTS
from generator.schema.schemas import SchemaSet
from generator.schema.types import CUSTOM_TYPES


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
    yield from _fields(schemas, schemas.documents[document], "")


def _fields(schemas: SchemaSet, mapping: dict[str, Any], prefix: str) -> Iterator[FieldDoc]:
    for name, raw in mapping.items():
        rules = schemas.rules(raw)
        path = f"{prefix}{name}"
        items = schemas.rules(rules["schema"]) if rules.get("type") == "list" and "schema" in rules else None
        yield _row(path, rules, items)
        if rules.get("type") == "dict":
            yield from _fields(schemas, schemas.mapping(rules) or {}, f"{path}.")
        elif items is not None and items.get("type") == "dict":
            yield from _fields(schemas, schemas.mapping(items) or {}, f"{path}[].")


def _row(path: str, rules: dict[str, Any], items: dict[str, Any] | None) -> FieldDoc:
    meta = rules.get("meta", {})
    kind = rules.get("type", "any")
    allowed = rules.get("allowed", ())
    if items is not None:
        kind = f"list of {items.get('type', 'any')}"
        allowed = allowed or items.get("allowed", ())
        meta = {**items.get("meta", {}), **meta}
    markdown = bool(meta.get("markdown"))
    return FieldDoc(
        path,
        kind,
        bool(rules.get("required")),
        tuple(map(str, allowed)),
        meta.get("doc", ""),
        markdown,
        meta.get("ref", ""),
    )


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
