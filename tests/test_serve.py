"""`playbook serve`: a real server on 127.0.0.1 that survives bad edits and shows them on the page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXED_EPOCH, ROOT
from tests.test_build import make_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


@pytest.fixture
def server(tmp_path):
    folder = make_client(tmp_path)
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "acme", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: "Valid Client" in _get(url + "index.html"))
        yield folder, url, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_serve_listens_on_loopback_only(server):
    _, url, process = server
    assert url.startswith("http://127.0.0.1:")
    assert process.poll() is None


def test_an_invalid_edit_is_shown_and_the_server_keeps_running(server):
    folder, url, process = server
    stages = folder.path / "stages.yaml"
    stages.write_text("stages:\n  - id: discovery\n    probability: 7\n")
    _wait_for(lambda: "playbook-problems" in _get(url + "index.html"))
    page = _get(url + "index.html")
    assert "stages.yaml:3:18: error: `probability` must be a number from 0 to 1" in page
    assert process.poll() is None

    stages.unlink()  # a source file deleted while serving
    _wait_for(lambda: "playbook-problems" not in _get(url + "index.html"))
    assert process.poll() is None


def test_a_valid_edit_reloads_the_content(server):
    folder, url, _ = server
    manifest = folder.path / "playbook.yaml"
    manifest.write_text(manifest.read_text().replace("name: Valid Client", "name: Renamed Client"))
    _wait_for(lambda: "Renamed Client" in _get(url + "index.html"))


def test_a_save_starts_its_rebuild_sooner_than_mkdocs_would(tmp_path):
    from generator.publish.serve import BUILD_DELAY_SECONDS, POLL_SECONDS, PreviewServer

    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert server.build_delay == BUILD_DELAY_SECONDS < 0.1  # MkDocs' own waits 0.1 s
        assert POLL_SECONDS < 0.1
    finally:
        server.server_close()


def test_a_reload_asks_whether_an_asset_changed_instead_of_fetching_it_again(tmp_path):
    import http.client
    import socketserver
    import threading

    from generator.publish.serve import PreviewServer

    (tmp_path / "index.html").write_text("<html><body>ok</body></html>")
    (tmp_path / "site.css").write_text("body { color: red }")
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.listen()
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def get(path: str, tag: str | None = None) -> tuple[int, str | None, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", path, headers={"If-None-Match": tag} if tag else {})
        response = connection.getresponse()
        answer = (response.status, response.getheader("ETag"), response.read())
        connection.close()
        return answer

    try:
        status, tag, body = get("/site.css")
        assert (status, body) == (200, b"body { color: red }") and tag
        assert get("/site.css", tag)[:2] == (304, tag)
        (tmp_path / "site.css").write_text("body { color: red }")  # written anew, the same bytes
        assert get("/site.css", tag)[0] == 304
        (tmp_path / "site.css").write_text("body { color: blue }")
        status, new_tag, body = get("/site.css", tag)
        assert (status, body) == (200, b"body { color: blue }") and new_tag != tag
        status, page_tag, body = get("/index.html")  # a page carries the reload script: sent whole
        assert status == 200 and page_tag is None
        assert get("/../outside.css", tag)[0] == 404
    finally:
        socketserver.BaseServer.shutdown(server)
        server.server_close()


def test_a_page_still_being_built_is_answered_once_the_rebuild_is_over(tmp_path):
    import socketserver
    import threading

    from generator.publish.serve import PreviewServer

    (tmp_path / "index.html").write_text("<html><body>index</body></html>")
    (tmp_path / "print.html").write_text("<html><body>old</body></html>")
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.listen()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    answers: list[str] = []
    try:
        server.reload_holding(frozenset({"/print.html"}))
        assert "index" in _get(url + "index.html")  # the pages already built are answered
        waiting = threading.Thread(target=lambda: answers.append(_get(url + "print.html")))
        waiting.start()
        waiting.join(timeout=1.0)
        assert answers == []  # held while its page is built
        (tmp_path / "print.html").write_text("<html><body>new</body></html>")
        server.release(reload=False)
        waiting.join(timeout=10)
        assert len(answers) == 1 and "new" in answers[0]
    finally:
        socketserver.BaseServer.shutdown(server)
        server.server_close()


def test_the_preview_watches_everything_a_site_is_made_from():
    from generator.core.resources import ASSETS, BASE_CONFIG, PAGE_TEMPLATES, SCHEMA_DIR, THEME_OVERRIDES
    from generator.load.sources import PlaybookFolder
    from generator.publish.serve import watched_paths
    from tests.conftest import ROOT

    watched = watched_paths(PlaybookFolder(ROOT / "playbooks" / "fernhill"))
    for shipped in (ASSETS, BASE_CONFIG, PAGE_TEMPLATES, SCHEMA_DIR, THEME_OVERRIDES):
        assert Path(shipped) in [Path(p) for p in watched], shipped
    assert ROOT / "playbooks" / "fernhill" in watched
    assert ROOT / "site_config" in watched
