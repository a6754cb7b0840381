"""The hand-off archive: site, YAML, brand, schemas, the tool's wheels and HANDOFF.md, byte-identical for the same inputs."""

from __future__ import annotations

import stat
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from generator.build.inputs import STAMP
from generator.build.site import check, model
from generator.build.site_marker import is_draft
from generator.core.atomic import replacing
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.documents import DOCUMENTS
from generator.core.errors import InvalidInput, UsageError
from generator.core.project import BRANDS as BRANDS_DIR
from generator.core.project import brand_path
from generator.core.resources import BUILTIN_TEMPLATES, SCHEMA_DIR
from generator.load.gitsource import release_tags, repository
from generator.load.snapshot import ACTUALS, snapshot_files
from generator.load.sources import PlaybookFolder
from generator.publish.client import publish_client
from generator.publish.distribution import LOCK, dependency_wheels, lock_text, tool_wheel, wheel_name
from generator.publish.handoff import Install, handoff
from generator.publish.versions import build_versions
from generator.schema.schemas import load_schemas
from generator.validate.folder import Validation

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: no build's clock leaks in


def _has_releases(folder: PlaybookFolder) -> list[str]:
    try:
        return [version for _, version in release_tags(repository(folder.path.parent).root, folder.name)]
    except UsageError:  # not a git repository: the working tree is the only version
        return []


def _confined(path: Path, root: Path) -> Path:
    """`path` if it is a regular file inside the project (through any symlink); refused otherwise."""
    real = path.resolve()
    if not real.is_file() or not real.is_relative_to(root.resolve()):
        where = Location(display_path(path))
        message = "is a symlink to a file outside the project; export copies only files inside it"
        raise InvalidInput([Diagnostic(where, Severity.ERROR, "export-outside", message)])
    return real


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def _entries(folder: PlaybookFolder, validation: Validation, site: Path) -> dict[str, Path | bytes]:
    """Archive name → file on disk (or content): only what the tool read or built, never a dotfile."""
    if is_draft(site):  # a draft shows work in progress; the client's archive holds a real build
        raise UsageError(f"{display_path(site)} is a draft site: a draft is never exported")
    root = folder.project_root
    entries: dict[str, Path | bytes] = {}
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name != STAMP:
            entries[f"site/{path.relative_to(site).as_posix()}"] = path
    # The documents the loader reads: one `<document>.yaml` per known document, in each layer.
    # The archive is a project of its own: playbooks/<client>/ and playbooks/templates/<name>/,
    # built-in templates included, so it rebuilds with any later version of the tool.
    for layer in validation.playbook.chain:
        builtin = layer.path.resolve().is_relative_to(BUILTIN_TEMPLATES.resolve())
        inside = BUILTIN_TEMPLATES if builtin else root
        prefix = f"playbooks/templates/{layer.name}" if layer.is_template else f"playbooks/{layer.name}"
        for doc in DOCUMENTS:
            path = layer.path / doc.filename
            if path.is_file() or path.is_symlink():
                entries[f"{prefix}/{doc.filename}"] = _confined(path, inside)
    # The client's measured snapshots: the site's actuals page is built from them. The CRM exports
    # they were computed from are the client's raw data and stay out (as they stay out of git).
    client = validation.playbook.folder
    for path in snapshot_files(client.path):
        entries[f"playbooks/{client.name}/{ACTUALS}/{path.name}"] = _confined(path, root)
    brand = validation.brand
    if brand is not None and brand.source is not None:
        entries[brand_path(Path(), brand.source.stem).as_posix()] = _confined(brand.source, root)
        for asset in brand.files[1:]:
            name = (BRANDS_DIR / asset.relative_to((root / BRANDS_DIR).resolve())).as_posix()
            entries[name] = _confined(asset, root)
    for pattern in ("*.yaml", "json/*.json"):
        for path in SCHEMA_DIR.glob(pattern):
            entries[f"schemas/{path.relative_to(SCHEMA_DIR).as_posix()}"] = path
    return {name: content for name, content in entries.items() if not _hidden(name)}


def _tool(with_dependencies: bool) -> tuple[dict[str, Path | bytes], Install]:
    """The lock, the tool's wheel and (on request) its dependencies' wheels, and how to install them."""
    entries: dict[str, Path | bytes] = {LOCK: lock_text(), f"wheels/{wheel_name()}": tool_wheel()}
    if with_dependencies:
        for name, wheel in dependency_wheels().items():
            entries[f"wheels/{name}"] = wheel
    platform = f"CPython {sys.version_info.major}.{sys.version_info.minor} on {sysconfig.get_platform()}"
    return entries, Install(offline=with_dependencies, platform=platform)


def _write_zip(target: Path, entries: dict[str, Path | bytes], prefix: str) -> None:
    """Sorted entries, fixed times and ordinary permissions (files 0644, folders 0755, recorded as
    Unix modes so unzip applies them): the same inputs give the same bytes."""
    folders = {prefix, *(f"{prefix}/{p}" for name in entries for p in _parents(name))}
    with (
        replacing(target) as temp,
        zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for name in sorted([*(f"{f}/" for f in folders), *(f"{prefix}/{n}" for n in entries)]):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3  # Unix, whatever system wrote it
            if name.endswith("/"):
                info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10  # 0x10: MS-DOS folder flag
                archive.writestr(info, b"")
                continue
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            content = entries[name[len(prefix) + 1 :]]
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())


def _parents(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def export(folder: PlaybookFolder, dist: Path, with_dependencies: bool = False) -> Path:
    """Write dist/<client>-playbook-<version>.zip; returns its path."""
    # Checked and modelled once: the site (without releases) and HANDOFF.md read the same results.
    schemas = load_schemas()
    validation = check(folder, schemas)
    playbook = model(validation)
    version = validation.playbook.documents["playbook"].data["version"]
    versions = _has_releases(folder)
    with tempfile.TemporaryDirectory(prefix="playbook-export-") as tmp:
        if versions:  # each release is checked and modelled once, from its own tag
            site = build_versions(folder, Path(tmp))
        else:
            site = publish_client(validation, playbook, schemas, Path(tmp)).site
        entries: dict[str, Any] = _entries(folder, validation, site)
        tool, install = _tool(with_dependencies)
        entries.update(tool)
        listed = sorted(name for name in entries if not name.startswith("site/"))
        entries["HANDOFF.md"] = handoff(validation, playbook, versions, install, listed).encode()
        target = dist / f"{folder.name}-playbook-{version}.zip"
        _write_zip(target, entries, f"{folder.name}-playbook-{version}")
    return target
