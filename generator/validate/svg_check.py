"""Brand SVGs: refuse any that could run a script or load something from elsewhere.

A brand's logo is served from the site's own origin, and a reader may open it on its own, where
a script in it runs with access to the site's storage. So a brand SVG must be a plain drawing:
no script or embedded document, no event handler, and every reference (`href`, `url(…)`) a
fragment inside the file itself. The file is parsed with defusedxml (no entities, no external
DTD); anything that does not parse is refused as well.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

_XHTML = "{http://www.w3.org/1999/xhtml}"
_SCRIPTED = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
"""Elements that run code or embed another document (`handler` and `listener` are SVG Tiny/XML Events)."""
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _foreign_url(text: str) -> str | None:
    """The first CSS `url(…)` or `@import` in `text` that does not point inside the file."""
    lowered = text.lower()
    if "@import" in lowered:
        return "@import"
    start = lowered.find("url(")
    while start != -1:
        target = lowered[start + 4 :].lstrip(" \t\n\r'\"")
        if not target.startswith("#"):
            return text[start : start + 40]
        start = lowered.find("url(", start + 4)
    return None


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    local = _local(name).lower()
    if local.startswith("on"):
        return f"an event handler (`{local}` on `<{tag}>`)"
    if local == "href" and not value.strip().startswith("#"):
        return f'a reference to another file or a script (`href="{value[:40]}"` on `<{tag}>`)'
    if tag.lower() in _ANIMATIONS and local == "attributename":
        animated = value.strip().lower()
        if animated.startswith("on") or animated.endswith("href"):
            return f"an animation that sets `{value}` (on `<{tag}>`)"
    found = _foreign_url(value)
    if found is not None:
        return f"a reference to another file (`{found}` in `{local}` on `<{tag}>`)"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why this SVG is unsafe to serve from the site's origin, or None if it is a plain drawing."""
    try:
        for event, item in iterparse(
            io.BytesIO(data), events=("start", "end", "pi"), forbid_entities=True, forbid_external=True
        ):
            if event == "pi":
                text = item.text or ""
                if text.lower().startswith("xml-stylesheet"):
                    return "a style sheet from another file (`<?xml-stylesheet?>`)"
                continue
            tag = _local(item.tag)
            if event == "end":
                found = _foreign_url(item.text or "") if tag.lower() == "style" else None
                if found is not None:
                    return f"a reference to another file (`{found}` in `<style>`)"
                continue
            if item.tag.startswith(_XHTML) or tag.lower() in _SCRIPTED:
                return f"a script or an embedded document (`<{tag}>`)"
            for name, value in item.attrib.items():
                problem = _attribute_problem(tag, name, value)
                if problem:
                    return problem
    except DefusedXmlException as exc:
        return f"XML that is refused ({type(exc).__name__}: entities and external references are not allowed)"
    except ParseError as exc:
        return f"XML that does not parse ({exc})"
    return None
