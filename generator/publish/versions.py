"""Versioned sites: every release tag `<client>/v<semver>` built into site/<client>/<version>/.

Releases are read from git objects into temporary folders, never by checking them out, so the
working tree is untouched and each version shows exactly what was released. Tags are read as
normalised versions (`v01.2.3+build.5` is 1.2.3); two tags for one version are refused. Every
page carries a version switcher fed by one shared `versions-list.js` beside the versions; older
versions carry an outdated banner; `latest/` is a copy of the newest; `index.html` lists them all.
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.build.engines import DEFAULT_ENGINE, Engine
from generator.build.site import SiteExtras, build_epoch, build_into, check, model
from generator.build.site_marker import write_marker
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.documents import document_title
from generator.core.errors import BuildError, InvalidInput, UsageError
from generator.diff.semantic import diff_playbooks
from generator.load.confined import copy_confined
from generator.load.gitsource import checkout, normalised_version, release_tags, repository
from generator.load.locations import locate
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook
from generator.publish.client import BuildResult
from generator.publish.swap import staging, swap_into_place
from generator.render.environment import TEMPLATES, make_environment
from generator.render.pages import plan
from generator.render.text import code_spans
from generator.schema.schemas import SchemaSet, load_schemas
from generator.validate.folder import Validation

LATEST = "latest"
VERSIONS_SCRIPT = "versions-list.js"
"""The shared list of versions, next to the version folders; every page loads it."""


@dataclass(frozen=True)
class Release:
    tag: str
    version: str
    validation: Validation
    playbook: Playbook  # modelled once: the switcher's page list and the site both read it
    pages: tuple[str, ...]


def _pages(playbook: Playbook) -> tuple[str, ...]:
    paths = [p.path for s in plan(playbook) for p in s.pages]
    return (*(p.removesuffix(".md") + ".html" for p in paths), "changes.html")


def _relocate(
    diagnostics: list[Diagnostic], temp: Path, tag: str, project: Path | None = None
) -> list[Diagnostic]:
    """Diagnostics of a checked-out release name `tag:playbooks/…`, not a temporary folder; those
    of site_config/, which comes from the working tree, name the working tree's file."""
    prefix = str(temp.parent)
    out = []
    for d in diagnostics:
        file = d.location.file
        if file.startswith(prefix):
            inside = file[len(prefix) :].lstrip("/")
            if project is not None and inside.startswith("site_config/"):
                file = display_path(project / inside)
            else:
                file = f"{tag}:{inside}"
        out.append(replace(d, location=Location(file, d.location.line, d.location.column)))
    return out


def _duplicates(tags: list[tuple[str, str]]) -> list[Diagnostic]:
    """One error per version named by more than one tag: which one is the release is unclear."""
    by_version: dict[str, list[str]] = {}
    for tag, version in tags:
        by_version.setdefault(version, []).append(tag)
    found = []
    for version, names in by_version.items():
        if len(names) > 1:
            listed = ", ".join(f"`{n}`" for n in names)
            message = (
                f"tags {listed} all release version {version}; keep one and delete the others "
                f"(`git tag -d {names[0]}`)"
            )
            found.append(Diagnostic(Location(names[-1]), Severity.ERROR, "version-tag-duplicate", message))
    return found


def _tag_mismatch(validation: Validation, tag: str, version: str, strict: bool) -> list[Diagnostic]:
    """A warning (an error with --strict) when the manifest at `tag` names another version."""
    manifest = validation.playbook.documents["playbook"]
    stated = manifest.data.get("version")
    if not isinstance(stated, str) or normalised_version(stated) == version:
        return []
    severity = Severity.ERROR if strict else Severity.WARNING
    message = f"tag `{tag}` releases version {version}, but the manifest's `version` is {stated}"
    where = locate(manifest.origins, ("version",))
    return [Diagnostic.at(where, severity, "version-tag-mismatch", message, ("version",))]


def _releases(
    folder: PlaybookFolder, schemas: SchemaSet, strict: bool, stack: ExitStack, warnings: list[Diagnostic]
) -> list[Release]:
    repo = repository(folder.path.parent)
    tags = release_tags(repo.root, folder.name)
    if not tags:
        raise UsageError(
            f"no release tags for {folder.name}: tag one with `git tag {folder.name}/v<version>`"
        )
    duplicates = _duplicates(tags)
    if duplicates:
        raise InvalidInput(duplicates)
    site_config = folder.project_root / "site_config"
    releases = []
    for tag, version in tags:
        playbooks = stack.enter_context(checkout(repo, tag, [folder.name]))
        if site_config.is_dir():  # the brand as it is today: presentation, not playbook content
            copy_confined(site_config, playbooks.parent / "site_config", folder.project_root)
        at = PlaybookFolder(playbooks / folder.name)
        if not at.manifest.is_file():
            raise BuildError(f"tag {tag} holds no playbooks/{folder.name}/playbook.yaml")
        try:
            validation = check(at, schemas, strict)
        except InvalidInput as exc:
            raise InvalidInput(_relocate(exc.diagnostics, playbooks, tag, folder.project_root)) from None
        mismatch = _relocate(_tag_mismatch(validation, tag, version, strict), playbooks, tag)
        if strict and mismatch:
            raise InvalidInput(mismatch)
        warnings.extend(_relocate(validation.diagnostics, playbooks, tag, folder.project_root) + mismatch)
        playbook = model(validation)
        releases.append(Release(tag, version, validation, playbook, _pages(playbook)))
    return releases


def changes_page(schemas: SchemaSet, previous: Release | None, release: Release) -> str:
    """The Markdown of a release's "What changed" page."""
    groups: dict[str, list[Markup]] = {}
    if previous is not None:
        diff = diff_playbooks(previous.validation.playbook, release.validation.playbook, schemas)
        for change in diff.changes:
            groups.setdefault(document_title(change.document), []).append(code_spans(change.message))
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
    """What one version's pages need at build time: the outdated banner. The list of versions
    is not in it: every page loads the one shared list (VERSIONS_SCRIPT), so a page's size
    does not grow with the number of releases."""
    latest = releases[-1]
    return {"current": current.version, "latest": latest.version, "latest_pages": list(latest.pages)}


def versions_script(releases: list[Release]) -> str:
    """The shared list of versions, as a script: a `<script src>` loads it from file:// too."""
    data = {
        "latest": releases[-1].version,
        "versions": [{"version": r.version, "pages": list(r.pages)} for r in reversed(releases)],
    }
    # ensure_ascii: the file is plain ASCII JavaScript whatever the page names hold.
    return f"window.playbookVersions = {json.dumps(data, sort_keys=True, ensure_ascii=True)};\n"


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


def publish_versions(
    folder: PlaybookFolder, output_root: Path, strict: bool = False, engine: Engine = DEFAULT_ENGINE
) -> BuildResult:
    """Build every released version of a client into `output_root/<client>/` with `engine`."""
    schemas = load_schemas()
    output_root = output_root.resolve()
    target = output_root / folder.name
    notes: list[str] = []
    warnings: list[Diagnostic] = []
    with (
        ExitStack() as stack,
        staging(output_root, folder.name, folder.project_root, notes) as stage,
        build_epoch(),
    ):
        releases = _releases(folder, schemas, strict, stack, warnings)
        tree = stage / "tree"
        previous = None
        for release in releases:
            extras = SiteExtras(_switcher(releases, release), changes_page(schemas, previous, release))
            build_into(
                release.validation,
                schemas,
                stage / release.version,
                tree / release.version,
                engine,
                extras,
                release.playbook,
            )
            previous = release
        shutil.copytree(tree / releases[-1].version, tree / LATEST)
        (tree / "index.html").write_text(_index(releases), encoding="utf-8")
        (tree / VERSIONS_SCRIPT).write_text(versions_script(releases), encoding="utf-8")
        write_marker(tree, folder.name, None)
        swap_into_place(tree, target)
    return BuildResult(folder.name, target, warnings, notes)


def build_versions(
    folder: PlaybookFolder, output_root: Path, strict: bool = False, engine: Engine = DEFAULT_ENGINE
) -> Path:
    """Build every released version of a client into `output_root/<client>/`; returns that folder."""
    return publish_versions(folder, output_root, strict, engine).site
