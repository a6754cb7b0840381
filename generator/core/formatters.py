"""Formatters: diagnostics as text lines, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json

from generator.core.diagnostics import Diagnostic


def as_text(diagnostics: list[Diagnostic]) -> str:
    """`path:line:col: error: message [rule]`, one line each."""
    return "".join(
        f"{d.location.file}:{d.location.line}:{d.location.column}: {d.severity.value}: {d.message} [{d.rule}]\n"
        for d in diagnostics
    )


def as_json(diagnostics: list[Diagnostic]) -> str:
    """A JSON array, one object per diagnostic, stable key order; `path` is `field` as its parts
    (keys and list indices), for tools that follow it into the document."""
    items = [
        {
            "file": d.location.file,
            "line": d.location.line,
            "column": d.location.column,
            "severity": d.severity.value,
            "rule": d.rule,
            "field": d.field,
            "path": list(d.path),
            "message": d.message,
        }
        for d in diagnostics
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so each diagnostic annotates its line in a pull request."""
    lines = []
    for d in diagnostics:
        loc = d.location
        props = f"file={_escape_property(loc.file)},line={loc.line},col={loc.column},title={_escape_property(d.rule)}"
        lines.append(f"::{d.severity.value} {props}::{_escape_data(d.message)}\n")
    return "".join(lines)


FORMATTERS = {"text": as_text, "json": as_json, "github": as_github}
