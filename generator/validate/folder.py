"""Validation: structure and types by Cerberus, then the semantic rules, all diagnostics at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.clock import today
from generator.core.diagnostics import Diagnostic, Location, Severity, has_errors, sorted_diagnostics
from generator.core.documents import DOCUMENTS
from generator.load.locations import locate
from generator.load.snapshot import ACTUALS, LoadedSnapshot, read_snapshots
from generator.load.sources import PlaybookFolder, find_playbooks
from generator.resolve.merge import FolderCache, ResolvedPlaybook, resolve
from generator.schema.schemas import SchemaSet, load_schemas
from generator.validate.brand import Brand, load_brand, neutral_brand
from generator.validate.policy import Policy, read_policy
from generator.validate.rules import RULES, Context
from generator.validate.schema_diagnostics import schema_diagnostics
from generator.validate.site_overrides import load_site_overrides


@dataclass(frozen=True)
class Validation:
    """A resolved playbook and everything found wrong with it."""

    playbook: ResolvedPlaybook
    diagnostics: list[Diagnostic]
    brand: Brand | None = None
    site_overrides: dict[str, Any] = field(default_factory=dict)
    """The project's site settings (site_config/mkdocs.yml), merged into every site it builds."""
    snapshots: tuple[LoadedSnapshot, ...] = ()
    """The well-formed actuals snapshots, oldest first, read once for the rules and the model."""

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


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
            needed = doc_type.required and (not doc_type.engagement or _is_engagement(playbook))
            # A manifest that did not load says nothing of what it extends: a missing document
            # may well be inherited, and the manifest's own error is the one to fix.
            if needed and doc_type.name not in playbook.broken and "playbook" not in playbook.broken:
                diagnostics.append(_missing(playbook, doc_type.filename, doc_type.title))
            continue
        found = schema_diagnostics(schemas, doc_type.name, document.data, document.origins)
        diagnostics.extend(found)
        if not found:
            valid.add(doc_type.name)
    snapshots, found = read_snapshots(folder.path, folder.project_root)
    diagnostics.extend(found)
    # The rules on actuals read only a folder of well-formed snapshots.
    extras = frozenset({ACTUALS} if snapshots and not found else ())
    ctx = Context(playbook, schemas, frozenset(valid), today(), extras, tuple(snapshots))
    policy, found = _policy(playbook, valid)
    diagnostics.extend(found)
    for rule in RULES:
        diagnostics.extend(policy.apply(rule.run(ctx)))
    brand, found = _brand(playbook, schemas, valid)
    diagnostics.extend(found)
    overrides, found = load_site_overrides(folder.project_root)
    diagnostics.extend(found)
    return Validation(playbook, sorted_diagnostics(diagnostics), brand, overrides, tuple(snapshots))


def _is_engagement(playbook: ResolvedPlaybook) -> bool:
    """A template or a playbook with an `engagement`; a company's own playbook has none."""
    manifest = playbook.documents.get("playbook")
    return playbook.folder.is_template or manifest is None or "engagement" in manifest.data


def _policy(playbook: ResolvedPlaybook, valid: set[str]) -> tuple[Policy, list[Diagnostic]]:
    """The manifest's rule policy, merged through `extends`."""
    if "playbook" not in valid:
        return Policy(), []
    manifest = playbook.documents["playbook"]
    return read_policy(manifest.data.get("rules"), manifest.origins)


def _brand(
    playbook: ResolvedPlaybook, schemas: SchemaSet, valid: set[str]
) -> tuple[Brand | None, list[Diagnostic]]:
    """The playbook's brand, checked; the neutral brand when it names none."""
    if "playbook" not in valid:
        return None, []
    manifest = playbook.documents["playbook"]
    owner = manifest.data.get("client") or manifest.data.get("template") or {}
    name = manifest.data.get("brand")
    if not name:
        return neutral_brand(owner.get("name", playbook.folder.name)), []
    where = locate(manifest.origins, ("brand",))
    return load_brand(playbook.folder.project_root, name, schemas, where)


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
