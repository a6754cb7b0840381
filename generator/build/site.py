"""Build: model, render and run the engine for one validated client, in a staging folder."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.engines import Engine
from generator.build.selfcontained import external_references
from generator.core.clock import today
from generator.core.errors import BuildError, InvalidInput
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook, build_model
from generator.render import render_site
from generator.render.config import client_config, write_config
from generator.render.draft import mark_draft
from generator.render.field_reference import render_markdown
from generator.render.health import health_items
from generator.schema.schemas import SchemaSet
from generator.validate.brand import copy_brand_assets, neutral_brand
from generator.validate.folder import Validation, validate_folder


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


@dataclass(frozen=True)
class SiteExtras:
    """What a versioned build adds to a site: the switcher's data and the "What changed" page."""

    versions: dict[str, Any] | None = None
    changes: str | None = None
    draft: bool = False  # every page marked as a draft, with the findings about it (build/draft.py)


Checked = Validation
"""What `check` hands on, frozen: the resolved playbook, its diagnostics, brand and site overrides."""


def check(folder: PlaybookFolder, schemas: SchemaSet, strict: bool = False) -> Checked:
    """A validation that passed; otherwise every diagnostic is raised as InvalidInput.

    The first step of every command that builds: what follows reads its result and never
    validates again (versions, export, serve and pdf compose check → model → build)."""
    validation = validate_folder(folder, schemas)
    if validation.failed(strict):
        raise InvalidInput(validation.diagnostics)
    return validation


def model(validation: Checked) -> Playbook:
    """The typed playbook of a checked one, carrying its warnings for the health page."""
    return build_model(
        validation.playbook, validation.diagnostics, [s.snapshot for s in validation.snapshots]
    )


@dataclass(frozen=True)
class Pages:
    """What `render` wrote in a staging folder: Markdown, assets, brand and the engine's configuration."""

    config_file: Path
    site: Path  # where the configuration sends the built site


@dataclass(frozen=True)
class Site:
    """A built site, not yet published."""

    path: Path


def render(
    validation: Checked,
    playbook: Playbook,
    schemas: SchemaSet,
    stage: Path,
    site: Path,
    extras: SiteExtras | None = None,
) -> Pages:
    """Write a checked playbook's pages and configuration in `stage`, for a site built into `site`."""
    extras = extras or SiteExtras()
    docs = stage / "docs"
    rendered = render_site(playbook, docs, today(), render_markdown(schemas), extras.changes)
    if extras.draft:
        written = [page.path for section in rendered.sections for page in section.pages]
        mark_draft(docs, written, health_items(playbook))
    brand = validation.brand or neutral_brand(playbook.name)
    brand_theme = copy_brand_assets(brand, docs / "assets" / "brand")
    config = client_config(playbook, brand, brand_theme, rendered.nav, site, validation.site_overrides)
    if rendered.unlisted:
        config["not_in_nav"] = "\n".join(rendered.unlisted)
    if extras.versions:
        config["extra"] = {"playbook_versions": extras.versions}
    config_file = stage / "mkdocs.yml"
    write_config(config, config_file)
    return Pages(config_file, site)


def build(pages: Pages, engine: Engine) -> Site:
    """Run `engine` on rendered pages; a site that would load from other hosts is refused."""
    engine.build(pages.config_file, pages.site)
    leaks = external_references(pages.site)
    if leaks:
        raise BuildError("the site would load from other hosts: " + "; ".join(leaks[:5]))
    return Site(pages.site)


def build_into(
    validation: Validation,
    schemas: SchemaSet,
    stage: Path,
    site: Path,
    engine: Engine,
    extras: SiteExtras | None = None,
    playbook: Playbook | None = None,
) -> None:
    """Render a validated playbook in `stage` and build its site into `site` with `engine`
    (nothing is published). `playbook` is its model when the caller has built it already."""
    pages = render(validation, playbook or model(validation), schemas, stage, site, extras)
    build(pages, engine)
