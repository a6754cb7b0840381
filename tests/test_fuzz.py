"""Property-based fuzzing: random YAML and random mutations of real playbooks end in diagnostics,
never in a traceback; mutated playbooks that still validate render and build.

Bounded for CI: a fixed number of examples per property, no deadline, a fixed seed profile.
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.documents import DOCUMENTS
from generator.diff.semantic import diff_document
from generator.load.sources import PlaybookFolder
from generator.load.yaml_loader import LoadError, load_yaml
from generator.model.playbook import build_model
from generator.render import render_site
from generator.resolve.merge import resolve
from generator.schema.schemas import load_schemas
from generator.validate.folder import validate_folder
from tests.conftest import ROOT
from tests.test_build import make_client

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD = st.sampled_from(
    [
        "",
        "NO",
        "yes",
        "~",
        "0x1F",
        "1e309",
        "-",
        "{",
        "[",
        "&a",
        "*a",
        "!!python/object",
        "\u202e",
        "\ud7ff",
        "🦊" * 50,
        "x" * 5000,
        "\t",
        "a: b",
        "<script>",
        "{{ x }}",
    ]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40), ODD
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_load_or_give_a_diagnostic(tmp_path, data):
    path = _write(tmp_path, "doc.yaml", data)
    try:
        load_yaml(path, "doc.yaml")
    except LoadError as exc:
        assert exc.diagnostic.location.line >= 1


YAML_PIECES = st.sampled_from(
    [
        "a:",
        " b",
        "- ",
        "\n",
        "  ",
        ": ",
        "&x ",
        "*x",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "---",
        "...",
        "? ",
        "|",
        ">",
        "!!str ",
        "!t ",
        "<<: *x",
        "NO",
        "1.5",
        "\t",
    ]
)


@FUZZ
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_random_yaml_text_loads_or_gives_a_diagnostic(tmp_path, text):
    path = _write(tmp_path, "doc.yaml", text.encode())
    try:
        loaded = load_yaml(path, "doc.yaml")
    except LoadError as exc:
        assert exc.diagnostic.rule.startswith("yaml-")
    else:
        assert isinstance(loaded.data, dict)


def _example_documents() -> dict[str, dict[str, Any]]:
    resolved = resolve(PlaybookFolder(ROOT / "playbooks" / "fernhill"), load_schemas())
    return {name: doc.data for name, doc in resolved.documents.items()}


EXAMPLE = _example_documents()


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _mutate(data: dict[str, Any], draw: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = draw(
            st.sampled_from(["delete", "replace", "duplicate", "reference", "huge", "deep", "unicode"])
        )
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(VALUES)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action == "reference":
            parent[key] = "no-such-id"
        elif action == "huge":
            parent[key] = "x" * 20_000
        elif action == "deep":
            parent[key] = [[[[[[[[[["deep"]]]]]]]]]]
        else:
            parent[key] = "Ünïcødé \u200b\u202e 🦊 \x00" if draw(st.booleans()) else "\u2028\ufeff"
    return data


@st.composite
def mutated_playbook(draw: Any) -> dict[str, dict[str, Any]]:
    docs = copy.deepcopy(EXAMPLE)
    for name in draw(
        st.lists(
            st.sampled_from([d.name for d in DOCUMENTS if d.name in docs]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    ):
        docs[name] = _mutate(docs[name], draw)
    return docs


def _write_playbook(root: Path, docs: dict[str, dict[str, Any]]) -> PlaybookFolder:
    folder = (
        make_client(root)
        if not (root / "playbooks" / "acme").exists()
        else PlaybookFolder(root / "playbooks" / "acme")
    )
    docs = copy.deepcopy(docs)
    docs["playbook"].pop("extends", None)
    docs["playbook"].pop("brand", None)
    if isinstance(docs["playbook"].get("client"), dict):
        docs["playbook"]["client"]["slug"] = "acme"
    for name, data in docs.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder.path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


@FUZZ
@given(mutated_playbook())
def test_mutated_playbooks_give_diagnostics_never_a_traceback(tmp_path, docs):
    folder = _write_playbook(tmp_path, docs)
    validation = validate_folder(folder)
    for diagnostic in validation.diagnostics:
        assert diagnostic.location.line >= 1 and diagnostic.rule
    if not validation.failed():
        render_site(
            build_model(validation.playbook), tmp_path / "docs", datetime.date(2026, 11, 24), "# Ref\n"
        )


@FUZZ
@given(st.sampled_from([d.name for d in DOCUMENTS]), mutated_playbook(), mutated_playbook())
def test_diff_of_any_two_versions_never_raises(name, old, new):
    schemas = load_schemas()
    for change in diff_document(schemas, name, old.get(name), new.get(name)):
        assert change.message


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.sampled_from(
            ["Ünïcødé 🦊", "<b>bold</b>", "{{ 7*7 }}", "[x](javascript:alert(1))", "a | b", "x" * 250]
        ),
        min_size=1,
        max_size=3,
    )
)
def test_valid_playbooks_with_odd_text_build(tmp_path_factory, texts):
    from generator.publish.client import build_client

    root = tmp_path_factory.mktemp("odd")
    docs = copy.deepcopy(EXAMPLE)
    for i, text in enumerate(texts):
        docs["stages"]["stages"][i]["purpose"] = text
        docs["failure_modes"]["failure_modes"][i]["appears_when"] = text[:500]
    folder = _write_playbook(root, docs)
    site = build_client(folder, root / "site").site
    assert (site / "index.html").is_file()
