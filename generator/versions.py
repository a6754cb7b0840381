"""Versioned sites: every release tag `<client>/v<semver>` built into site/<client>/<version>/.

Releases are read from git objects into temporary folders, never by checking them out, so the
working tree is untouched and each version shows exactly what was released. Every page carries
a version switcher whose list is written at build time; older versions carry an outdated banner;
`latest/` is a copy of the newest; `index.html` lists them all.
"""

from __future__ import annotations

import re
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.build import SiteExtras, build_epoch, build_into, checked
from generator.diagnostics import Diagnostic, Location
from generator.diff import diff_playbooks
from generator.documents import DOCUMENTS_BY_NAME
from generator.engines import DEFAULT_ENGINE, Engine
from generator.errors import BuildError, InvalidInput, UsageError
from generator.gitsource import checkout, release_tags, repository
from generator.model import build_model
from generator.publish import staging, swap_into_place
from generator.render.environment import TEMPLATES, make_environment
from generator.render.pages import plan
from generator.render.text import code_spans
from generator.schema import SchemaSet, load_schemas
from generator.sources import PlaybookFolder
from generator.validate import Validation

LATEST = "latest"


@dataclass(frozen=True)
class Release:
    tag: str
    version: str
    validation: Validation
    pages: tuple[str, ...]


def _pages(validation: Validation) -> tuple[str, ...]:
    paths = [p.path for s in plan(build_model(validation.playbook)) for p in s.pages]
    return (*(p.removesuffix(".md") + ".html" for p in paths), "changes.html")


def _relocate(diagnostics: list[Diagnostic], temp: Path, tag: str) -> list[Diagnostic]:
    """Diagnostics of a checked-out release name `tag:playbooks/…`, not a temporary folder."""
    prefix = str(temp.parent)
    out = []
    for d in diagnostics:
        file = d.location.file
        if file.startswith(prefix):
            file = f"{tag}:{file[len(prefix) :].lstrip('/')}"
        out.append(
            Diagnostic(
                Location(file, d.location.line, d.location.column), d.severity, d.rule, d.message, d.field
            )
        )
    return out


def _releases(folder: PlaybookFolder, schemas: SchemaSet, strict: bool, stack: ExitStack) -> list[Release]:
    repo = repository(folder.path.parent)
    tags = release_tags(repo.root, folder.name)
    if not tags:
        raise UsageError(
            f"no release tags for {folder.name}: tag one with `git tag {folder.name}/v<version>`"
        )
    site_config = folder.project_root / "site_config"
    releases = []
    for tag, version in tags:
        playbooks = stack.enter_context(checkout(repo, tag, [folder.name]))
        if site_config.is_dir():  # the brand as it is today: presentation, not playbook content
            shutil.copytree(site_config, playbooks.parent / "site_config")
        at = PlaybookFolder(playbooks / folder.name)
        if not at.manifest.is_file():
            raise BuildError(f"tag {tag} holds no playbooks/{folder.name}/playbook.yaml")
        try:
            validation = checked(at, schemas, strict)
        except InvalidInput as exc:
            raise InvalidInput(_relocate(exc.diagnostics, playbooks, tag)) from None
        releases.append(Release(tag, version, validation, _pages(validation)))
    return releases


def changes_page(schemas: SchemaSet, previous: Release | None, release: Release) -> str:
    """The Markdown of a release's "What changed" page."""
    groups: dict[str, list[Markup]] = {}
    if previous is not None:
        diff = diff_playbooks(previous.validation.playbook, release.validation.playbook, schemas)
        for change in diff.changes:
            title = (
                DOCUMENTS_BY_NAME[change.document].title
                if change.document in DOCUMENTS_BY_NAME
                else change.document
            )
            groups.setdefault(title, []).append(code_spans(change.message))
    entry = _changelog_entry(release)
    return (
        make_environment()
        .get_template("changes.md.j2")
        .render(
            version=release.version,
            previous=previous.version if previous else None,
            released=entry.get("date", ""),
            summary=entry.get("summary", ""),
            groups=list(groups.items()),
        )
    )


def _changelog_entry(release: Release) -> dict[str, Any]:
    manifest = release.validation.playbook.documents["playbook"].data
    return next((e for e in manifest.get("changelog", []) if e["version"] == release.version), {})


def _switcher(releases: list[Release], current: Release) -> dict[str, Any]:
    latest = releases[-1]
    return {
        "current": current.version,
        "latest": latest.version,
        "latest_pages": list(latest.pages),
        "versions": [{"version": r.version, "pages": list(r.pages)} for r in reversed(releases)],
    }


def _index(releases: list[Release]) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    latest = releases[-1]
    brand = latest.validation.brand
    rows = [
        {
            "version": r.version,
            "date": _changelog_entry(r).get("date", ""),
            "summary": _changelog_entry(r).get("summary", ""),
        }
        for r in reversed(releases)
    ]
    return env.get_template("versions_index.html.j2").render(
        name=brand.name if brand else latest.validation.playbook.folder.name,
        language=brand.language if brand else "en",
        primary=_safe_color(brand.primary if brand else "#37474f"),
        on_primary=_safe_color(brand.on_primary if brand else "#ffffff"),
        link=_safe_color((brand.link or brand.primary) if brand else "#37474f"),
        latest=latest.version,
        releases=rows,
    )


def _safe_color(value: str) -> str:
    # Colours are validated hex values; anything else never reaches the stylesheet.
    return value if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value) else "#37474f"


def build_versions(
    folder: PlaybookFolder, output_root: Path, strict: bool = False, engine: Engine = DEFAULT_ENGINE
) -> Path:
    """Build every released version of a client into `output_root/<client>/` with `engine`;
    returns that folder."""
    schemas = load_schemas()
    output_root = output_root.resolve()
    target = output_root / folder.name
    with ExitStack() as stack, staging(output_root, folder.name) as stage, build_epoch():
        releases = _releases(folder, schemas, strict, stack)
        tree = stage / "tree"
        previous = None
        for release in releases:
            extras = SiteExtras(_switcher(releases, release), changes_page(schemas, previous, release))
            build_into(
                release.validation, schemas, stage / release.version, tree / release.version, engine, extras
            )
            previous = release
        shutil.copytree(tree / releases[-1].version, tree / LATEST)
        (tree / "index.html").write_text(_index(releases), encoding="utf-8")
        swap_into_place(tree, target)
    return target
