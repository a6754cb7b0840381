"""Salesforce metadata files in source format: one root element, tags in a fixed order, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

NAMESPACE = "http://soap.sforce.com/2006/04/metadata"
# Children of an element: (tag, text) or (tag, its own children), in the order they are written.
Elements = list[tuple[str, "str | Elements"]]


def _add(parent: ET.Element, elements: Elements) -> None:
    for tag, content in elements:
        child = ET.SubElement(parent, tag)
        if isinstance(content, str):
            child.text = content  # ElementTree escapes &, < and > in text
        else:
            _add(child, content)


def document(root_tag: str, elements: Elements) -> bytes:
    """The file's bytes: the XML declaration, the namespaced root, four-space indentation."""
    root = ET.Element(root_tag, {"xmlns": NAMESPACE})
    _add(root, elements)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
