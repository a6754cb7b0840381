"""Find playbook folders and load their YAML documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core import limits
from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.documents import DOCUMENTS_BY_NAME
from generator.core.errors import UsageError
from generator.core.hints import nearest
from generator.core.project import find_project, project_of, template_dirs
from generator.load.yaml_loader import LoadedFile, LoadError, load_yaml

MANIFEST = "playbook.yaml"


@dataclass(frozen=True)
class PlaybookFolder:
    """A client playbook or a template: a folder holding `playbook.yaml` and its documents."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_template(self) -> bool:
        return self.path.parent.name == "templates"

    @property
    def templates_dirs(self) -> tuple[Path, ...]:
        """Where the templates this playbook may extend live: its project's, then the built-ins."""
        return template_dirs(self.path.parent if self.is_template else self.path.parent / "templates")

    @property
    def project_root(self) -> Path:
        """The project folder that holds playbooks/ (and site_config/)."""
        return project_of(self.path).root

    def template(self, name: str) -> PlaybookFolder | None:
        """The template `extends: name` means, or None when no template folder has it."""
        for folder in self.templates_dirs:
            candidate = PlaybookFolder(folder / name)
            if candidate.manifest.is_file():
                return candidate
        return None

    def known_templates(self) -> list[str]:
        return sorted({p.parent.name for d in self.templates_dirs for p in d.glob(f"*/{MANIFEST}")})

    @property
    def manifest(self) -> Path:
        return self.path / MANIFEST


@dataclass
class LoadedFolder:
    """The documents of one folder that loaded, and the diagnostics of those that did not."""

    folder: PlaybookFolder
    files: dict[str, LoadedFile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)


def _is_playbook(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def find_playbooks(paths: list[Path]) -> list[PlaybookFolder]:
    """Playbook folders named by `paths`: a playbook folder, a file in one, or a folder of them."""
    found: list[PlaybookFolder] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{display_path(path)}: no such file or folder")
        folder = path.parent if path.is_file() else path
        if _is_playbook(folder):
            found.append(PlaybookFolder(folder.resolve()))
            continue
        children = sorted(p for p in folder.iterdir() if p.is_dir())
        nested = [c for c in children if _is_playbook(c)]
        templates = folder / "templates"
        if templates.is_dir():
            nested += sorted(p for p in templates.iterdir() if p.is_dir() and _is_playbook(p))
        if not nested:
            raise UsageError(f"{display_path(path)}: holds no playbook (no {MANIFEST} found)")
        found.extend(PlaybookFolder(p.resolve()) for p in nested)
    return list(dict.fromkeys(found))


def load_folder(folder: PlaybookFolder) -> LoadedFolder:
    """Load every document of a folder; a file that fails becomes a diagnostic, not an exception."""
    loaded = LoadedFolder(folder)
    files = sorted(folder.path.glob("*.yaml")) + sorted(folder.path.glob("*.yml"))
    if len(files) > limits.MAX_FILES:
        where = Location(display_path(folder.path))
        loaded.diagnostics.append(
            Diagnostic(where, Severity.ERROR, "files-limit", f"more than {limits.MAX_FILES} YAML files")
        )
        return loaded
    for path in files:
        shown = display_path(path)
        name = path.stem
        if path.suffix != ".yaml" or name not in DOCUMENTS_BY_NAME:
            loaded.diagnostics.append(_unknown_document(path, shown))
            continue
        try:
            loaded.files[name] = load_yaml(path, shown, root=folder.project_root)
        except LoadError as exc:
            loaded.diagnostics.append(exc.diagnostic)
            loaded.broken.add(name)
    return loaded


def _unknown_document(path: Path, shown: str) -> Diagnostic:
    known = [doc.filename for doc in DOCUMENTS_BY_NAME.values()]
    close = nearest(path.name, known, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f"; known documents: {', '.join(known)}"
    return Diagnostic(
        Location(shown), Severity.ERROR, "document-unknown", f"unknown document `{path.name}`{hint}"
    )


def find_client(name: str, playbooks: Path | None = None) -> PlaybookFolder:
    """The playbook folder a name or path on the command line means (in the project's playbooks/
    unless `playbooks` names another folder)."""
    playbooks = playbooks or find_project().playbooks
    as_path = Path(name)
    for candidate in (as_path, playbooks / name):
        if (candidate / "playbook.yaml").is_file():
            return PlaybookFolder(candidate.resolve())
    known = sorted(p.name for p in playbooks.glob("*") if (p / "playbook.yaml").is_file())
    close = nearest(name, known)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; clients: {', '.join(known) or 'none'}"
    raise UsageError(f"no playbook named `{name}` in {playbooks}/{hint}")
