"""Build one client and publish its site atomically: the previous site stays until the new one is whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.build.draft import check_draft, draft_model, draft_render
from generator.build.engines import DEFAULT_ENGINE, Engine
from generator.build.site import Checked, SiteExtras, build_epoch, build_into, check, model
from generator.build.site_marker import write_marker
from generator.core.diagnostics import Diagnostic
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook
from generator.publish.swap import staging, swap_into_place
from generator.schema.schemas import SchemaSet, load_schemas


@dataclass(frozen=True)
class BuildResult:
    """A published site, the warnings its playbook had, and what was recovered on the way."""

    client: str
    site: Path
    warnings: list[Diagnostic]
    notes: list[str] = field(default_factory=list)


def build_client(
    folder: PlaybookFolder,
    output_root: Path,
    strict: bool = False,
    stamp: str | None = None,
    engine: Engine = DEFAULT_ENGINE,
    draft: bool = False,
) -> BuildResult:
    """Build one client's site into `output_root/<client>/`; a failure leaves the old site as it was.

    `stamp` is the key of the inputs and options (see inputs.build_key), kept in the site's marker.
    A `draft` is built despite advice and reference errors, and marked as one (build/draft.py).
    """
    schemas = load_schemas()
    if draft:
        validation = check_draft(folder, schemas)
        playbook = draft_model(validation)
        return publish_client(validation, playbook, schemas, output_root, None, engine, draft=True)
    validation = check(folder, schemas, strict)
    return publish_client(validation, model(validation), schemas, output_root, stamp, engine)


def publish_client(
    validation: Checked,
    playbook: Playbook,
    schemas: SchemaSet,
    output_root: Path,
    stamp: str | None = None,
    engine: Engine = DEFAULT_ENGINE,
    draft: bool = False,
) -> BuildResult:
    """Build a checked client's site from its model into `output_root/<client>/`, atomically."""
    folder = validation.playbook.folder
    output_root = output_root.resolve()
    target = output_root / folder.name
    notes: list[str] = []
    with staging(output_root, folder.name, folder.project_root, notes) as stage, build_epoch():
        extras = SiteExtras(draft=draft)
        draft_render(
            validation,
            lambda: build_into(validation, schemas, stage, stage / "site", engine, extras, playbook),
        )
        write_marker(stage / "site", folder.name, stamp, draft=draft)
        swap_into_place(stage / "site", target)
    return BuildResult(folder.name, target, validation.diagnostics, notes)
