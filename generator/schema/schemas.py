"""The Cerberus schemas in schemas/: loading them, and walking data alongside them."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from cerberus import Validator, errors, rules_set_registry, schema_registry
from cerberus.schema import DefinitionSchema

from generator.core.atomic import write_atomic
from generator.core.documents import BRAND, DOCUMENTS
from generator.core.resources import SCHEMA_DIR
from generator.core.template_cache import cache_folder
from generator.load.yaml_loader import TRUSTED_LOADER
from generator.schema.types import CUSTOM_TYPES
from generator.schema.view import Node, build, child


def _types_mapping() -> dict[str, Any]:
    mapping = dict(Validator.types_mapping)
    mapping.pop("date")  # ours is an ISO date string, not a Python date
    # A YAML 1.2 `true` is not a number of anything.
    mapping["integer"] = mapping["integer"]._replace(excluded_types=(bool,))
    return mapping


def _type_method(check: Any) -> Any:
    return lambda self, value: check(value)


def _validate_regex(self: Validator, pattern: str, field: str, value: Any) -> None:
    """{'type': 'string'}"""
    # Cerberus appends `$` and uses `match`, which lets a trailing newline through; the whole
    # value must match.
    if isinstance(value, str) and not re.fullmatch(pattern, value):
        self._error(field, errors.REGEX_MISMATCH)


def _make_validator_class() -> type[Validator]:
    # Cerberus 1.3 checks types with lookups of Python classes or with `_validate_type_*`
    # methods; ours need value checks (a pattern, a range), so methods. Cerberus marks them
    # deprecated in favour of a 2.0 that was never released; 1.3 is what is pinned.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return type(
            "PlaybookValidator",
            (Validator,),
            {
                "types_mapping": _types_mapping(),
                **{f"_validate_type_{name}": _type_method(t.check) for name, t in CUSTOM_TYPES.items()},
                "_validate_regex": _validate_regex,
            },
        )


PlaybookValidator = _make_validator_class()


class _TrustedSchema(DefinitionSchema):  # type: ignore[misc]  # Cerberus ships no type hints
    """A schema Cerberus expands (registry names, shortcuts) but does not check again."""

    def validate(self, schema: Any = None) -> None:
        return None


@dataclass(eq=False)
class SchemaSet:
    """Every document schema, with the shared rule sets and sub-schemas they name."""

    documents: dict[str, dict[str, Any]]
    rules_sets: dict[str, dict[str, Any]]
    schemas: dict[str, dict[str, Any]]
    _validators: dict[str, Validator] = field(default_factory=dict, repr=False)
    _views: dict[str, Node] = field(default_factory=dict, repr=False)

    def validator(self, document: str, check: bool = False) -> Validator:
        """A Cerberus validator for one document type, built once.

        Cerberus normally checks a schema against its own rules as it builds the validator, which
        costs more than validating a playbook. Our schemas are fixed files, checked that way by the
        test suite (`check=True`); at run time they are trusted.
        """
        if check or document not in self._validators:
            # Cerberus resolves a schema's registry names in its global registries.
            rules_set_registry.extend(self.rules_sets.items())
            schema_registry.extend(self.schemas.items())
            if check:
                return PlaybookValidator(self.documents[document])
            validator = PlaybookValidator()
            validator.schema = _TrustedSchema(validator, self.documents[document])
            self._validators[document] = validator
        return self._validators[document]

    def rules(self, rules: dict[str, Any] | str) -> dict[str, Any]:
        """A field's rules, with a rules-set registry name replaced by the set it names."""
        return self.rules_sets[rules] if isinstance(rules, str) else rules

    def mapping(self, rules: dict[str, Any]) -> dict[str, Any] | None:
        """The field schema of a dict field, following a schema registry name."""
        schema = rules.get("schema")
        if isinstance(schema, str):
            return self.schemas[schema]
        return schema if rules.get("type") == "dict" else None

    def node(self, rules: dict[str, Any] | str) -> Node:
        """The typed view of one field's rules (see generator/schema/view.py)."""
        return build(rules, self.rules, self.schemas.__getitem__)

    def view(self, document: str) -> Node:
        """The typed view of a document type's schema, built once."""
        if document not in self._views:
            self._views[document] = self.node({"type": "dict", "schema": self.documents[document]})
        return self._views[document]

    def walk(self, document: str, data: Any) -> Iterator[tuple[tuple[Any, ...], Node, Any]]:
        """Every value of a document with the node that describes it: (path, node, value)."""
        yield from _walk(self.view(document), data, ())

    def node_at(self, document: str, path: tuple[Any, ...]) -> Node | None:
        """The node of the field at `path` (list indices step into items), or None if the schema has none."""
        node: Node | None = self.view(document)
        for part in path:
            node = child(node, part)
        return node

    def rules_at(self, document: str, path: tuple[Any, ...]) -> dict[str, Any] | None:
        """The rules of the field at `path`, or None if the schema has none."""
        node = self.node_at(document, path)
        return node.rules if node is not None else None


def _walk(node: Node, value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Node, Any]]:
    yield path, node, value
    if isinstance(value, dict):
        for key, item in value.items():
            if (below := child(node, key)) is not None:
                yield from _walk(below, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if (below := child(node, index)) is not None:
                yield from _walk(below, item, (*path, index))


def _read(path: Path) -> dict[str, Any]:
    """A schema file, parsed; from the cache when these exact bytes were parsed before.

    Parsing the fourteen schema files with YAML is a fifth of validating the example; the JSON
    of the same data, keyed by the file's hash, reads in a millisecond."""
    source = path.read_bytes()
    folder = cache_folder("schemas")
    key = hashlib.sha256(yaml.__version__.encode() + b"\0" + source).hexdigest()[:32]
    entry = folder / f"{key}.json" if folder is not None else None
    if entry is not None:
        with contextlib.suppress(OSError, ValueError):
            cached = json.loads(entry.read_text(encoding="utf-8"))
            if isinstance(cached, dict):
                return cached
    schema: dict[str, Any] = yaml.load(source, Loader=TRUSTED_LOADER)
    if entry is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            text = json.dumps(schema)
            if json.loads(text) == schema:  # only data JSON holds exactly (no dates, no int keys)
                write_atomic(entry, text)
    return schema


@functools.cache
def load_schemas(directory: Path = SCHEMA_DIR) -> SchemaSet:
    """Read schemas/: `_shared.yaml` and one file per document type."""
    shared = _read(directory / "_shared.yaml")
    documents = {doc.name: _read(directory / f"{doc.schema_name}.yaml") for doc in DOCUMENTS}
    documents[BRAND] = _read(directory / f"{BRAND}.yaml")  # brands are validated like documents
    return SchemaSet(documents, shared.get("rules", {}), shared.get("schemas", {}))
