"""Hostile and careless input: each ends in a one-line diagnostic, never a traceback or a wrong result."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.schema.schemas import load_schemas
from generator.validate.folder import validate_folder
from tests.conftest import ROOT
from tests.test_brand import branded_client
from tests.test_build import make_client

SCHEMAS = load_schemas()
COLORS = 'colors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n'


def diagnostics(folder):
    return validate_folder(folder, SCHEMAS).diagnostics


def errors(folder):
    return [(d.rule, d.location.line, d.message) for d in diagnostics(folder) if d.is_error]


# 7. Brand SVGs are served from the site's origin: no script, handler or outside reference.

SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
HOSTILE_SVGS = {
    "script": f"<svg {SVG_NS}><script>localStorage.clear()</script></svg>",
    "onload": f'<svg {SVG_NS} onload="alert(1)"><rect width="1" height="1"/></svg>',
    "javascript-href": f'<svg {SVG_NS}><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "foreign-image": f'<svg {SVG_NS}><image href="https://tracker.example/p.png"/></svg>',
    "foreign-css": f"<svg {SVG_NS}><style>rect {{ fill: url('https://x.example/a.svg#g') }}</style></svg>",
    "stylesheet-pi": f'<?xml version="1.0"?><?xml-stylesheet href="https://x.example/a.css"?><svg {SVG_NS}/>',
    "foreign-object": f'<svg {SVG_NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
    "</foreignObject></svg>",
    "animated-href": f'<svg {SVG_NS}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    "entities": f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg {SVG_NS}><text>&a;</text></svg>',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_SVGS))
def test_a_scripted_or_foreign_reference_svg_is_refused_at_the_brand_line(tmp_path, kind):
    folder = branded_client(tmp_path, f"name: Acme\nlogo: logo.svg\n{COLORS}")
    (tmp_path / "site_config" / "brands" / "logo.svg").write_text(HOSTILE_SVGS[kind])
    [(rule, line, message)] = errors(folder)
    assert (rule, line) == ("brand-file", 2)
    assert message.startswith("`logo.svg` holds ")


def test_a_plain_svg_with_internal_references_is_accepted(tmp_path):
    folder = branded_client(tmp_path, f"name: Acme\nlogo: logo.svg\n{COLORS}")
    (tmp_path / "site_config" / "brands" / "logo.svg").write_text(
        f'<svg {SVG_NS}><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/>'
        '<use xlink:href="#g"/></svg>'
    )
    assert errors(folder) == []


# 11. Numbers are finite and bounded by what they mean.

NUMBERS = {
    "4301-digit integer": "9" * 4301,
    "400-digit integer": "1" + "0" * 399,
    "infinity": ".inf",
    "minus infinity": "-.inf",
    "not a number": ".nan",
    "float overflow": "1e999",
    "huge hex": "0x" + "f" * 60,
    "above the largest number": "2e15",
}


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_a_number_out_of_any_range_is_refused_by_the_loader(tmp_path, name):
    folder = make_client(tmp_path)
    (folder.path / "icp.yaml").write_text(
        f"segments:\n  - id: mid-market\n    firmographics:\n      revenue:\n        max: {NUMBERS[name]}\n"
    )
    [(rule, line, _)] = errors(folder)
    assert (rule, line) == ("yaml-number", 5)


def test_a_quoted_infinity_is_text():
    from generator.load.yaml_loader import resolve_plain

    assert resolve_plain("'.inf'") == "'.inf'"


@pytest.mark.parametrize(
    ("value", "rule"), [("10000000000000", "schema-type"), ("1000000000000", None), ("-1", "schema-type")]
)
def test_money_is_bounded_by_what_it_means(tmp_path, value, rule):
    folder = make_client(tmp_path)
    (folder.path / "icp.yaml").write_text(
        f"segments:\n  - id: mid-market\n    firmographics:\n      revenue:\n        max: {value}\n"
    )
    assert [r for r, _, _ in errors(folder)] == ([rule] if rule else [])


def test_days_and_counts_have_a_ceiling(tmp_path):
    folder = make_client(tmp_path)
    (folder.path / "icp.yaml").write_text(
        "segments:\n  - id: mid-market\n    firmographics:\n      employees:\n        max: 9000000000\n"
    )
    [(rule, line, _)] = errors(folder)
    assert (rule, line) == ("schema-range", 5)


# 12. Patterns match the whole value: a trailing newline is not part of an ID, colour or version.


@pytest.mark.parametrize(
    ("field", "value"),
    [("currency", "USD"), ("version", "1.0.0"), ("brand", "acme"), ("template", "x")],
)
def test_a_trailing_newline_fails_every_pattern(tmp_path, field, value):
    folder = make_client(tmp_path)
    text = folder.manifest.read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}:"))
    folder.manifest.write_text(text + f'\n{field}: "{value}\\n"\n')
    rules = [r for r, _, _ in errors(folder)]
    assert "schema-type" in rules or "schema-pattern" in rules, rules


def test_a_colour_and_a_font_family_with_a_trailing_newline_are_refused(tmp_path):
    folder = branded_client(
        tmp_path,
        'name: Acme\ncolors:\n  primary: "#1F5B45\\n"\n  accent: "#B4531A"\n'
        'fonts:\n  text:\n    family: "Acme Sans\\n"\n',
    )
    found = sorted((r, line) for r, line, _ in errors(folder))
    assert found == [("schema-pattern", 7), ("schema-type", 3)]


def test_a_meeting_time_with_a_trailing_newline_is_refused(tmp_path):
    from generator.load.locations import FileOrigins
    from generator.load.yaml_loader import load_yaml
    from generator.validate.schema_diagnostics import schema_diagnostics

    path = tmp_path / "cadence.yaml"
    path.write_text(
        (ROOT / "playbooks" / "fernhill" / "cadence.yaml")
        .read_text()
        .replace("time: 08:30", 'time: "08:30\\n"', 1)
    )
    loaded = load_yaml(path, "cadence.yaml")
    found = schema_diagnostics(SCHEMAS, "cadence", loaded.data, FileOrigins(loaded.source))
    assert [(d.rule, d.location.line) for d in found if d.field.endswith("time")] == [("schema-pattern", 3)]


# 9. Only regular files inside the project are read, and their size is checked first.


def _hostile_document(tmp_path, folder, kind):
    target = folder.path / "icp.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        os.symlink("/dev/zero", target)
    elif kind == "outside":
        outside = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
        outside.write_text("segments: []\n")
        os.symlink(outside, target)
    elif kind == "dangling":
        os.symlink(folder.path / "nowhere.yaml", target)
    elif kind == "loop":
        os.symlink(folder.path / "loop.yaml", target)
        os.symlink(target, folder.path / "loop.yaml")
    elif kind == "folder":
        target.mkdir()


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("fifo", "named pipe"),
        ("dev-zero", "outside the project"),
        ("outside", "outside the project"),
        ("dangling", "link to nothing"),
        ("loop", "cannot be opened"),
        ("folder", "a folder"),
    ],
)
def test_a_document_that_is_not_a_regular_file_in_the_project_is_refused(tmp_path, kind, says):
    folder = make_client(tmp_path)
    _hostile_document(tmp_path, folder, kind)
    found = [d for d in diagnostics(folder) if d.location.file.endswith("icp.yaml")]
    assert [d.rule for d in found] == ["input-file"], found
    assert says in found[0].message


def test_a_device_is_refused_without_reading_it(tmp_path):
    from generator.load.yaml_loader import LoadError, load_yaml

    with pytest.raises(LoadError) as caught:
        load_yaml(Path("/dev/zero"), "zero.yaml")
    assert caught.value.diagnostic.rule == "input-file"
    assert "a device" in caught.value.diagnostic.message


def test_a_link_inside_the_project_is_read(tmp_path):
    folder = make_client(tmp_path)
    (tmp_path / "shared-icp.yaml").write_text((folder.path.parent / "templates/base/icp.yaml").read_text())
    os.symlink(tmp_path / "shared-icp.yaml", folder.path / "icp.yaml")
    assert errors(folder) == []


def test_a_brand_asset_name_with_a_nul_is_a_diagnostic(tmp_path):
    folder = branded_client(tmp_path, f'name: Acme\nlogo: "logo\\0.svg"\n{COLORS}')
    [(rule, line, _)] = errors(folder)
    assert (rule, line) == ("yaml-control-character", 2)  # refused as the brand file loads


# 10. `extends` names a template by its ID; a path is refused before any file is touched.


@pytest.mark.parametrize("name", ["../../../../usr/share", "../../../../../", "base/../base", "/etc", "Base"])
def test_extends_with_a_path_is_refused_by_name(tmp_path, name):
    folder = make_client(tmp_path)
    text = folder.manifest.read_text().replace("extends: base", f'extends: "{name}"')
    folder.manifest.write_text(text)
    found = [d for d in diagnostics(folder) if d.rule == "extends-unknown"]
    assert len(found) == 1
    assert "by its ID" in found[0].message


def test_the_input_hash_reads_nothing_an_extends_path_points_at(tmp_path):
    from generator.build.inputs import input_hash

    folder = make_client(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "playbook.yaml").write_text("template: {}\n")
    folder.manifest.write_text(folder.manifest.read_text().replace("extends: base", "extends: ../../outside"))
    before = input_hash(folder)
    (outside / "big.bin").write_bytes(b"x" * 1000)
    assert input_hash(folder) == before


# 8. The pull-request comment shows YAML text as text: no HTML, links, mentions or formatting.

HOSTILE_LABEL = (
    "@octocat <img src=https://e.example/x.png> [login](https://e.example/a) **bold** www.e.example"
)


def _two_trees(tmp_path, label: str) -> tuple[Path, Path]:
    old = tmp_path / "old" / "playbooks"
    shutil.copytree(ROOT / "playbooks" / "templates" / "founder-led", old / "templates" / "founder-led")
    new = tmp_path / "new" / "playbooks"
    shutil.copytree(old, new)
    stages = new / "templates" / "founder-led" / "stages.yaml"
    text = stages.read_text().replace("    label: Discovery\n", f"    label: {json.dumps(label)}\n", 1)
    stages.write_text(text)
    return old, new


def test_markdown_diff_escapes_every_value(cli, tmp_path):
    old, new = _two_trees(tmp_path, HOSTILE_LABEL)
    out = cli("diff", str(old), str(new), "--format", "markdown").out
    [line] = [line for line in out.splitlines() if "octocat" in line]
    for raw in ("@octocat", "<img", "https://", "**bold**", "www.evil"):
        assert raw not in line, raw
    assert "\\[login\\](" in line  # not a link
    assert "&lt;img src=" in line
    text = cli("diff", str(old), str(new)).out
    assert "@octocat <img src=https://e.example/x.png>" in text  # the text format is not Markdown


def test_long_texts_are_cut_at_a_word_boundary():
    from generator.diff.labels import quote

    cut = quote("Plan the maintenance window so nobody meets downtime modifications " * 3, limit=60)
    assert cut == "“Plan the maintenance window so nobody meets downtime…”"


def test_an_unclosed_details_tag_cannot_swallow_the_comment(cli, tmp_path):
    old, new = _two_trees(tmp_path, "<details><summary>Discovery")
    out = cli("diff", str(old), str(new), "--format", "markdown").out
    assert "<details>" not in out and "&lt;details&gt;&lt;summary&gt;Discovery" in out


# 13. Work is bounded: lists have a limit, hints are indexed, the navigation of a long section is short.


def _long_template(tmp_path, count: int):
    folder = make_client(tmp_path)
    (folder.path.parent / "templates" / "base" / "stages.yaml").write_text(_stages(count))
    return folder


def _stages(count: int) -> str:
    stages = (ROOT / "tests/cases/templates/base/stages.yaml").read_text()
    head, rest = stages.split("stages:\n", 1)
    extra = "".join(
        f"  - id: step-{i}\n    label: Step {i}\n    category: open\n    purpose: Step {i}.\n    owner: ae\n"
        f"    probability: {0.01 + 0.08 * i / count:.8f}\n    exit_criteria:\n      - id: c{i}\n"
        f"        statement: Buyer agreed step {i}\n        evidence: Notes\n        verified_by: buyer\n"
        for i in range(count)
    )
    return head + "stages:\n" + extra + rest


def test_a_list_over_the_limit_is_refused_at_the_list(tmp_path):
    from generator.core import limits

    folder = _long_template(tmp_path, limits.MAX_LIST_ITEMS + 1)
    [(rule, line, message)] = errors(folder)
    assert (rule, line) == ("yaml-list-limit", 11)  # the first item of `stages:`
    assert str(limits.MAX_LIST_ITEMS) in message


def test_nearest_ids_in_a_large_set_compare_a_shortlist_only():
    from generator.core.hints import SHORTLIST, _index, nearest

    ids = (*(f"stage-{i}" for i in range(10_000)), "discovery-call")
    assert nearest("discovery-cal", ids) == ["discovery-call"]
    assert len(_index(ids).shortlist("unknown-stage-7")) <= SHORTLIST
    assert nearest("stage-77x", ids)[0] == "stage-77"


def test_a_section_too_long_to_list_keeps_only_its_index_in_the_navigation(tmp_path):
    from generator.core import limits
    from generator.publish.client import build_client

    count = limits.MAX_NAV_CHILDREN + 5
    folder = _long_template(tmp_path, count)
    site = build_client(folder, tmp_path / "site").site
    page = (site / "pipeline" / "step-3.html").read_text()
    assert page.count('href="step-') < 10  # not one link per stage in every page
    assert (site / "pipeline" / f"step-{count - 1}.html").is_file()
    index = (site / "pipeline" / "index.html").read_text()
    assert f'href="step-{count - 1}.html"' in index  # the index page still lists every stage


# 14. `fmt` keeps what YAML 1.1 readers would retype, keeps every comment or refuses, and writes through links.


@pytest.mark.parametrize(
    "text", ['"yes"', "'NO'", "'12:30'", "'2026-09-07'", '"on"', '"n"', "'Off'", "'1_000'"]
)
def test_fmt_keeps_the_quotes_a_yaml_11_reader_needs(cli, tmp_path, text):
    import yaml

    path = tmp_path / "notes.yaml"
    path.write_text(f"value:   {text}\n")
    assert cli("fmt", str(path)).status == 0
    assert isinstance(yaml.safe_load(path.read_text())["value"], str), path.read_text()


def test_fmt_leaves_plain_words_plain(cli, tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("value:   'Discovery call'\n")
    assert cli("fmt", str(path)).status == 0
    assert path.read_text() == "value: Discovery call\n"


def test_fmt_refuses_to_drop_a_comment_inside_a_flow_list(cli, tmp_path):
    path = tmp_path / "notes.yaml"
    text = "items: [a, b,  # why b stays\n  c]\nother:   1\n"
    path.write_text(text)
    result = cli("fmt", str(path))
    assert result.status == 1
    assert ":1:1: error: formatting would drop the comment `# why b stays`" in result.err
    assert "[fmt-comment]" in result.err
    assert path.read_text() == text


def test_fmt_writes_through_a_symlink(cli, tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("value:   1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert cli("fmt", str(link)).status == 0
    assert link.is_symlink()
    assert real.read_text() == "value: 1\n"


# 15. Write failures and odd names end in a message, not a traceback.


@contextlib.contextmanager
def immutable(folder: Path):
    """A folder no one may add files to, root included (root ignores permission bits)."""
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_fmt_in_a_read_only_folder(cli, tmp_path):
    (tmp_path / "notes.yaml").write_text("value:   1\n")
    with immutable(tmp_path):
        result = cli("fmt", str(tmp_path / "notes.yaml"))
    assert result.status == 1
    assert "error: cannot write the file: Operation not permitted [fmt-write]" in result.err
    assert "Traceback" not in result.err


def test_new_in_a_read_only_folder(cli, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "playbooks" / "templates", tmp_path / "playbooks" / "templates")
    monkeypatch.chdir(tmp_path)
    with immutable(tmp_path / "playbooks"):
        result = cli("new", "acme", "-t", "founder-led")
    assert result.status == 1
    assert result.err.startswith("error: cannot write playbooks/acme")


def test_export_onto_a_full_disk(cli, tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)]).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        result = cli("export", "fernhill", "-o", str(full / "dist"))
        left = list((full / "dist").iterdir()) if (full / "dist").exists() else []
    finally:
        subprocess.run(["umount", str(full)], check=True)
    assert result.status == 1
    assert result.err.startswith("error: cannot write ") and "No space left on device" in result.err
    assert left == []


def test_serve_on_a_busy_port_or_an_address_not_here(cli):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "fernhill", "-p", str(port))
    assert (result.status, result.err) == (
        1,
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n",
    )
    result = cli("serve", "fernhill", "--host", "192.0.2.1")  # TEST-NET-1: never this machine's
    assert result.status == 1
    assert "cannot listen on 192.0.2.1:8000: Cannot assign requested address" in result.err


# 16. `serve` answers only its own host, and queues a thousand connections.


@contextlib.contextmanager
def preview(tmp_path, serving: bool = True):
    import socketserver
    import threading

    from generator.publish.serve import PreviewServer

    (tmp_path / "index.html").write_text("<html><body>ok</body></html>")
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.listen()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    if serving:
        thread.start()
    try:
        yield server, thread
    finally:
        if thread.is_alive():
            socketserver.BaseServer.shutdown(server)
        server.server_close()


def _status(port: int, path: str, host: str) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_serve_refuses_a_request_for_another_host(tmp_path):
    with preview(tmp_path) as (server, _):
        port = server.server_port
        assert _status(port, "/index.html", f"127.0.0.1:{port}") == 200
        assert _status(port, "/index.html", f"localhost:{port}") == 200
        assert _status(port, "/index.html", f"rebound.example:{port}") == 403
        assert _status(port, "/index.html", f"127.0.0.1:{port + 1}") == 403
        assert _status(port, "/index.html", "") == 403


def test_serve_answers_a_nul_in_the_path_with_404_and_no_traceback(tmp_path, caplog):
    with preview(tmp_path) as (server, _):
        port = server.server_port
        assert _status(port, "/index.html%00.png", f"127.0.0.1:{port}") == 404
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []


def test_serve_queues_a_thousand_connections_on_loopback(tmp_path):
    import socket

    with preview(tmp_path, serving=False) as (server, thread):
        port = server.server_port
        clients = []
        try:
            for _ in range(1000):  # bounded: a thousand connections to 127.0.0.1, then stop
                client = socket.create_connection(("127.0.0.1", port), timeout=5)
                clients.append(client)
            thread.start()  # every connection waited in the listen queue until now
            for client in clients:
                client.sendall(f"GET /index.html HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            answers = [client.recv(64) for client in clients]
        finally:
            for client in clients:
                client.close()
    assert all(answer.startswith(b"HTTP/1.0 200") for answer in answers)


def test_a_brand_name_with_a_nul_is_a_diagnostic(tmp_path):
    folder = make_client(tmp_path)
    folder.manifest.write_text(folder.manifest.read_text() + 'brand: "acme\\0"\n')
    assert [rule for rule, _, _ in errors(folder)] == ["yaml-control-character"]


def test_the_readme_lists_every_limit_with_its_value():
    from generator.core import hints, limits
    from generator.publish import serve

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Limits") : readme.index("## Performance")]
    for module in (limits, hints, serve):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, int) and name not in ("LOOPBACK_NAMES",):
                assert f"`{name}`" in section, name
                shown = {f"{value:,}", f"10^{len(str(value)) - 1}"}
                assert any(s in section for s in shown), (name, value)
