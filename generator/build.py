"""Build: validate, model, render and run the engine for one client, publishing atomically."""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import zensical_engine
from generator.brand import copy_brand_assets, neutral_brand
from generator.clock import today
from generator.diagnostics import Diagnostic
from generator.errors import BuildError, InvalidInput
from generator.field_reference import render_markdown
from generator.inputs import STAMP
from generator.mkdocs_engine import build_site
from generator.model import build_model
from generator.paths import VENDOR_DIR
from generator.publish import staging, swap_into_place
from generator.render import render_site
from generator.render.config import client_config, write_config
from generator.schema import SchemaSet, load_schemas
from generator.selfcontained import external_references
from generator.sources import PlaybookFolder
from generator.validate import Validation, validate_folder

SHIM = Path("iframe-worker")


@dataclass(frozen=True)
class BuildResult:
    """A published site and the warnings its playbook had."""

    client: str
    site: Path
    warnings: list[Diagnostic]


@contextmanager
def build_epoch() -> Iterator[None]:
    """Pin MkDocs' build date (sitemap) to the day, unless SOURCE_DATE_EPOCH says otherwise."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    midnight = datetime.datetime.combine(today(), datetime.time(), tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _copy_vendor(docs: Path) -> None:
    source = VENDOR_DIR / SHIM
    if not (source / "shim.js").is_file():
        raise BuildError(
            "the offline search shim is missing from .vendor/: run `make site` "
            "(or `python tools/fetch_vendor.py .vendor`) once, with access to the npm registry"
        )
    shutil.copytree(source, docs / "assets" / "vendor" / SHIM)


@dataclass(frozen=True)
class SiteExtras:
    """What a versioned build adds to a site: the switcher's data and the "What changed" page."""

    versions: dict[str, Any] | None = None
    changes: str | None = None
    engine: str = "mkdocs"


def checked(folder: PlaybookFolder, schemas: SchemaSet, strict: bool = False) -> Validation:
    """A validation that passed; otherwise every diagnostic is raised as InvalidInput."""
    validation = validate_folder(folder, schemas)
    if validation.failed(strict):
        raise InvalidInput(validation.diagnostics)
    return validation


def build_into(
    validation: Validation, schemas: SchemaSet, stage: Path, site: Path, extras: SiteExtras | None = None
) -> None:
    """Render a validated playbook in `stage` and build its site into `site` (nothing is published)."""
    extras = extras or SiteExtras()
    playbook = build_model(validation.playbook, validation.diagnostics)
    docs = stage / "docs"
    rendered = render_site(playbook, docs, today(), render_markdown(schemas), extras.changes)
    _copy_vendor(docs)
    brand = validation.brand or neutral_brand(playbook.name)
    brand_theme = copy_brand_assets(brand, docs / "assets" / "brand")
    config = client_config(playbook, brand, brand_theme, rendered.nav, site)
    if rendered.unlisted:
        config["not_in_nav"] = "\n".join(rendered.unlisted)
    if extras.versions:
        config["extra"] = {"playbook_versions": extras.versions}
    config_file = stage / "mkdocs.yml"
    write_config(config, config_file)
    if extras.engine == "zensical":
        zensical_engine.build_site(config_file)
    else:
        build_site(config_file)
    leaks = external_references(site)
    if leaks:
        raise BuildError("the site would load from other hosts: " + "; ".join(leaks[:5]))


def build_client(
    folder: PlaybookFolder,
    output_root: Path,
    strict: bool = False,
    stamp: str | None = None,
    engine: str = "mkdocs",
) -> BuildResult:
    """Build one client's site into `output_root/<client>/`; a failure leaves the old site as it was."""
    schemas = load_schemas()
    validation = checked(folder, schemas, strict)
    output_root = output_root.resolve()
    target = output_root / folder.name
    with staging(output_root, folder.name) as stage, build_epoch():
        build_into(validation, schemas, stage, stage / "site", SiteExtras(engine=engine))
        if stamp:
            (stage / "site" / STAMP).write_text(stamp + "\n", encoding="utf-8")
        swap_into_place(stage / "site", target)
    return BuildResult(folder.name, target, validation.diagnostics)
