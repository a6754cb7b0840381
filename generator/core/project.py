"""A playbook project: the folder that holds playbooks/ and site_config/, found like git finds its root.

The root is the nearest folder, from the working directory upward, that holds the project file
(`playbook-project.yml`, written by `playbook init`) or, for projects made before it existed, a
`playbooks/` folder. Every command that reads a project gets this one object instead of paths
relative to the working directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import UsageError
from generator.core.resources import BUILTIN_TEMPLATES

PROJECT_FILE = "playbook-project.yml"
PLAYBOOKS = "playbooks"
BRANDS = Path("site_config") / "brands"
SITE_OVERRIDES = Path("site_config") / "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """Where a project's parts live. Every path is absolute."""

    root: Path

    @property
    def playbooks(self) -> Path:
        """Client playbooks, one folder each, and the project's own `templates/`."""
        return self.root / PLAYBOOKS

    @property
    def templates(self) -> Path:
        """The project's templates; one named like a built-in template overrides it."""
        return self.playbooks / "templates"

    @property
    def brands(self) -> Path:
        return self.root / BRANDS

    @property
    def site(self) -> Path:
        """Where `playbook build` publishes unless told otherwise."""
        return self.root / "site"

    @property
    def dist(self) -> Path:
        """Where `playbook export` writes hand-off archives unless told otherwise."""
        return self.root / "dist"

    @property
    def site_overrides(self) -> Path:
        """Optional MkDocs settings every client site of the project gets."""
        return self.root / SITE_OVERRIDES


def is_project_root(folder: Path) -> bool:
    return (folder / PROJECT_FILE).is_file() or (folder / PLAYBOOKS).is_dir()


def find_project(start: Path | None = None) -> Project:
    """The project holding `start` (the working directory by default), searched upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project_root(folder):
            return Project(folder)
    raise UsageError(
        f"{here} is not inside a playbook project (no {PROJECT_FILE} or {PLAYBOOKS}/ folder here "
        "or in any folder above); create one with `playbook init`, or name it with `-C DIR`"
    )


def project_of(folder: Path) -> Project:
    """The project a playbook folder belongs to: its parent's parent (templates one more up)."""
    parent = folder.resolve().parent
    if parent.name == "templates":
        parent = parent.parent
    return Project(parent.parent)


def template_dirs(own: Path) -> tuple[Path, ...]:
    """Where `extends` looks for a template, first match wins: the project's `own` templates
    folder (beside the playbooks), then the built-ins."""
    own, builtin = own.resolve(), BUILTIN_TEMPLATES.resolve()
    return (own,) if own == builtin else (own, builtin)


def brand_path(root: Path, name: str) -> Path:
    """The file of brand `name` in the project at `root`."""
    return root / BRANDS / f"{name}.yml"
