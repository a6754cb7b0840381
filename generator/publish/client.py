"""Build one client and publish its site atomically: the previous site stays until the new one is whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build.inputs import STAMP
from generator.build.site import SiteExtras, build_epoch, build_into, checked
from generator.core.diagnostics import Diagnostic
from generator.load.sources import PlaybookFolder
from generator.publish.swap import staging, swap_into_place
from generator.schema.schemas import load_schemas


@dataclass(frozen=True)
class BuildResult:
    """A published site and the warnings its playbook had."""

    client: str
    site: Path
    warnings: list[Diagnostic]


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
