"""`playbook migrate`: rewrite deprecated spellings in playbook files to the fields that replace them.

A file is read through ruamel.yaml's round trip, the deprecated fields are renamed in the tree
with their comments moved along, and the result is written as `playbook fmt` writes it. A file
with nothing deprecated is left as it is, byte for byte, so migrating twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from generator.authoring.fmt import document_type
from generator.authoring.yaml_comments import lost_comments
from generator.authoring.yaml_format import canonical_yaml, dump, format_text
from generator.core.atomic import write_atomic
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.load.yaml_loader import LoadError, load_yaml
from generator.schema.schemas import SchemaSet


@dataclass(frozen=True)
class Migration:
    """One file's outcome: what was (or would be) rewritten, by line, or why it could not be."""

    path: Path
    changes: tuple[tuple[int, str], ...] = ()
    diagnostic: Diagnostic | None = None


def _stages(tree: CommentedMap) -> Iterator[CommentedMap]:
    """Every stage mapping of a stages document: the one list, or each pipeline's."""
    lists = [tree.get("stages")] + [
        p.get("stages") for p in tree.get("pipelines") or () if isinstance(p, CommentedMap)
    ]
    for stages in lists:
        if isinstance(stages, list):
            yield from (s for s in stages if isinstance(s, CommentedMap))


def _framework_elements(stage: CommentedMap) -> str | None:
    """`framework_elements: [...]` → `framework: {confirms: [...]}`, comments kept; what changed."""
    if "framework_elements" not in stage:
        return None
    framework = stage.get("framework")
    if framework is not None and (not isinstance(framework, CommentedMap) or "confirms" in framework):
        return None  # both spellings: validation reports it, and only the author can choose
    comment = stage.ca.items.pop("framework_elements", None)
    position = list(stage).index("framework_elements")
    elements = stage.pop("framework_elements")
    if framework is None:
        framework = CommentedMap()
        stage.insert(position, "framework", framework)
    framework["confirms"] = elements
    if comment is not None:
        framework.ca.items["confirms"] = comment
    return "`framework_elements` → `framework.confirms`"


def migrate_text(text: str, document: str | None, schemas: SchemaSet) -> tuple[str, list[tuple[int, str]]]:
    """The migrated text of one file and each change by line; the text unchanged if none."""
    if document != "stages":
        return text, []
    yaml = canonical_yaml()
    tree = yaml.load(text)
    if not isinstance(tree, CommentedMap):
        return text, []
    changes = []
    for stage in _stages(tree):
        line = stage.lc.key("framework_elements")[0] + 1 if "framework_elements" in stage else 0
        if (change := _framework_elements(stage)) is not None:
            changes.append((line, f"stage `{stage.get('id')}`: {change}"))
    if not changes:
        return text, []
    return format_text(dump(tree, yaml), schemas.documents[document], schemas), changes


def migrate_file(path: Path, schemas: SchemaSet, *, check: bool = False) -> Migration:
    """Migrate one file in place (atomically), or with `check` only say what would change."""
    shown = display_path(path)
    try:
        load_yaml(path, shown)
    except LoadError as exc:
        return Migration(path, diagnostic=exc.diagnostic)
    target = path.resolve()
    source = target.read_bytes().decode("utf-8-sig")
    try:
        text, changes = migrate_text(source, document_type(path, schemas), schemas)
    except YAMLError as exc:
        return Migration(path, diagnostic=_error(shown, "migrate-unsupported", f"cannot migrate: {exc}"))
    if not changes:
        return Migration(path)
    if lost := lost_comments(source, text):
        line, comment = lost[0]
        message = (
            f"migrating would drop the comment `{comment[:60]}` (ruamel.yaml loses comments inside "
            "`[…]` or `{…}`); move it onto a line of its own; the file is left as it was"
        )
        return Migration(
            path, diagnostic=Diagnostic(Location(shown, line), Severity.ERROR, "migrate-comment", message)
        )
    if not check:
        try:
            _replace(target, text, shown)
        except (OSError, LoadError) as exc:
            reason = exc.diagnostic.message if isinstance(exc, LoadError) else exc.strerror or str(exc)
            return Migration(
                path, diagnostic=_error(shown, "migrate-write", f"cannot write the file: {reason}")
            )
    return Migration(path, tuple(changes))


def _replace(target: Path, text: str, shown: str) -> None:
    """Write `text` over `target` if it loads (a LoadError keeps the old file)."""
    write_atomic(target, text, check=lambda temp: load_yaml(temp, shown))


def _error(shown: str, rule: str, message: str) -> Diagnostic:
    return Diagnostic(Location(shown), Severity.ERROR, rule, message)
