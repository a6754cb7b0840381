"""Turn Cerberus validation errors into diagnostics with a location and a plain message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cerberus import errors
from cerberus.errors import ValidationError

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.hints import describe, did_you_mean
from generator.load.locations import Origins, locate
from generator.resolve.merge import AFTER, REMOVE
from generator.schema.fast_check import document_check
from generator.schema.schemas import SchemaSet
from generator.schema.types import type_phrase
from generator.schema.view import fields_of


def schema_diagnostics(schemas: SchemaSet, document: str, data: Any, origins: Origins) -> list[Diagnostic]:
    """Validate one document's structure and types; every problem becomes a diagnostic."""
    if document_check(schemas, document)(data):  # certainly valid: Cerberus would find nothing
        return []
    validator = schemas.validator(document)
    if validator.validate(data, normalize=False):
        return []
    return [_diagnostic(schemas, document, error, origins) for error in _leaves(validator._errors)]


def _leaves(errs: list[ValidationError]) -> Iterator[ValidationError]:
    for error in errs:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _diagnostic(schemas: SchemaSet, document: str, error: ValidationError, origins: Origins) -> Diagnostic:
    path = tuple(error.document_path)
    name = path[-1] if path else document
    rule, message, at, at_key = _explain(schemas, document, error, path, name)
    where = locate(origins, at, at_key=at_key)
    return Diagnostic.at(where, Severity.ERROR, rule, message, path)


def _explain(
    schemas: SchemaSet, document: str, error: ValidationError, path: tuple[Any, ...], name: Any
) -> tuple[str, str, tuple[Any, ...], bool]:
    """(rule id, message, path to point at, whether to point at the key)."""
    value, constraint = error.value, error.constraint
    field = f"`{name}`" if not isinstance(name, int) else f"item {name + 1}"
    if error.code == errors.UNKNOWN_FIELD.code:
        if name in (REMOVE, AFTER):
            return "schema-unknown", f"`{name}` only works in a playbook that extends a template", path, True
        if name in ("any_of", "all_of") and len(path) > 2 and path[-3] in ("any_of", "all_of"):
            return (
                "schema-unknown",
                f"`{name}` in a group's member: groups nest one level, so a member cannot be a group",
                path,
                True,
            )
        hint = did_you_mean(name, fields_of(schemas.node_at(document, path[:-1])))
        return "schema-unknown", f"unknown field {field}{hint}", path, True
    if error.rule == "required":
        return "schema-required", f"missing required field {field}", path[:-1], False
    if error.rule == "type":
        wanted = " or ".join(
            type_phrase(t) for t in (constraint if isinstance(constraint, list) else [constraint])
        )
        return (
            "schema-type",
            f"{field} must be {wanted}, not {describe(value)}{_ratio_hint(constraint, value)}",
            path,
            False,
        )
    if error.rule == "nullable":
        return "schema-type", f"{field} has no value", path, False
    if error.rule in ("allowed", "forbidden"):
        allowed = list(constraint)
        shown = ", ".join(f"`{a}`" for a in allowed)
        if len(allowed) > 12:
            shown = f"one of {len(allowed)} values (`playbook schema` lists them)"
        return (
            "schema-allowed",
            f"{field} is {describe(value)}; allowed: {shown}{did_you_mean(value, map(str, allowed))}",
            path,
            False,
        )
    if error.rule == "empty":
        return "schema-empty", f"{field} must not be empty", path, False
    if error.rule in ("minlength", "maxlength"):
        return "schema-length", _length_message(field, error.rule, constraint, value), path, False
    if error.rule in ("min", "max"):
        bound = "at least" if error.rule == "min" else "at most"
        return "schema-range", f"{field} must be {bound} {constraint}, not {describe(value)}", path, False
    if error.rule == "regex":
        return "schema-pattern", f"{field} does not match the pattern `{constraint}`", path, False
    handler = errors.BasicErrorHandler()
    return "schema", f"{field}: {handler._format_message(name, error)}", path, False


def _length_message(field: str, rule: str, limit: int, value: Any) -> str:
    if isinstance(value, str):
        if rule == "maxlength":
            return f"{field} is {len(value)} characters long; the limit is {limit}"
        return f"{field} must have at least {limit} characters"
    unit = "item" if limit == 1 else "items"
    if rule == "minlength":
        return f"{field} needs at least {limit} {unit}, has {len(value)}"
    return f"{field} has {len(value)} items; at most {limit} allowed"


def _ratio_hint(constraint: Any, value: Any) -> str:
    types = constraint if isinstance(constraint, list) else [constraint]
    if (
        "ratio" in types
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and 1 < value <= 100
    ):
        return f" (did you mean {value / 100:g}?)"
    return ""
