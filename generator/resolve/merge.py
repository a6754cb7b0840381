"""Resolve `extends`: merge a playbook over the templates it builds on, one tree per document.

Mappings merge field by field; keyed lists (generator/schema/view.py, `meta: {key: id}`) merge by
that key, and an item `{id: x, $remove: true}` removes the inherited item `x`; anything else
is replaced. Every merged value keeps the location of the file it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeGuard

from generator.core.diagnostics import Diagnostic, Severity, display_path
from generator.core.hints import nearest, nearest_hint
from generator.load.locations import DocPath, FileOrigins, MergedOrigins, Origins, locate
from generator.load.sources import LoadedFolder, PlaybookFolder, load_folder
from generator.schema.schemas import SchemaSet
from generator.schema.types import ID_PATTERN
from generator.schema.view import KeyedList, Node, fields_of, item_of

REMOVE = "$remove"
AFTER = "$after"
"""In a list merged by key: place this item right after the item with the given key (null: first)."""
NOT_INHERITED = ("template", "extends", "version", "changelog")
"""Manifest fields that describe one layer itself (what it is, its own history): never inherited."""
_MISSING: Any = object()


@dataclass(frozen=True)
class Document:
    """A document's data with the origin of every value."""

    name: str
    data: dict[str, Any]
    origins: Origins


@dataclass
class ResolvedPlaybook:
    """A playbook with its templates merged in: the input of validation and rendering."""

    folder: PlaybookFolder
    chain: list[PlaybookFolder]
    documents: dict[str, Document] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    extends_failed: bool = False

    @property
    def manifest_file(self) -> str:
        manifest = self.documents.get("playbook")
        return manifest.origins.file if manifest else display_path(self.folder.manifest)


class FolderCache:
    """Loads each folder once per run, however many playbooks extend it."""

    def __init__(self) -> None:
        self._loaded: dict[PlaybookFolder, LoadedFolder] = {}

    def load(self, folder: PlaybookFolder) -> LoadedFolder:
        if folder not in self._loaded:
            self._loaded[folder] = load_folder(folder)
        return self._loaded[folder]


def resolve(folder: PlaybookFolder, schemas: SchemaSet, cache: FolderCache | None = None) -> ResolvedPlaybook:
    """Load `folder` and the templates it extends, and merge them document by document."""
    cache = cache or FolderCache()
    result = ResolvedPlaybook(folder, [])
    layers = _chain(folder, cache, result)
    for loaded in layers:
        result.diagnostics.extend(loaded.diagnostics)
        result.broken |= loaded.broken
    for name in schemas.documents:
        present = [(loaded.files[name]) for loaded in layers if name in loaded.files]
        if not present:
            continue
        datas = [file.data for file in present]
        if name == "playbook":
            datas = [_own_fields(d) for d in datas[:-1]] + datas[-1:]
        doc = Document(name, datas[0], FileOrigins(present[0].source))
        for data, over in zip(datas[1:], present[1:], strict=True):
            doc = _Merger(schemas, name, result.diagnostics).merge(doc, data, FileOrigins(over.source))
        result.documents[name] = doc
    return result


def _own_fields(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k not in NOT_INHERITED}


def _chain(folder: PlaybookFolder, cache: FolderCache, result: ResolvedPlaybook) -> list[LoadedFolder]:
    """The folder and its templates, root template first."""
    layers: list[LoadedFolder] = []
    current: PlaybookFolder | None = folder
    seen: list[PlaybookFolder] = []
    while current is not None:
        loaded = cache.load(current)
        layers.insert(0, loaded)
        seen.append(current)
        result.chain.insert(0, current)
        current = _parent(loaded, seen, result)
    return layers


def is_template_name(name: object) -> TypeGuard[str]:
    """Whether `extends` names a template as an ID; checked before any file is touched, so a path
    such as `../../usr/share` is never listed, hashed or walked."""
    return isinstance(name, str) and len(name) <= 64 and ID_PATTERN.fullmatch(name) is not None


def _parent(
    loaded: LoadedFolder, seen: list[PlaybookFolder], result: ResolvedPlaybook
) -> PlaybookFolder | None:
    manifest = loaded.files.get("playbook")
    if manifest is None or not isinstance(manifest.data.get("extends"), str):
        return None
    name = manifest.data["extends"]
    where = locate(FileOrigins(manifest.source), ("extends",))
    if not is_template_name(name):
        shown = name.encode("unicode_escape").decode("ascii")[:80]
        message = f"`extends` must name a template folder by its ID, such as `founder-led`, not `{shown}`"
        result.diagnostics.append(Diagnostic(where, Severity.ERROR, "extends-unknown", message))
        result.extends_failed = True
        return None
    candidate = loaded.folder.template(name)
    if candidate is None:
        close = nearest(name, loaded.folder.known_templates())
        hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
        message = f"`extends` names template `{name}`, which is not in templates/{hint}"
        result.diagnostics.append(Diagnostic(where, Severity.ERROR, "extends-unknown", message))
        result.extends_failed = True
        return None
    if candidate in seen:
        cycle = " → ".join([*(f.name for f in seen), candidate.name])
        message = f"`extends` forms a cycle: {cycle}"
        result.diagnostics.append(Diagnostic(where, Severity.ERROR, "extends-cycle", message))
        result.extends_failed = True
        return None
    return candidate


class _Merger:
    """Merges one layer over another, recording where each resulting value came from."""

    def __init__(self, schemas: SchemaSet, document: str, diagnostics: list[Diagnostic]) -> None:
        self.schemas = schemas
        self.document = document
        self.diagnostics = diagnostics
        self.out = MergedOrigins("")

    def merge(self, base: Document, over: dict[str, Any], over_origins: Origins) -> Document:
        self.out = MergedOrigins(over_origins.file)
        root = self.schemas.view(self.document)
        data = self._merge(base.data, base.origins, (), over, over_origins, (), root, ())
        return Document(self.document, data, self.out)

    def _merge(
        self,
        base: Any,
        b_org: Origins,
        b_path: DocPath,
        over: Any,
        o_org: Origins,
        o_path: DocPath,
        node: Node | None,
        path: DocPath,
    ) -> Any:
        if over is _MISSING:
            return self._copy(base, b_org, b_path, path)
        if base is _MISSING:
            return self._copy(over, o_org, o_path, path)
        if isinstance(base, dict) and isinstance(over, dict):
            return self._merge_mapping(base, b_org, b_path, over, o_org, o_path, node, path)
        if isinstance(node, KeyedList) and isinstance(base, list) and isinstance(over, list):
            return self._merge_keyed(base, b_org, b_path, over, o_org, o_path, node, path)
        return self._copy(over, o_org, o_path, path)

    def _merge_mapping(
        self,
        base: dict[str, Any],
        b_org: Origins,
        b_path: DocPath,
        over: dict[str, Any],
        o_org: Origins,
        o_path: DocPath,
        node: Node | None,
        path: DocPath,
    ) -> dict[str, Any]:
        self._place(o_org, o_path, path)
        fields = fields_of(node)
        merged: dict[str, Any] = {}
        if not path and self.document == "stages":
            base = _one_stage_list(base, over)
        if "framework_elements" in fields:
            base = _one_framework_spelling(base, over)
        for name in [*base, *(k for k in over if k not in base)]:
            in_over = name in over
            origin, origin_path = (o_org, o_path) if in_over else (b_org, b_path)
            if found := origin.key((*origin_path, name)):
                self.out.keys[(*path, name)] = found
            merged[name] = self._merge(
                base.get(name, _MISSING),
                b_org,
                (*b_path, name),
                over.get(name, _MISSING),
                o_org,
                (*o_path, name),
                fields.get(name),
                (*path, name),
            )
        return merged

    def _merge_keyed(
        self,
        base: list[Any],
        b_org: Origins,
        b_path: DocPath,
        over: list[Any],
        o_org: Origins,
        o_path: DocPath,
        node: KeyedList,
        path: DocPath,
    ) -> list[Any]:
        self._place(o_org, o_path, path)
        key, item_node = node.key, item_of(node)
        index = {item.get(key): i for i, item in enumerate(base) if isinstance(item, dict)}
        sources: list[tuple[Any, Origins, DocPath, Any, Origins, DocPath]] = [
            (item, b_org, (*b_path, i), _MISSING, o_org, ()) for i, item in enumerate(base)
        ]
        removed: set[int] = set()
        moves: list[tuple[Any, Any, DocPath]] = []
        for j, item in enumerate(over):
            here = (*o_path, j)
            # A key repeated in the overriding list is appended, so the duplicate stays visible.
            match = index.pop(item.get(key), None) if isinstance(item, dict) else None
            if isinstance(item, dict) and item.get(REMOVE) is True:
                if match is None:
                    self._unmatched_remove(item.get(key), o_org, here)
                else:
                    removed.add(match)
                continue
            if isinstance(item, dict) and AFTER in item:
                moves.append((item.get(key), item[AFTER], here))
                item = {k: v for k, v in item.items() if k != AFTER}
            if match is None:
                sources.append((_MISSING, b_org, (), item, o_org, here))
            else:
                b_item, _, b_here, _, _, _ = sources[match]
                sources[match] = (b_item, b_org, b_here, item, o_org, here)
        kept = [s for i, s in enumerate(sources) if i not in removed]
        self._place_after(kept, moves, key, o_org)
        return [self._merge(*s[:6], item_node, (*path, n)) for n, s in enumerate(kept)]

    def _place_after(
        self, entries: list[Any], moves: list[tuple[Any, Any, DocPath]], key: str, origins: Origins
    ) -> None:
        """Move each item that says `$after: <key>` behind that item (to the front for null)."""

        def key_of(entry: Any) -> Any:
            item = entry[3] if entry[3] is not _MISSING else entry[0]
            return item.get(key) if isinstance(item, dict) else None

        for name, target, here in moves:
            entry = next(e for e in entries if key_of(e) == name)
            position = (
                0 if target is None else next((i for i, e in enumerate(entries) if key_of(e) == target), None)
            )
            if position is None:
                hint = nearest_hint(str(target), [str(key_of(e)) for e in entries])
                message = f"`{AFTER}` names `{target}`, which is not in the list{hint}"
                where = locate(origins, (*here, AFTER))
                self.diagnostics.append(Diagnostic(where, Severity.ERROR, "extends-order", message))
                continue
            entries.remove(entry)
            if target is not None:
                position = next(i for i, e in enumerate(entries) if key_of(e) == target) + 1
            entries.insert(position, entry)

    def _unmatched_remove(self, name: Any, origins: Origins, path: DocPath) -> None:
        message = f"`{REMOVE}` names `{name}`, which the template does not define"
        where = locate(origins, path)
        self.diagnostics.append(Diagnostic(where, Severity.ERROR, "extends-remove", message))

    def _copy(self, value: Any, origins: Origins, src: DocPath, path: DocPath) -> Any:
        self._place(origins, src, path)
        if isinstance(value, dict):
            for name, item in value.items():
                if found := origins.key((*src, name)):
                    self.out.keys[(*path, name)] = found
                self._copy(item, origins, (*src, name), (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._copy(item, origins, (*src, i), (*path, i))
        return value

    def _place(self, origins: Origins, src: DocPath, path: DocPath) -> None:
        if found := origins.value(src):
            self.out.values[path] = found


def _one_stage_list(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """A layer's `pipelines` replace the layer below's single `stages` list, and its `stages`
    replace the `pipelines` below: a client with several pipelines can extend a one-list template."""
    drop = "stages" if "pipelines" in over and "stages" not in over else None
    drop = "pipelines" if "stages" in over and "pipelines" not in over else drop
    return {k: v for k, v in base.items() if k != drop}


def _one_framework_spelling(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """A stage's confirmed elements in either spelling replace those below in the other, so a
    client still writing `framework_elements` extends a template that writes `framework.confirms`."""
    confirms_below = isinstance(base.get("framework"), dict) and "confirms" in base["framework"]
    if "framework_elements" in over and confirms_below:
        return {**base, "framework": {k: v for k, v in base["framework"].items() if k != "confirms"}}
    if isinstance(over.get("framework"), dict) and "confirms" in over["framework"]:
        return {k: v for k, v in base.items() if k != "framework_elements"}
    return base
