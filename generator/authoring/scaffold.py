"""Scaffold a client playbook that extends a template: the files `playbook new` writes.

The manifest holds placeholders that validate; every other document the template has gets a
file that overrides nothing yet, so the client starts with the template's content and writes
only what differs. A placeholder brand, and the JSON Schemas the files' first line names for
editor completion, come with it. Every file is in `playbook fmt`'s canonical form.
"""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.jsonschema_export import write_json_schemas
from generator.authoring.yaml_format import format_text
from generator.core.diagnostics import display_path
from generator.core.documents import BRAND, DOCUMENTS_BY_NAME
from generator.core.errors import PlaybookError, UsageError
from generator.core.hints import nearest
from generator.core.project import Project, template_dirs
from generator.load.sources import MANIFEST, PlaybookFolder
from generator.resolve.merge import resolve
from generator.schema.schemas import SchemaSet
from generator.schema.types import ID_PATTERN

PLAYBOOKS = Path("playbooks")
BRANDS = Path("site_config") / "brands"
JSON_SCHEMAS = Path("schemas") / "json"
ENGAGEMENT_DAYS = 180
MAX_NAME = 80  # the shorter of a client's and a brand's name limits


@dataclass(frozen=True)
class Scaffolded:
    """What `scaffold_client` wrote."""

    folder: Path
    files: list[Path]
    brand: Path
    brand_written: bool
    json_schemas: Path


def scaffold_client(
    slug: str,
    template: str,
    name: str | None,
    today: datetime.date,
    schemas: SchemaSet,
    root: Path = Path("."),
) -> Scaffolded:
    """Write playbooks/SLUG extending TEMPLATE, its brand and the editor schemas, under `root`."""
    display = _display_name(slug, name)
    target = root / PLAYBOOKS / slug
    if target.exists():
        raise PlaybookError(f"{display_path(target)} already exists; pick another name or remove it first")
    template_folder = _template(root, template)
    documents = [d for d in resolve(template_folder, schemas).documents if d != "playbook"]
    texts = {MANIFEST: _manifest(slug, display, template, today, schemas)}
    for document in documents:
        texts[DOCUMENTS_BY_NAME[document].filename] = _document(document, display, template, today, schemas)
    files = _write_folder(target, texts)
    brand = root / BRANDS / f"{slug}.yml"
    brand_written = _write_new(brand, _brand(display, schemas))
    json_schemas = root / JSON_SCHEMAS
    write_json_schemas(schemas, json_schemas)
    return Scaffolded(target, files, brand, brand_written, json_schemas)


def _display_name(slug: str, name: str | None) -> str:
    if not ID_PATTERN.fullmatch(slug) or len(slug) > 64:
        raise UsageError(f"client `{slug}` must be a lowercase kebab-case ID such as `acme-corp`")
    if slug == "templates":
        raise UsageError("`templates` is the folder of templates; pick another client name")
    display = (name if name is not None else slug.replace("-", " ").title()).strip()
    if not display or len(display) > MAX_NAME or not display.isprintable():
        raise UsageError(f"--name must be 1 to {MAX_NAME} printable characters")
    return display


def _template(root: Path, name: str) -> PlaybookFolder:
    for templates in template_dirs(Project(root.resolve()).templates):
        if (templates / name / MANIFEST).is_file():
            return PlaybookFolder((templates / name).resolve())
    dirs = template_dirs(Project(root.resolve()).templates)
    known = sorted({p.parent.name for d in dirs for p in d.glob(f"*/{MANIFEST}")})
    close = nearest(name, known)
    hint = (
        f"; did you mean {', '.join(f'`{c}`' for c in close)}?"
        if close
        else f"; templates: {', '.join(known) or 'none'}"
    )
    raise UsageError(f"no template named `{name}` in {display_path(dirs[0])}/{hint}")


def _schema_line(document: str) -> str:
    return f"# yaml-language-server: $schema=../../{JSON_SCHEMAS.as_posix()}/{document}.schema.json\n"


def _manifest(slug: str, display: str, template: str, today: datetime.date, schemas: SchemaSet) -> str:
    end = today + datetime.timedelta(days=ENGAGEMENT_DAYS)
    text = f"""{_schema_line("playbook")}#
# The manifest of {display}'s playbook, built on the `{template}` template: the other documents
# here start empty and inherit the template's content. Replace the placeholders (CRO, sponsor,
# dates, ARR band, days per week) before the first release; currency and roles are inherited.
client:
  name: {json.dumps(display, ensure_ascii=False)}
  slug: {slug}
engagement:
  cro: To be named  # placeholder: the fractional CRO's name
  start: {today.isoformat()}
  end: {end.isoformat()}  # placeholder: {ENGAGEMENT_DAYS} days after the start
  arr_band: 1m-5m  # placeholder: under-1m, 1m-5m, 5m-10m, 10m-20m or over-20m
  days_per_week: 2  # placeholder
version: 0.1.0
changelog:
  - version: 0.1.0
    date: {today.isoformat()}
    summary: Playbook started from the {template} template.
extends: {template}
brand: {slug}
last_reviewed: {today.isoformat()}
"""
    return format_text(text, schemas.documents["playbook"], schemas)


def _document(document: str, display: str, template: str, today: datetime.date, schemas: SchemaSet) -> str:
    title = DOCUMENTS_BY_NAME[document].title
    # A document needs one field to load; the review date restarts the review clock for the client.
    body = (
        f"last_reviewed: {today.isoformat()}\n"
        if "last_reviewed" in schemas.documents[document]
        else "meta: {}\n"
    )
    text = f"""{_schema_line(document)}#
# {title} of {display}: inherited from the `{template}` template. Write here only what differs:
# an item with the template's `id` changes that item's fields, a new `id` adds one, and
# `- {{id: <id>, $remove: true}}` removes one; a mapping merges field by field, anything else
# replaces. `playbook show <client> --resolved` prints the result, `playbook schema` every field.
{body}"""
    return format_text(text, schemas.documents[document], schemas)


def _brand(display: str, schemas: SchemaSet) -> str:
    # Indigo with Material's pink A700: the lighter pink A200 (#FF4081) fails the 4.5:1 contrast
    # check for links on white (brand-contrast).
    text = f"""{_schema_line(BRAND)}#
# Placeholder brand: replace the colours, and add a logo, favicon and footer (site_config/README.md).
name: {json.dumps(display, ensure_ascii=False)}
colors:
  primary: "#3F51B5"
  accent: "#C51162"
language: en
"""
    return format_text(text, schemas.documents.get(BRAND), schemas)


def _write_folder(target: Path, texts: dict[str, str]) -> list[Path]:
    """Create `target` (never over an existing one) with the files; on failure, remove it again."""
    try:
        target.mkdir()
    except FileExistsError:
        raise PlaybookError(
            f"{display_path(target)} already exists; pick another name or remove it first"
        ) from None
    try:
        for filename, text in texts.items():
            (target / filename).write_text(text, encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise PlaybookError(f"cannot write {display_path(target)}: {exc.strerror}") from None
    return [target / filename for filename in texts]


def _write_new(path: Path, text: str) -> bool:
    """Write a file unless it exists (a brand may be made before its playbook)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True
