"""Validation: structure and types by Cerberus, then the semantic rules, all diagnostics at once."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Location, Severity, has_errors, sorted_diagnostics
from generator.resolve import FolderCache, ResolvedPlaybook, resolve
from generator.rules import RULES, Context
from generator.schema import DOCUMENTS, SchemaSet, load_schemas
from generator.schema_diagnostics import schema_diagnostics
from generator.sources import PlaybookFolder, find_playbooks


@dataclass(frozen=True)
class Validation:
    """A resolved playbook and everything found wrong with it."""

    playbook: ResolvedPlaybook
    diagnostics: list[Diagnostic]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def today() -> datetime.date:
    """The day validation and builds run as: SOURCE_DATE_EPOCH when set, so results reproduce."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def validate_folder(
    folder: PlaybookFolder, schemas: SchemaSet | None = None, cache: FolderCache | None = None
) -> Validation:
    """Resolve and validate one playbook folder."""
    schemas = schemas or load_schemas()
    playbook = resolve(folder, schemas, cache)
    diagnostics = list(playbook.diagnostics)
    if playbook.extends_failed:  # without its template, every other finding would be noise
        return Validation(playbook, sorted_diagnostics(diagnostics))
    valid: set[str] = set()
    for doc_type in DOCUMENTS:
        document = playbook.documents.get(doc_type.name)
        if document is None:
            if doc_type.required and doc_type.name not in playbook.broken:
                diagnostics.append(_missing(playbook, doc_type.filename, doc_type.title))
            continue
        found = schema_diagnostics(schemas, doc_type.name, document.data, document.origins)
        diagnostics.extend(found)
        if not found:
            valid.add(doc_type.name)
    ctx = Context(playbook, schemas, frozenset(valid), today())
    for rule in RULES:
        diagnostics.extend(rule.run(ctx))
    return Validation(playbook, sorted_diagnostics(diagnostics))


def _missing(playbook: ResolvedPlaybook, filename: str, title: str) -> Diagnostic:
    where = Location(playbook.manifest_file)
    if not playbook.folder.manifest.is_file():
        return Diagnostic(where, Severity.ERROR, "document-missing", "playbook.yaml is missing")
    message = f"missing document `{filename}` ({title.lower()}): add it here or inherit it with `extends`"
    return Diagnostic(where, Severity.ERROR, "document-missing", message)


def validate_paths(paths: list[Path]) -> list[Validation]:
    """Validate every playbook the paths name, sharing loaded templates between them."""
    schemas, cache = load_schemas(), FolderCache()
    return [validate_folder(folder, schemas, cache) for folder in find_playbooks(paths)]
