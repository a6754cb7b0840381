"""Write the Markdown and configuration `playbook build` generates for one client, and stop there:
`python -m bench.stage CLIENT_FOLDER STAGE`. Bench times a bare engine build of STAGE against a
whole `playbook build`, so both see exactly the same pages. Writes `mkdocs.yml` and, flattened
as the Zensical engine writes it, `zensical.yml`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.build.site import build_epoch, build_into, check
from generator.build.zensical_engine import OWN_SITE, VARIANT, flatten
from generator.load.sources import PlaybookFolder
from generator.schema.schemas import load_schemas


@dataclass(frozen=True)
class _Stop:
    """An engine that builds nothing: the stage is what is wanted."""

    name: str = "none"

    def build(self, config_file: Path, site_dir: Path) -> None:
        site_dir.mkdir(parents=True, exist_ok=True)

    def fingerprint(self) -> str:
        return "none"


def write_stage(folder: Path, stage: Path) -> None:
    schemas = load_schemas()
    with build_epoch():
        build_into(check(PlaybookFolder(folder), schemas), schemas, stage, stage / "unused-site", _Stop())
    config = flatten(stage / "mkdocs.yml")
    config["site_dir"] = str(stage / OWN_SITE)
    config["theme"].setdefault("variant", VARIANT)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (stage / "zensical.yml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_stage(Path(sys.argv[1]), Path(sys.argv[2]))
