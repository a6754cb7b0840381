"""The YAML loader: YAML 1.2 scalars, exact positions, and every limit tested at its edge."""

from __future__ import annotations

import pytest

from generator.core import limits
from generator.load.yaml_loader import LoadError, load_yaml


def load(tmp_path, text: str):
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "doc.yaml")


def error(tmp_path, text: str):
    with pytest.raises(LoadError) as caught:
        load(tmp_path, text)
    return caught.value.diagnostic


@pytest.mark.parametrize("word", ["NO", "no", "yes", "Yes", "on", "off", "y", "n", "2026-09-07", "1_000"])
def test_yaml_1_1_booleans_dates_and_underscored_numbers_stay_strings(tmp_path, word):
    assert load(tmp_path, f"value: {word}\n").data == {"value": word}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("false", False),
        ("~", None),
        ("", None),
        ("42", 42),
        ("-3", -3),
        ("0.25", 0.25),
        ("1e3", 1000.0),
        ("0x1f", 31),
        ("0o17", 15),
        ("'true'", "true"),
        ('"42"', "42"),
    ],
)
def test_yaml_1_2_core_scalars(tmp_path, text, value):
    assert load(tmp_path, f"value: {text}\n").data == {"value": value}


def test_positions_of_values_and_keys(tmp_path):
    loaded = load(tmp_path, "stages:\n  - id: demo\n    probability: 0.4\n")
    assert loaded.source.values[("stages", 0, "probability")] == (3, 18)
    assert loaded.source.keys[("stages", 0, "probability")] == (3, 5)
    assert loaded.source.values[("stages", 0)] == (2, 5)


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    assert load(tmp_path, "a: " + "x" * 94 + "\n").data  # exactly 98 bytes: loads
    found = error(tmp_path, "a: " + "x" * 100 + "\n")
    assert found.rule == "yaml-size-limit"
    assert (found.location.line, found.location.column) == (1, 1)


def test_nesting_at_the_depth_limit(tmp_path):
    def nested(depth: int) -> str:
        return "a: " + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "\n"

    assert load(tmp_path, nested(limits.MAX_DEPTH))
    assert error(tmp_path, nested(limits.MAX_DEPTH + 1)).rule == "yaml-depth-limit"


def test_very_deep_nesting_is_a_diagnostic_not_a_crash(tmp_path):
    assert error(tmp_path, "a: " + "[" * 50_000 + "]" * 50_000 + "\n").rule == "yaml-depth-limit"


def test_string_at_the_length_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STRING_CHARS", 10)
    assert load(tmp_path, "a: xxxxxxxxxx\n").data == {"a": "x" * 10}
    assert error(tmp_path, "a: xxxxxxxxxxx\n").rule == "yaml-string-limit"


def test_node_count_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_NODES", 5)  # the mapping, then key/value pairs count their values
    assert load(tmp_path, "a: [1, 2, 3]\n")
    assert error(tmp_path, "a: [1, 2, 3, 4]\n").rule == "yaml-node-limit"


def test_alias_expansion_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ALIAS_NODES", 4)
    assert load(tmp_path, "a: &x [1, 2, 3]\nb: *x\n").data["b"] == [1, 2, 3]
    assert error(tmp_path, "a: &x [1, 2, 3, 4]\nb: *x\n").rule == "yaml-alias-limit"


def test_recursive_alias_is_a_diagnostic(tmp_path):
    assert error(tmp_path, "a: &x [1, *x]\n").rule == "yaml-alias-recursive"


def test_key_that_is_a_mapping(tmp_path):
    assert error(tmp_path, "? {a: 1}\n: b\n").rule == "yaml-key"


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path, "doc.yaml").data == {"a": 1}


def test_a_control_character_is_a_diagnostic_with_its_position(tmp_path):
    found = error(tmp_path, "segments:\n  - id: a\x07b\n")
    assert (found.rule, found.location.line, found.location.column) == ("yaml-syntax", 2, 10)
    assert found.message == "character U+0007 is not allowed in YAML; remove it"


def test_number_of_files_at_the_limit(tmp_path, monkeypatch):
    from generator.load.sources import PlaybookFolder, load_folder

    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "playbook.yaml").write_text("currency: USD\n")
    (folder / "icp.yaml").write_text("segments: []\n")
    monkeypatch.setattr(limits, "MAX_FILES", 2)
    assert load_folder(PlaybookFolder(folder)).diagnostics == []
    (folder / "stages.yaml").write_text("stages: []\n")
    [found] = load_folder(PlaybookFolder(folder)).diagnostics
    assert found.rule == "files-limit"


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\0", "0000"), ("\\x01", "0001"), ("\\x7f", "007F"), ("\\uFFFE", "FFFE"), ("\\e", "001B")],
)
def test_a_control_character_written_as_an_escape_is_refused(tmp_path, escape, code):
    found = error(tmp_path, f'segments:\n  - id: a\n    name: "Mid {escape} market"\n')
    assert (found.rule, found.location.line, found.location.column) == ("yaml-control-character", 3, 11)
    assert found.message.startswith(f"character U+{code}, written as an escape, is not allowed")


def test_escapes_of_text_characters_are_kept(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text('a: "tab\\there, line\\nbreak, \\u00e9, \\U0001F98A, \\u2028"\n', encoding="utf-8")
    assert load_yaml(path, "doc.yaml").data == {"a": "tab\there, line\nbreak, é, 🦊, \u2028"}


def test_a_manifest_that_does_not_load_is_the_only_error_about_missing_documents(tmp_path, monkeypatch):
    from generator.validate.folder import validate_folder
    from tests.test_build import make_client

    folder = make_client(tmp_path)
    folder.manifest.write_text(folder.manifest.read_text() + 'brand: "acme\\0"\n')
    monkeypatch.chdir(tmp_path)
    found = validate_folder(folder).diagnostics
    assert [(d.rule, d.location.file) for d in found if d.is_error] == [
        ("yaml-control-character", "playbooks/acme/playbook.yaml")
    ]
