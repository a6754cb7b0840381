"""`playbook fmt`: canonical YAML for playbook files, so diffs show only real changes.

Each file is loaded with generator.load.yaml_loader before and after formatting; formatting that
would change the data is refused, and a file is replaced only once its new text is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from generator.authoring.yaml_comments import lost_comments
from generator.authoring.yaml_format import format_text
from generator.core.atomic import write_atomic
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.documents import BRAND
from generator.core.errors import UsageError
from generator.load.snapshot import FOLDER as SNAPSHOTS
from generator.load.yaml_loader import LoadError, load_yaml
from generator.schema.schemas import SchemaSet

BRANDS_FOLDER = "brands"


def document_type(path: Path, schemas: SchemaSet) -> str | None:
    """The schema a file follows: its name in a playbook folder, `brand` in a brands folder."""
    if path.parent.name == BRANDS_FOLDER and BRAND in schemas.documents:
        return BRAND
    return path.stem if path.stem in schemas.documents else None


@dataclass(frozen=True)
class FileResult:
    """One file's outcome: whether it was (or would be) changed, or why it could not be read."""

    path: Path
    changed: bool = False
    diagnostic: Diagnostic | None = None


def _typed(value: Any) -> Any:
    """Data with each scalar's type made part of it, so `1`, `1.0` and `true` compare unequal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, repr(value))


def _error(path: Path, rule: str, message: str) -> Diagnostic:
    return Diagnostic(Location(display_path(path)), Severity.ERROR, rule, message)


def format_file(path: Path, schemas: SchemaSet, *, check: bool = False) -> FileResult:
    """Format one file in place (atomically), or with `check` only tell whether it would change.

    A symbolic link is written through: the file it points at is formatted and the link kept.
    """
    shown = display_path(path)
    try:
        before = load_yaml(path, shown)
    except LoadError as exc:
        return FileResult(path, diagnostic=exc.diagnostic)
    target = path.resolve()  # load_yaml has checked it exists and is a regular file
    raw = target.read_bytes()  # compared as bytes: CRLF line ends and a BOM are reformatted too
    source = raw.decode("utf-8-sig")
    try:
        document = document_type(path, schemas)
        schema = schemas.documents[document] if document else None
        formatted = format_text(source, schema, schemas)
    except YAMLError as exc:  # what our loader accepts but ruamel does not
        return FileResult(path, diagnostic=_error(path, "fmt-unsupported", f"cannot format: {exc}"))
    if formatted.encode("utf-8") == raw:
        return FileResult(path)
    lost = lost_comments(source, formatted)
    if lost:
        line, comment = lost[0]
        message = (
            f"formatting would drop the comment `{comment[:60]}` (ruamel.yaml loses comments inside "
            "`[…]` or `{…}`); move it onto a line of its own, outside the brackets; the file is left as it was"
        )
        where = Location(shown, line)
        return FileResult(path, diagnostic=Diagnostic(where, Severity.ERROR, "fmt-comment", message))
    if check:
        return FileResult(path, changed=True)
    try:
        return _replace(target, formatted, before.data, path)
    except OSError as exc:  # a read-only folder, a full disk
        reason = exc.strerror or str(exc)
        return FileResult(path, diagnostic=_error(path, "fmt-write", f"cannot write the file: {reason}"))


class _Changed(Exception):
    """The formatted text would load as other data."""


def _replace(target: Path, text: str, data: dict[str, Any], path: Path) -> FileResult:
    """Write `text` over `target` (the file `path` names) if it loads as the same data."""

    def same_data(temp: Path) -> None:
        if _typed(load_yaml(temp, display_path(path)).data) != _typed(data):
            raise _Changed

    try:
        write_atomic(target, text, check=same_data)
    except _Changed:
        message = "formatting would change the data; the file is left as it was (please report this)"
        return FileResult(path, diagnostic=_error(path, "fmt-data", message))
    except LoadError as exc:
        message = f"formatting would break the file ({exc.diagnostic.message}); it is left as it was"
        return FileResult(path, diagnostic=_error(path, "fmt-data", message))
    return FileResult(path, changed=True)


def yaml_files(paths: list[Path]) -> list[Path]:
    """The YAML files `paths` name: files as given, folders searched recursively.

    A folder's `actuals/` snapshots are left out: `playbook actuals` writes them in a layout of
    their own, and the site and `diff` read them byte for byte.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Actuals snapshots keep the layout `playbook actuals` writes them in; fmt leaves them alone.
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml") and p.is_file() and p.parent.name != SNAPSHOTS
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{display_path(path)}: no such file or folder")
    return list(dict.fromkeys(found))
