"""The hand-off archive: built site, YAML, brand, schemas and HANDOFF.md, byte-identical for the same inputs."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from generator.build.inputs import STAMP
from generator.build.site import checked
from generator.core.documents import DOCUMENTS_BY_NAME
from generator.core.errors import UsageError
from generator.core.project import BRANDS as BRANDS_DIR
from generator.core.project import brand_path
from generator.core.resources import SCHEMA_DIR
from generator.load.gitsource import release_tags, repository
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook, build_model
from generator.publish.client import build_client
from generator.publish.versions import build_versions
from generator.render.environment import make_environment
from generator.schema.schemas import load_schemas
from generator.validate.folder import Validation

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: no build's clock leaks in


def _has_releases(folder: PlaybookFolder) -> list[str]:
    try:
        return [version for _, version in release_tags(repository(folder.path.parent).root, folder.name)]
    except UsageError:  # not a git repository: the working tree is the only version
        return []


def _parts(playbook: Playbook, validation: Validation) -> list[dict[str, str]]:
    def role(role_id: str) -> str:
        found = playbook.roles.get(role_id)
        return found.title if found else role_id

    parts = []
    for name, document in validation.playbook.documents.items():
        data = document.data
        title = DOCUMENTS_BY_NAME[name].title if name in DOCUMENTS_BY_NAME else name
        owner = role(data["owner"]) if data.get("owner") else "—"
        interval = f"{data['review_interval_days']} days" if data.get("review_interval_days") else "—"
        parts.append({"title": title, "owner": owner, "interval": interval})
    return parts


def handoff(validation: Validation, versions: list[str]) -> str:
    """The text of HANDOFF.md."""
    playbook = build_model(validation.playbook)
    chain = [f.name for f in validation.playbook.chain if f.is_template]
    deliverables = [
        {
            "name": d.name,
            "owner": playbook.roles[d.owner_after].title
            if d.owner_after in playbook.roles
            else d.owner_after,
        }
        for d in playbook.deliverables
    ]
    return (
        make_environment()
        .get_template("handoff.md.j2")
        .render(
            name=playbook.name,
            slug=playbook.slug,
            version=playbook.version,
            engagement=playbook.engagement,
            versions=versions,
            templates=chain,
            brand=playbook.brand,
            parts=_parts(playbook, validation),
            deliverables=deliverables,
        )
    )


def _entries(folder: PlaybookFolder, validation: Validation, site: Path) -> dict[str, Path | bytes]:
    """Archive name → file on disk (or content), for everything the client keeps."""
    root = folder.project_root
    entries: dict[str, Path | bytes] = {}
    for path in site.rglob("*"):
        if path.is_file() and path.name != STAMP:
            entries[f"site/{path.relative_to(site).as_posix()}"] = path
    for layer in validation.playbook.chain:
        for path in layer.path.rglob("*"):
            if path.is_file():
                entries[path.relative_to(root).as_posix()] = path
    brand = validation.brand
    if brand is not None and brand.source is not None:
        entries[brand_path(Path(), brand.source.stem).as_posix()] = brand.source
        for asset in brand.files[1:]:
            entries[(BRANDS_DIR / asset.relative_to((root / BRANDS_DIR).resolve())).as_posix()] = asset
    for path in SCHEMA_DIR.rglob("*.yaml"):
        entries[f"schemas/{path.relative_to(SCHEMA_DIR).as_posix()}"] = path
    return entries


def _write_zip(target: Path, entries: dict[str, Path | bytes], prefix: str) -> None:
    """Sorted entries, fixed times and permissions: the same inputs give the same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=FIXED_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                content = entries[name]
                archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def export(folder: PlaybookFolder, dist: Path) -> Path:
    """Write dist/<client>-playbook-<version>.zip; returns its path."""
    schemas = load_schemas()
    validation = checked(folder, schemas)
    version = validation.playbook.documents["playbook"].data["version"]
    versions = _has_releases(folder)
    with tempfile.TemporaryDirectory(prefix="playbook-export-") as tmp:
        site = build_versions(folder, Path(tmp)) if versions else build_client(folder, Path(tmp)).site
        entries: dict[str, Any] = _entries(folder, validation, site)
        entries["HANDOFF.md"] = handoff(validation, versions).encode()
        target = dist / f"{folder.name}-playbook-{version}.zip"
        _write_zip(target, entries, f"{folder.name}-playbook-{version}")
    return target
