"""Semantic diff of two resolved playbooks, document by document, walking the schema.

Mappings compare field by field. A keyed list (generator/schema/view.py) matches its
items by its key, never by position, so an edited item is one change and a moved one is a
reorder; other lists compare as lists of values. Every change is phrased in playbook terms
and names the site page it touches, so a pull-request comment can list them.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any, Literal

from generator.core.documents import DOCUMENTS, DOCUMENTS_BY_NAME, SITE_DOCUMENTS
from generator.diff import labels
from generator.resolve.merge import ResolvedPlaybook
from generator.schema.schemas import SchemaSet
from generator.schema.view import KeyedList, Node, fields_of, item_of

IDENTITY = frozenset({"client", "template", "engagement", "extends", "version", "changelog", "brand"})
"""Manifest fields that say which playbook this is, not how it sells: ignored across playbooks."""

INDEX_PAGES = {doc.name: doc.page for doc in DOCUMENTS}
"""The page a change to each document as a whole shows on (see generator/core/documents.py)."""
NAV = (
    "index.md",
    "team.md",
    *(d.page.removesuffix("index.md") for d in SITE_DOCUMENTS if d.required),
)
"""Navigation order of the pages a diff touches: a section's folder ranks all its pages; one-page
operating documents come after, by name."""


class Kind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    REORDERED = "reordered"


@dataclass(frozen=True)
class Step:
    """One step of a change's path: a field, and the item's ID when the field is a keyed list."""

    field: str
    key: str | None = None
    unique: bool = False  # the ID is unique in its document (a collection's): it names the item alone
    parent: str = ""  # the field above, for names that mean two things (`threatens.stages`)

    @property
    def noun(self) -> str:
        return labels.noun(self.field, self.parent)


@dataclass(frozen=True)
class Change:
    """One difference: where (document, path of IDs), what kind, the values, and the page it touches."""

    document: str
    steps: tuple[Step, ...]
    kind: Kind
    old: Any
    new: Any
    page: str
    message: str  # in playbook terms: "stage `demo`: probability 0.3 → 0.4"

    @property
    def path(self) -> str:
        """`stages[demo].exit_criteria[budget-confirmed]`: the field path with IDs for indices."""
        return ".".join(s.field + (f"[{s.key}]" if s.key is not None else "") for s in self.steps)

    @property
    def where(self) -> str:
        """`stage demo › exit criterion budget-confirmed › statement`."""
        return " › ".join(
            f"{s.noun} {s.key}" if s.key is not None else labels.field(s.field) for s in self.steps
        )

    @property
    def group(self) -> str:
        """The top-level item (or field) the change belongs to: `stage `demo``, `framework`."""
        if not self.steps:
            return "document"
        top = self.steps[0]
        return f"{top.noun} `{top.key}`" if top.key is not None else labels.field(top.field)


@dataclass(frozen=True)
class AffectedPage:
    path: str  # relative to the site's docs folder, e.g. `pipeline/demo.md`
    kind: Kind  # ADDED: a new page; REMOVED: the page goes; CHANGED: its content changes


Status = Literal["changed", "unchanged", "added", "removed"]  # added: only in NEW; removed: only in OLD


@dataclass(frozen=True)
class PlaybookDiff:
    """What changed in one playbook between two revisions (or between two playbooks)."""

    name: str
    old: str  # where each side came from, e.g. `HEAD~1:playbooks/fernhill`
    new: str
    changes: tuple[Change, ...] = ()
    status: Status = "changed"

    def documents(self) -> dict[str, dict[str, list[Change]]]:
        """Changes by document, then by top-level item, in document order."""
        grouped: dict[str, dict[str, list[Change]]] = {}
        for change in self.changes:
            grouped.setdefault(change.document, {}).setdefault(change.group, []).append(change)
        return grouped

    def pages(self) -> tuple[AffectedPage, ...]:
        """The site pages the changes touch, in navigation order."""
        kinds: dict[str, Kind] = {}
        for c in self.changes:
            whole = len(c.steps) == 1 and c.steps[0].key is not None and c.page != _index_page(c.document)
            kind = c.kind if whole and c.kind in (Kind.ADDED, Kind.REMOVED) else Kind.CHANGED
            kinds[c.page] = kind if kinds.get(c.page, kind) == kind else Kind.CHANGED
        return tuple(AffectedPage(p, kinds[p]) for p in sorted(kinds, key=_nav_order))


@dataclass(frozen=True)
class DiffReport:
    """Every playbook compared between OLD and NEW."""

    old: str
    new: str
    playbooks: tuple[PlaybookDiff, ...]

    @property
    def changed(self) -> bool:
        return any(p.status != "unchanged" for p in self.playbooks)

    def counts(self) -> Counter[str]:
        """Changes by kind, across playbooks."""
        return Counter(c.kind.value for p in self.playbooks for c in p.changes)


def diff_playbooks(
    old: ResolvedPlaybook,
    new: ResolvedPlaybook,
    schemas: SchemaSet,
    ignore: Collection[str] | None = None,
    name: str | None = None,
    where: tuple[str, str] = ("", ""),
) -> PlaybookDiff:
    """Compare two resolved playbooks. `ignore` names manifest fields to leave out; by default
    the IDENTITY fields when the two are different playbooks (a template against a client)."""
    if ignore is None:
        same = (old.folder.name, old.folder.is_template) == (new.folder.name, new.folder.is_template)
        ignore = () if same else IDENTITY
    changes: list[Change] = []
    for doc in DOCUMENTS:
        before, after = old.documents.get(doc.name), new.documents.get(doc.name)
        if before is None and after is None:
            continue
        old_data, new_data = (before.data if before else None), (after.data if after else None)
        if doc.name == "playbook":
            old_data, new_data = _without(old_data, ignore), _without(new_data, ignore)
        changes.extend(diff_document(schemas, doc.name, old_data, new_data))
    name = name or (
        new.folder.name if new.folder.name == old.folder.name else f"{old.folder.name} → {new.folder.name}"
    )
    return PlaybookDiff(name, *where, tuple(changes), "changed" if changes else "unchanged")


def _without(data: dict[str, Any] | None, fields: Collection[str]) -> dict[str, Any] | None:
    return None if data is None else {k: v for k, v in data.items() if k not in fields}


def diff_document(schemas: SchemaSet, document: str, old: Any, new: Any) -> list[Change]:
    """The changes between two versions of one document's data (None: the document is absent)."""
    differ = _Differ(schemas, document)
    if old is None or new is None:
        title = next(d.title for d in DOCUMENTS if d.name == document)
        kind = Kind.ADDED if old is None else Kind.REMOVED
        differ.emit(kind, (), old, new, f"{title} ({document}.yaml) {kind.value}")
    else:
        differ.compare(schemas.view(document), old, new, ())
    return differ.changes


class _Differ:
    """Walks two versions of a document alongside its schema, collecting changes."""

    def __init__(self, schemas: SchemaSet, document: str) -> None:
        self.schemas = schemas
        self.document = document
        self.changes: list[Change] = []

    def emit(self, kind: Kind, steps: tuple[Step, ...], old: Any, new: Any, text: str) -> None:
        context = labels.context(steps)
        message = f"{context}: {text}" if context else text
        self.changes.append(
            Change(self.document, steps, kind, old, new, _page(self.document, steps), message)
        )

    def compare(self, node: Node | None, old: Any, new: Any, steps: tuple[Step, ...]) -> None:
        # Data of the wrong type (the diff does not validate) gets no node rather than a wrong one.
        if old == new:
            return
        if isinstance(old, dict) and isinstance(new, dict):
            self._mapping(node, old, new, steps)
        elif isinstance(old, list) and isinstance(new, list):
            if isinstance(node, KeyedList) and _keyed(old, node.key) and _keyed(new, node.key):
                self._keyed(node, old, new, steps)
            else:
                self._values(node, old, new, steps)
        else:
            before, after = labels.shown_pair(old, new, node)
            self.emit(Kind.CHANGED, steps, old, new, f"{labels.subject(steps)} {before} → {after}")

    def _mapping(
        self, node: Node | None, old: dict[str, Any], new: dict[str, Any], steps: tuple[Step, ...]
    ) -> None:
        fields = fields_of(node)
        parent = steps[-1].field if steps else ""
        for name in [*old, *(k for k in new if k not in old)]:
            child = fields.get(name)
            here = (*steps, Step(str(name), parent=parent))
            if name in old and name in new:
                self.compare(child, old[name], new[name], here)
                continue
            value = old[name] if name in old else new[name]
            if isinstance(value, dict | list):
                # A list or mapping that appears or goes compares with an empty one, item by item.
                empty = type(value)()
                self.compare(child, old.get(name, empty), new.get(name, empty), here)
            else:
                kind = Kind.REMOVED if name in old else Kind.ADDED
                before, after = (value, None) if kind is Kind.REMOVED else (None, value)
                text = f"{labels.subject(here)} {kind.value} — {labels.show(value, child)}"
                self.emit(kind, here, before, after, text)

    def _keyed(self, node: KeyedList, old: list[Any], new: list[Any], steps: tuple[Step, ...]) -> None:
        item_node, key = node.item, node.key
        olds = {str(item[key]): item for item in old}
        news = {str(item[key]): item for item in new}
        unique = node.collection is not None
        *above, at = steps
        if [k for k in olds if k in news] != [k for k in news if k in olds]:
            text = f"{labels.subject(steps)} reordered — {', '.join(olds)} → {', '.join(news)}"
            self.emit(Kind.REORDERED, steps, list(olds), list(news), text)
        for k, item in olds.items():
            if k not in news:
                here = (*above, replace(at, key=k, unique=unique))
                self.emit(Kind.REMOVED, here, item, None, labels.item_text(here[-1], "removed", item))
        for k, item in news.items():
            here = (*above, replace(at, key=k, unique=unique))
            if k in olds:
                self.compare(item_node, olds[k], item, here)
            else:
                self.emit(Kind.ADDED, here, None, item, labels.item_text(here[-1], "added", item))

    def _values(self, node: Node | None, old: list[Any], new: list[Any], steps: tuple[Step, ...]) -> None:
        item_node = item_of(node)
        canon_old, canon_new = [_canon(v) for v in old], [_canon(v) for v in new]
        gone, came = Counter(canon_old) - Counter(canon_new), Counter(canon_new) - Counter(canon_old)
        kept_old, removed = _split(old, canon_old, gone)
        kept_new, added = _split(new, canon_new, came)
        noun = steps[-1].noun if steps else "value"
        if kept_old != kept_new:
            self.emit(Kind.REORDERED, steps, old, new, f"{labels.subject(steps)} reordered")
        for value in removed:
            self.emit(Kind.REMOVED, steps, value, None, f"{noun} removed — {labels.show(value, item_node)}")
        for value in added:
            self.emit(Kind.ADDED, steps, None, value, f"{noun} added — {labels.show(value, item_node)}")


def _keyed(items: list[Any], key: str) -> bool:
    """Whether every item has a distinct scalar key, so items can be matched by it."""
    keys = [item.get(key) if isinstance(item, dict) else None for item in items]
    scalar = all(isinstance(k, str | int) and not isinstance(k, bool) for k in keys)
    return scalar and len(set(keys)) == len(keys)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _split(values: list[Any], canon: list[str], extra: Counter[str]) -> tuple[list[str], list[Any]]:
    """The values shared with the other side (canonical, in order) and the ones only on this side."""
    extra, kept, only = Counter(extra), [], []
    for value, key in zip(values, canon, strict=True):
        if extra[key] > 0:
            extra[key] -= 1
            only.append(value)
        else:
            kept.append(key)
    return kept, only


def _page(document: str, steps: tuple[Step, ...]) -> str:
    """The site page a change shows on (see generator/render/pages.py)."""
    top = steps[0] if steps else None
    doc = DOCUMENTS_BY_NAME.get(document)
    item = doc.item_page(top.field) if doc and top else None
    if item and top and top.key is not None:
        return item.at(top.key)[0]
    # The manifest's roles show on the team page, whichever role changed.
    return item.page if item and "{}" not in item.page else _index_page(document)


def _index_page(document: str) -> str:
    # Documents of one page each (metrics, cadence…) have their page named after them.
    return INDEX_PAGES.get(document, f"{document}.md")


def _nav_order(page: str) -> tuple[int, bool, str]:
    rank = next((i for i, p in enumerate(NAV) if page == p or page.startswith(p)), len(NAV))
    return rank, not page.endswith("index.md"), page
