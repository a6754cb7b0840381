"""Content is data: YAML strings become escaped text, or sanitised HTML for Markdown fields.

Plain-text fields are escaped for both Markdown and HTML, so `<script>`, `[x](javascript:…)`,
`{{ … }}` and `{: onclick=…}` are shown literally and never interpreted. Markdown fields are
rendered by Python-Markdown, then cleaned by nh3 to an allowlist of tags, attributes and URL
schemes, and placed in the page as a raw HTML block that MkDocs leaves alone.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

import markdown
import nh3
from markupsafe import Markup

# Every ASCII character that Markdown, its extensions (attr_list, tables, emphasis, links,
# code, headings, footnotes) or HTML could give a meaning to.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-!|~^=:<>&\"'$%]")
_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def plain(value: Any) -> Markup:
    """Text safe anywhere in a generated Markdown page: every special character as an entity."""
    text = " ".join(str(value).split())
    return Markup(_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text))


def html_text(value: Any) -> Markup:
    """Text for an HTML attribute or element written by a template (no Markdown around it)."""
    return Markup(html.escape(str(value), quote=True))


@functools.lru_cache(maxsize=8192)  # the print page repeats every field of the section pages
def rich(value: Any) -> Markup:
    """A Markdown field rendered to sanitised HTML, as one raw block of the page."""
    # Raw HTML in a field is shown as text, never passed through (and never silently dropped).
    source = str(value).replace("<", "&lt;")
    rendered = _MARKDOWN.reset().convert(source)
    # Headings inside a field would break the page outline; demote them to h4 and below.
    rendered = re.sub(r"<(/?)h([1-3])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 3}", rendered)
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Keep the block free of blank lines, so Markdown sees one raw HTML block.
    clean = re.sub(r"\n\s*\n", "\n", clean.strip())
    return Markup(f'<div class="pb-rich">\n{clean}\n</div>')


def code_spans(message: Any) -> Markup:
    """A diagnostic or change message with its `IDs` as code; every part escaped as usual."""
    parts = str(message).split("`")
    return Markup("").join(
        Markup(f"<code>{plain(part)}</code>") if i % 2 else _spaced(part) for i, part in enumerate(parts)
    )


def _spaced(text: str) -> Markup:
    """`plain`, keeping one space at an edge that had one: it separates the text from a code span."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(lead) + plain(text) + Markup(trail)
