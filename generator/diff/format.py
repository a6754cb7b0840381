"""A playbook diff as Markdown (a pull-request comment), JSON (stable keys) or text lines."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

from generator.core.documents import DOCUMENTS_BY_NAME
from generator.diff.semantic import AffectedPage, Change, DiffReport, Kind, PlaybookDiff

NEW_OR_GONE = {Kind.ADDED: " (new)", Kind.REMOVED: " (removed)", Kind.CHANGED: ""}

_CODE_SPAN = re.compile(r"`[^`\n]*`")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#+|~])")
"""What can start emphasis, a link, a heading, a list, a table or strikethrough (`<` is made `&lt;`)."""
_ZWSP = "\u200b"
"""A zero-width space: breaks `@name` mentions and `https://` autolinks without changing what one reads."""


def _escape_prose(text: str) -> str:
    text = html.escape(text, quote=False)  # `<img …>`, an unclosed `<details>`: shown, not parsed
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("@", "@" + _ZWSP).replace("://", ":" + _ZWSP + "//")
    return re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:-1] + _ZWSP + ".", text)


def markdown_text(text: str) -> str:
    """`text` as inert Markdown in a pull-request comment: our `code spans` are kept (their content
    is literal there), everything else is escaped, so YAML values cannot add HTML, links,
    mentions or formatting to a bot's comment."""
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_escape_prose(text[last : span.start()]))
        out.append(span.group(0).replace("@", "@" + _ZWSP))
        last = span.end()
    out.append(_escape_prose(text[last:]))
    return "".join(out)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: DiffReport) -> str:
    """`3 changes in 1 playbook (1 added, 2 changed); 2 pages affected.`, or `No changes.`"""
    if not report.changed:
        return "No changes."
    counts = report.counts()
    edited = [p for p in report.playbooks if p.changes]
    parts = []
    if edited:
        kinds = ", ".join(f"{counts[k.value]} {k.value}" for k in Kind if counts[k.value])
        parts.append(
            f"{_plural(sum(counts.values()), 'change')} in {_plural(len(edited), 'playbook')} ({kinds})"
        )
    parts += [f"playbook `{p.name}` {p.status}" for p in report.playbooks if p.status in ("added", "removed")]
    pages = sum(len(p.pages()) for p in edited)
    if pages:
        parts.append(f"{_plural(pages, 'page')} affected")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def as_text(report: DiffReport) -> str:
    """One line per change: `fernhill: stages.yaml: stage `demo`: probability 0.3 → 0.4 [pipeline/demo.md]`."""
    lines = []
    for playbook in report.playbooks:
        if playbook.status in ("added", "removed"):
            lines.append(f"{playbook.name}: playbook {playbook.status}\n")
        lines += [f"{playbook.name}: {c.document}.yaml: {c.message} [{c.page}]\n" for c in playbook.changes]
    return "".join(lines)


def _document_heading(document: str) -> str:
    doc = DOCUMENTS_BY_NAME.get(document)  # an actuals snapshot is no document of the registry
    return f"#### {doc.title if doc else 'Actuals'} (`{document}.yaml`)"


def _playbook_markdown(playbook: PlaybookDiff) -> list[str]:
    lines = [f"### {markdown_text(playbook.name)}", ""]
    if playbook.status in ("added", "removed"):
        where = playbook.new if playbook.status == "added" else playbook.old
        return [*lines, markdown_text(f"Playbook {playbook.status} (`{where}`)."), ""]
    lines += [markdown_text(f"`{playbook.old}` → `{playbook.new}`"), ""]
    for document, groups in playbook.documents().items():
        lines += [_document_heading(document), ""]
        lines += [f"- {markdown_text(change.message)}" for changes in groups.values() for change in changes]
        lines.append("")
    return lines


def _pages_markdown(playbooks: list[PlaybookDiff]) -> list[str]:
    with_pages = [(p, p.pages()) for p in playbooks if p.pages()]
    if not with_pages:
        return []
    lines = ["### Pages affected", ""]
    for playbook, pages in with_pages:
        if len(with_pages) > 1:
            lines += [f"**{markdown_text(playbook.name)}**", ""]
        lines += [markdown_text(f"- `{page.path}`{NEW_OR_GONE[page.kind]}") for page in pages]
        lines.append("")
    return lines


def as_markdown(report: DiffReport) -> str:
    """A pull-request comment: heading, summary, a section per playbook and document, pages."""
    heading = markdown_text(f"Playbook changes: `{report.old}` → `{report.new}`")
    lines = [f"## {heading}", "", markdown_text(summary(report)), ""]
    changed = [p for p in report.playbooks if p.status != "unchanged"]
    for playbook in changed:
        lines += _playbook_markdown(playbook)
    lines += _pages_markdown(changed)
    return "\n".join(lines).rstrip("\n") + "\n"


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "document": change.document,
        "path": change.path,
        "where": change.where,
        "group": change.group,
        "kind": change.kind.value,
        "old": change.old,
        "new": change.new,
        "page": change.page,
        "message": change.message,
    }


def _page_json(page: AffectedPage) -> dict[str, str]:
    return {"path": page.path, "kind": page.kind.value}


def as_json(report: DiffReport) -> str:
    """Every playbook compared, with its changes and pages; keys sorted, so output is stable."""
    data = {
        "old": report.old,
        "new": report.new,
        "changed": report.changed,
        "counts": {k.value: report.counts()[k.value] for k in Kind},
        "playbooks": [
            {
                "name": p.name,
                "old": p.old,
                "new": p.new,
                "status": p.status,
                "changes": [_change_json(c) for c in p.changes],
                "pages": [_page_json(page) for page in p.pages()],
            }
            for p in report.playbooks
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


FORMATS: dict[str, Callable[[DiffReport], str]] = {"markdown": as_markdown, "json": as_json, "text": as_text}
