"""OLD and NEW of `playbook diff`: folders or git revisions, paired playbook by playbook.

A spec that exists on disk is a folder: one playbook, or a folder holding playbooks/ (or being
one). Anything else is a git revision of the repository holding playbooks/: `REV` for all its
playbooks, `REV:NAME` for one (`HEAD:templates/founder-led`). Playbooks pair by name; two
single playbooks pair with each other (a template against a client).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.diagnostics import Diagnostic, display_path
from generator.core.errors import InvalidInput, UsageError
from generator.core.hints import nearest
from generator.diff.semantic import DiffReport, PlaybookDiff, diff_playbooks
from generator.diff.snapshot import diff_snapshot_files, snapshot_file, with_actuals
from generator.load.gitsource import TEMPLATES, materialise, names_in, repository, tree
from generator.load.sources import MANIFEST, PlaybookFolder
from generator.resolve.merge import FolderCache, ResolvedPlaybook, resolve
from generator.schema.schemas import SchemaSet, load_schemas

_NAME = re.compile(r"^(?:playbooks/)?((?:templates/)?[a-z0-9][a-z0-9-]*)/?$")


def diff_inputs(old: str, new: str, playbooks_dir: Path, client: str | None = None) -> DiffReport:
    """`playbook diff OLD NEW [CLIENT]`: each side a folder, `REV` or `REV:NAME` (see above).

    Errors that leave no faithful tree (YAML that does not load, a missing template) stop the
    diff with every diagnostic of both sides. Schema and rule findings do not: the diff shows
    data, `playbook validate` judges it (an old revision may predate today's schemas)."""
    old_file, new_file = snapshot_file(old), snapshot_file(new)
    if old_file and new_file:
        if client is not None:
            raise UsageError("CLIENT applies when OLD and NEW hold several playbooks, not two snapshots")
        return diff_snapshot_files(old_file, new_file)
    old_one, new_one = single_name(old), single_name(new)
    if client is not None and (old_one or new_one):
        raise UsageError("CLIENT applies when OLD and NEW hold several playbooks, not a single one")
    wanted = [client] if client else [n for n in (old_one, new_one) if n] or None
    schemas = load_schemas()
    with ExitStack() as stack:
        sides = (
            stack.enter_context(open_side(old, playbooks_dir, wanted)),
            stack.enter_context(open_side(new, playbooks_dir, wanted)),
        )
        pairs = list(_pairs(*sides, client))
        resolved = _resolve_all(sides, pairs, schemas)
        diffs = [_pair(pair, sides, resolved, schemas) for pair in pairs]
        return DiffReport(old, new, tuple(diffs))


Pair = tuple[str, str, str]  # the name shown, the playbook's name in OLD, its name in NEW


def _pairs(old: Side, new: Side, client: str | None) -> Iterator[Pair]:
    if old.single and new.single:
        (a,), (b,) = old.folders, new.folders
        yield (a if a == b else f"{a} → {b}"), a, b
        return
    if old.single or new.single:
        (name,) = (old if old.single else new).folders
        yield name, name, name
        return
    names = [*old.folders, *(n for n in new.folders if n not in old.folders)]
    if client is not None and client not in names:
        close = nearest(client, [*old.available, *new.available])
        hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
        raise UsageError(f"no playbook `{client}` in {old.label} or {new.label}{hint}")
    ordered = sorted(names, key=lambda n: (n.startswith("templates/"), n))
    yield from ((n, n, n) for n in ordered if client is None or n == client)


def _resolve_all(
    sides: tuple[Side, ...], pairs: list[Pair], schemas: SchemaSet
) -> dict[tuple[int, str], ResolvedPlaybook]:
    """Resolve every playbook of both sides, then fail once with every error found."""
    resolved: dict[tuple[int, str], ResolvedPlaybook] = {}
    errors: list[Diagnostic] = []
    for i, side in enumerate(sides):
        cache = FolderCache()  # a side's templates are loaded once for all its playbooks
        for name in dict.fromkeys(pair[i + 1] for pair in pairs):
            if name in side.folders:
                playbook = resolve(side.folders[name], schemas, cache)
                resolved[(i, name)] = playbook
                errors += [_shown(d, side) for d in playbook.diagnostics if d.is_error]
    if errors:
        raise InvalidInput(errors)
    return resolved


def _pair(
    pair: Pair, sides: tuple[Side, ...], resolved: dict[tuple[int, str], ResolvedPlaybook], schemas: SchemaSet
) -> PlaybookDiff:
    name, a, b = pair
    old, new = sides
    where = (old.where(a), new.where(b))
    if (0, a) not in resolved or (1, b) not in resolved:
        return PlaybookDiff(name, *where, (), "added" if (1, b) in resolved else "removed")
    diff = diff_playbooks(resolved[(0, a)], resolved[(1, b)], schemas, name=name, where=where)
    return with_actuals(diff, resolved[(0, a)], resolved[(1, b)])


def _shown(diagnostic: Diagnostic, side: Side) -> Diagnostic:
    location = replace(diagnostic.location, file=side.show(diagnostic.location.file))
    return replace(diagnostic, location=location)


@dataclass(frozen=True)
class Side:
    """One side of a diff: its playbook folders by name, and how to name where they came from."""

    label: str  # OLD or NEW as given
    folders: Mapping[str, PlaybookFolder]
    single: bool  # names one playbook, not a tree of them
    available: tuple[str, ...] = ()  # every playbook there, also those not read
    tmp: str | None = None  # a revision's temporary playbooks/ folder…
    shown_as: str = ""  # …and how to show it: `REV:playbooks`, git's own name for it

    def show(self, path: str) -> str:
        """A file of this side as the user should read it: `REV:playbooks/x/y.yaml` for a revision."""
        if self.tmp is None or not os.path.abspath(path).startswith(self.tmp + os.sep):
            return display_path(path)
        return f"{self.shown_as}/{Path(os.path.abspath(path)).relative_to(self.tmp).as_posix()}"

    def where(self, name: str) -> str:
        """Where the playbook `name` of this side lives."""
        return self.show(str(self.folders[name].path)) if name in self.folders else self.label


def single_name(spec: str) -> str | None:
    """The one playbook OLD or NEW names (a playbook folder, or `REV:NAME`), or None for a tree."""
    path = Path(spec)
    if path.exists():
        folder = path.parent if path.is_file() else path
        return _folder_name(folder) if (folder / MANIFEST).is_file() else None
    rev, sep, name = spec.rpartition(":")
    match = _NAME.fullmatch(name)
    return match.group(1) if sep and rev and match else None


def _folder_name(folder: Path) -> str:
    folder = folder.resolve()
    return f"{TEMPLATES}/{folder.name}" if folder.parent.name == TEMPLATES else folder.name


def _folders(root: Path) -> dict[str, PlaybookFolder]:
    """The playbooks of a playbooks/ folder: its children and the children of templates/."""
    candidates = [*root.glob(f"*/{MANIFEST}"), *root.glob(f"{TEMPLATES}/*/{MANIFEST}")]
    files = [p.relative_to(root).as_posix() for p in candidates if p.is_file()]
    return {name: PlaybookFolder((root / name).resolve()) for name in names_in(files)}


@contextmanager
def open_side(spec: str, playbooks_dir: Path, names: Collection[str] | None = None) -> Iterator[Side]:
    """OLD or NEW: a folder if the path exists, else a git revision of the repository holding
    `playbooks_dir` (`REV` for its playbooks, `REV:NAME` for one). `names` limits what is read."""
    path = Path(spec)
    if path.exists():
        yield _folder_side(spec, path.parent if path.is_file() else path)
        return
    rev, one = spec, single_name(spec)
    if one is not None:
        rev, names = spec.rpartition(":")[0], [one]
    try:
        repo = repository(playbooks_dir)
        files = tree(repo, rev)
    except UsageError as exc:
        raise UsageError(f"`{spec}` is neither a folder nor a revision: {exc}") from None
    present = names_in(files)
    if one is not None and one not in present:
        there = ", ".join(f"`{n}`" for n in present) or "none"
        raise UsageError(f"{rev}: no playbook `{one}` in {repo.playbooks}/ (playbooks there: {there})")
    with materialise(repo, files, names) as root:
        folders = _folders(root)
        if one is not None:
            folders = {one: folders[one]}
        shown = f"{rev}:{repo.playbooks}"
        yield Side(spec, folders, one is not None, tuple(present), str(root.resolve()), shown)


def _folder_side(spec: str, folder: Path) -> Side:
    if (folder / MANIFEST).is_file():
        name = _folder_name(folder)
        return Side(spec, {name: PlaybookFolder(folder.resolve())}, True, (name,))
    root = folder / "playbooks" if (folder / "playbooks").is_dir() else folder
    folders = _folders(root)
    if not folders:
        raise UsageError(f"{display_path(folder)}: holds no playbook (no {MANIFEST} found)")
    return Side(spec, folders, False, tuple(folders))
