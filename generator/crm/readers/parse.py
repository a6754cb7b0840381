"""Reading a client's CRM files as untrusted input: bounded, entity-free, and every failure a diagnostic.

JSON is decoded with a scanner that remembers where each object starts, and XML with defusedxml
(no DTD, so no entity expansion and no external entity) through a tree builder that notes each
element's line: a drift diagnostic can then name the CRM file's line as well as the playbook's.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.limits import MAX_FILE_BYTES, MAX_NUMBER
from generator.load.safe_read import UnsafeFile, read_regular

RULE = "crm-input"


class BadCrmFile(Exception):
    """A CRM file that cannot be read; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def refuse(where: Location, message: str) -> BadCrmFile:
    return BadCrmFile(Diagnostic(where, Severity.ERROR, RULE, message))


class Lines:
    """Line and column of an offset in a text, by bisecting its newlines."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


class Placed(dict[str, Any]):
    """A JSON object that knows the offset of its opening brace."""

    offset = 0


def _decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Placed, int]:
        found, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        placed = Placed(found)
        placed.offset = s_and_end[1] - 1
        return placed, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # The pure-Python scanner calls the decoder's parse_object; the C one would not.
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


def read_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a regular file within the size limit."""
    try:
        return read_regular(path, display_path(path), MAX_FILE_BYTES)
    except UnsafeFile as exc:
        raise BadCrmFile(exc.diagnostic) from None


def _text(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(Location(display, line), "file is not UTF-8 text") from None


class JsonFile:
    """A decoded JSON file, with the line of each object in it."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self._lines = Lines(text)
        try:
            self.value: Any = _decoder().decode(text)
        except json.JSONDecodeError as exc:
            raise refuse(Location(display, exc.lineno, exc.colno), f"malformed JSON: {exc.msg}") from None
        except RecursionError:
            raise refuse(Location(display), "malformed JSON: nested too deeply") from None
        except ValueError:  # an integer of more digits than Python converts
            raise refuse(Location(display), "malformed JSON: a number too long to read") from None

    def at(self, value: object) -> Location:
        """Where the object `value` starts; the file's first line for anything else."""
        if isinstance(value, Placed):
            return Location(self.display, *self._lines.at(value.offset))
        return Location(self.display)


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber if self.expat else 1
        return element


class XmlFile:
    """A parsed XML file, with the line of each element in it."""

    def __init__(self, display: str, data: bytes) -> None:
        self.display = display
        builder = _LineBuilder()
        parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        builder.expat = parser.parser
        try:
            parser.feed(data)
            self.root: ET.Element = parser.close()
        except ET.ParseError as exc:
            line, column = exc.position
            reason = str(exc).split(":")[0]
            raise refuse(Location(display, line, column + 1), f"malformed XML: {reason}") from None
        except DefusedXmlException as exc:
            where = Location(display, parser.parser.CurrentLineNumber, parser.parser.CurrentColumnNumber + 1)
            raise refuse(
                where,
                f"XML with a DTD or entities is refused ({type(exc).__name__}); metadata files have none",
            ) from None
        self._lines = builder.lines

    def at(self, element: ET.Element) -> Location:
        return Location(self.display, self._lines.get(id(element), 1))


def load(path: Path) -> JsonFile | XmlFile:
    """The file parsed as XML or JSON, told apart by its first character, not its name."""
    display = display_path(path)
    data = read_bytes(path)
    text = _text(data, display)
    start = text.lstrip()[:1]
    if start == "<":
        return XmlFile(display, data)
    if start in ("{", "["):
        return JsonFile(display, text)
    raise refuse(Location(display), "not a CRM configuration: neither XML nor JSON")


def objects(file: JsonFile, parent: Any, key: str) -> list[Placed]:
    """`parent[key]`, a list of objects; anything else is refused at the parent's line."""
    found = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(found, list) or not all(isinstance(item, Placed) for item in found):
        raise refuse(file.at(parent), f"`{key}` must be a list of objects")
    return found


def string(file: JsonFile, item: Placed, key: str, required: bool = True) -> str:
    found = item.get(key)
    if isinstance(found, (int, float)) and not isinstance(found, bool):
        return str(found)  # ids may be numbers
    if isinstance(found, str) and (found or not required):
        return found
    if found is None and not required:
        return ""
    raise refuse(file.at(item), f"`{key}` must be a non-empty string")


def number(file: JsonFile, item: Placed, key: str) -> float | None:
    """A number, or a string holding one (HubSpot writes numbers as strings); None when absent."""
    found = item.get(key)
    if found is None or found == "":
        return None
    if isinstance(found, str):
        try:
            found = float(found)
        except ValueError:
            raise refuse(file.at(item), f"`{key}` must be a number") from None
    if isinstance(found, bool) or not isinstance(found, (int, float)) or not math.isfinite(found):
        raise refuse(file.at(item), f"`{key}` must be a number")
    if abs(found) > MAX_NUMBER:
        raise refuse(file.at(item), f"`{key}` is over the limit of {MAX_NUMBER:,}")
    return float(found)


def flag(file: JsonFile, item: Placed, key: str, default: bool) -> bool:
    """A boolean, or the string "true"/"false" (HubSpot's metadata); `default` when absent."""
    found = item.get(key)
    if found is None:
        return default
    if isinstance(found, bool):
        return found
    if isinstance(found, str) and found.lower() in ("true", "false"):
        return found.lower() == "true"
    raise refuse(file.at(item), f"`{key}` must be true or false")
