"""`playbook init`: a new playbook project in any folder, ready for git, pre-commit and CI.

It writes only what is missing, so running it in an existing project (or twice) is safe: a
file that exists is kept and reported as kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import DISTRIBUTION, __version__
from generator.core.errors import PlaybookError
from generator.core.project import BRANDS, PLAYBOOKS, PROJECT_FILE, SITE_OVERRIDES
from generator.core.resources import shipped

PROJECT_TEXT = """\
# A playbook project: client playbooks in playbooks/<client>/, brands in site_config/brands/.
# Commands run from this folder or any folder below it find the project by this file.
# Made with {distribution} {version}; install the same with: pip install '{distribution}=={version}'
tool: {distribution}=={version}
"""

OVERRIDES_TEXT = """\
# MkDocs settings every client site of this project gets, merged over the tool's own base
# configuration (mappings merge, lists replace). Leave it empty to keep the defaults. Example:
#
# theme:
#   features: [navigation.tabs]
{}
"""

GITIGNORE_TEXT = """\
# Built sites and hand-off archives: rebuilt from the YAML, never committed.
/site/
/dist/
# CRM exports `playbook actuals` reads: client data, kept out of git; the snapshots it writes
# (playbooks/<client>/actuals/) hold only aggregates and are meant to be committed.
/playbooks/*/exports/
"""


@dataclass(frozen=True)
class Initialised:
    """What `init_project` wrote and what it found already there."""

    root: Path
    written: list[Path]
    kept: list[Path]


def _pinned(text: str) -> str:
    """Kit files name the distribution at a version; pin the one being run."""
    return re.sub(rf"{re.escape(DISTRIBUTION)}==[0-9][^\s\"']*", f"{DISTRIBUTION}=={__version__}", text)


def _files() -> dict[Path, str]:
    kit = shipped("data", "kit")
    return {
        Path(PROJECT_FILE): PROJECT_TEXT.format(distribution=DISTRIBUTION, version=__version__),
        Path(PLAYBOOKS) / ".gitkeep": "",
        BRANDS / ".gitkeep": "",
        SITE_OVERRIDES: OVERRIDES_TEXT,
        Path(".pre-commit-config.yaml"): _pinned(
            (kit / "pre-commit-config.yaml").read_text(encoding="utf-8")
        ),
        Path(".github") / "workflows" / "playbook.yml": _pinned(
            (kit / "github-workflow.yml").read_text(encoding="utf-8")
        ),
        Path(".gitignore"): GITIGNORE_TEXT,
    }


def init_project(root: Path) -> Initialised:
    """Create the project's folders and files under `root`, keeping any that exist."""
    written: list[Path] = []
    kept: list[Path] = []
    for relative, text in _files().items():
        path = root / relative
        if path.exists():
            kept.append(path)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise PlaybookError(f"cannot write {path}: {exc.strerror or exc}") from exc
        written.append(path)
    return Initialised(root, written, kept)
