"""The marks of a draft site: a "Draft" admonition on every page, and each page's findings on it.

Written into the rendered Markdown after the front matter, so the templates stay those of a real
build. Every message is escaped as all content is (`code_spans`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from generator.render.health import HealthItem
from generator.render.links import relative
from generator.render.operating import HEALTH_PAGE
from generator.render.text import plain

_FRONT_END = "\n---\n\n"


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _banner(page: str, items: tuple[HealthItem, ...]) -> str:
    errors = sum(i.severity == "error" for i in items)
    health = relative(HEALTH_PAGE, page)
    found = f"{_counted(errors, 'error')} and {_counted(len(items) - errors, 'warning')}"
    return (
        '!!! warning "Draft"\n\n'
        f"    This site is a draft: the playbook still has {found}"
        f" ([Playbook health]({health})). It is not a published version.\n\n"
    )


def _message(message: str) -> str:
    """A message with its `IDs` as code, escaped, keeping the spaces around them."""
    parts = message.split("`")
    return "".join(
        f"<code>{plain(part)}</code>"
        if i % 2
        else (" " if part[:1] == " " else "") + plain(part) + (" " if part[-1:] == " " else "")
        for i, part in enumerate(parts)
    )


def _findings(items: list[HealthItem]) -> str:
    lines = [
        f"    - **{i.severity}** {_message(i.message)} ({plain(i.where)}) [{plain(i.rule)}]" for i in items
    ]
    title = "Finding on this page" if len(items) == 1 else "Findings on this page"
    kind = "failure" if any(i.severity == "error" for i in items) else "note"
    return f'!!! {kind} "{title}"\n\n' + "\n".join(lines) + "\n\n"


def mark_draft(docs: Path, pages: list[str], items: tuple[HealthItem, ...]) -> None:
    """Put the draft banner on each of `pages` (paths under `docs`), and the findings about it."""
    about: dict[str, list[HealthItem]] = defaultdict(list)
    for item in items:
        if item.page:
            about[item.page].append(item)
    for page in pages:
        path = docs / page
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition(_FRONT_END)
        if not sep:  # no front matter: the marks go first
            head, body = "", text
        marks = _banner(page, items) + (_findings(about[page]) if page in about else "")
        path.write_text(head + sep + marks + body, encoding="utf-8")
