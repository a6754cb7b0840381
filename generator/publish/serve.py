"""Live preview: rebuild on every change to YAML, templates, schemas or brand; never stop on bad input."""

from __future__ import annotations

import hashlib
import html
import ipaddress
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from stat import S_ISREG
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.core.errors import Interrupted, InvalidInput, PlaybookError
from generator.core.formatters import as_text
from generator.core.project import project_of
from generator.core.resources import ASSETS, BASE_CONFIG, PAGE_TEMPLATES, SCHEMA_DIR, THEME_OVERRIDES
from generator.load.sources import PlaybookFolder
from generator.publish.preview_build import HELD_URLS, PreviewBuild

_BANNER = (
    '<div id="playbook-problems" style="position:fixed;inset:auto 0 0 0;z-index:1000;max-height:50vh;'
    "overflow:auto;margin:0;padding:1em;background:#8c1d18;color:#fff;font:13px/1.5 monospace;"
    'white-space:pre-wrap">{}</div>'
)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
LISTEN_BACKLOG = 1024
"""Connections the kernel queues before the server accepts them (Python's default is 5)."""
POLL_SECONDS = 0.05
"""How often the watched files are checked (MkDocs' default is 0.5 s): a snapshot of the few dozen
watched files costs well under a millisecond, and a save should start its rebuild at once."""
BUILD_DELAY_SECONDS = 0.05
"""How long the watched files must stay unchanged before a rebuild starts (MkDocs waits 0.1 s):
one poll, so a save of several files is built once; a file written after the rebuild started
only starts another."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the latest build problem shown on every page.

    It answers only requests addressed to the host it listens on: a page on another site whose
    name is rebound to 127.0.0.1 (DNS rebinding) sends its own name as Host, and is refused.
    """

    problem: str | None = None
    holding: frozenset[str] | None = None
    """The page a rebuild is still building, after the others were shown (see reload_holding)."""
    request_queue_size = LISTEN_BACKLOG
    _bound = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_delay = BUILD_DELAY_SECONDS  # MkDocs sets its own in __init__
        self._tags: dict[str, tuple[tuple[int, int], str]] = {}

    def server_bind(self) -> None:
        if self._bound:  # `listen` bound it already; MkDocs' serve() binds again
            return
        host, port = self.server_address[:2]
        try:
            super().server_bind()
        except OSError as exc:  # a busy port, an address this machine does not have
            shown = host.decode() if isinstance(host, bytes) else host
            raise PlaybookError(f"cannot listen on {shown}:{port}: {exc.strerror or exc}") from None
        self._bound = True

    def server_activate(self) -> None:
        if not getattr(self, "_active", False):
            super().server_activate()
            self._active = True

    def listen(self) -> None:
        """Bind and listen now, so a busy port is reported before the first build."""
        self.server_bind()
        self.server_activate()

    def reload_holding(self, paths: frozenset[str]) -> None:
        """Reload the browsers now, in the middle of a rebuild; a request for one of `paths`,
        still being built, waits until `release`."""
        with self._epoch_cond:
            self.holding = paths
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def release(self, reload: bool) -> None:
        """The rebuild is over: answer the held page; `reload` the browsers again when the
        problem shown changed after they were reloaded (the last page failed, say)."""
        with self._epoch_cond:
            if reload:
                self._wanted_epoch += 1  # MkDocs shows it once the builder returns
            self.holding = None
            self._epoch_cond.notify_all()

    def allowed_host(self, header: str) -> bool:
        """Whether a Host header names this server: its own address, or a loopback alias."""
        host, port = _split_host(header)
        if port is not None and port != self.server_port:
            return False
        bound = str(self.server_address[0]).lower()
        if host == bound:
            return True
        if _is_loopback(bound):
            return host in LOOPBACK_NAMES or _is_loopback(host)
        if bound in ("0.0.0.0", "::", ""):  # every address: any literal one, never a DNS name
            return _is_ip(host) or host == "localhost"
        return False

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if not self.allowed_host(environ.get("HTTP_HOST", "")):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"This preview answers only requests addressed to the host it listens on.\n"]
        if "\0" in environ.get("PATH_INFO", ""):  # no file has a NUL in its name; open() would raise
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [self.error_handler(404) or b"404 Not Found"]
        if self.holding is not None and environ.get("PATH_INFO") in self.holding:
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self.holding is None)
        tag = self._asset_tag(environ)
        if tag is None:
            return super().serve_request(environ, start_response)
        if environ.get("HTTP_IF_NONE_MATCH") == tag:
            start_response("304 Not Modified", [("ETag", tag), ("Cache-Control", "no-cache")])
            return []

        def tagged(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            if status.startswith("200"):
                headers = [*headers, ("ETag", tag), ("Cache-Control", "no-cache")]
            return start_response(status, headers, *rest)

        return super().serve_request(environ, tagged)

    def _asset_tag(self, environ: dict[str, Any]) -> str | None:
        """A validator for a file other than a page, so a reload asks only whether the theme's
        stylesheets and scripts changed instead of fetching them all again; pages carry the
        reload script and the problem banner, and are always sent whole."""
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if (
            path.endswith(("/", ".html"))
            or path.startswith("/livereload/")
            or not path.startswith(self.mount_path)
        ):
            return None
        with self._epoch_cond:  # as MkDocs does: never a file from a rebuild under way
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
        relative = posixpath.normpath("/" + path[len(self.mount_path) :]).lstrip("/")
        file = os.path.join(self.root, relative)
        try:
            stat = os.stat(file)
            if not S_ISREG(stat.st_mode):
                return None
            known = self._tags.get(file)
            if known is None or known[0] != (stat.st_mtime_ns, stat.st_size):
                # Of the bytes: a whole rebuild copies the theme's files again, unchanged.
                with open(file, "rb") as handle:
                    digest = hashlib.file_digest(handle, "blake2b").hexdigest()[:32]
                known = self._tags[file] = ((stat.st_mtime_ns, stat.st_size), f'"{digest}"')
        except OSError:
            return None
        return known[1]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]  # MkDocs leaves it untyped
        if not self.problem:
            return content
        banner = _BANNER.format(html.escape(self.problem)).encode()
        return content.replace(b"</body>", banner + b"</body>", 1)


def _split_host(header: str) -> tuple[str, int | None]:
    """`name:8000` → ("name", 8000); `[::1]:8000` → ("::1", 8000); a bad port is port -1."""
    header = header.strip().lower()
    if header.startswith("["):
        host, _, rest = header[1:].partition("]")
        port_text = rest.removeprefix(":") if rest.startswith(":") else ""
    else:
        host, _, port_text = header.rpartition(":") if header.count(":") == 1 else (header, "", "")
    if not port_text:
        return host.rstrip("."), None
    return host.rstrip("."), int(port_text) if port_text.isdigit() else -1


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return host == "localhost" or (_is_ip(host) and ipaddress.ip_address(host).is_loopback)


def watched_paths(folder: PlaybookFolder) -> list[Path]:
    """Everything whose change can change the site."""
    project = project_of(folder.path)
    candidates = [
        folder.path,
        *folder.templates_dirs,
        PAGE_TEMPLATES,
        THEME_OVERRIDES,  # the theme's own templates: the preview keeps them compiled until they change
        ASSETS,
        SCHEMA_DIR,
        BASE_CONFIG,
        project.root / "site_config",
    ]
    return [p for p in candidates if p.exists()]


class _Stop(BaseException):
    """A signal during a rebuild, carried past MkDocs' build loop (which outlives any Exception)."""

    def __init__(self, interrupted: Interrupted) -> None:
        super().__init__(str(interrupted))
        self.interrupted = interrupted


def make_rebuild(
    folder: PlaybookFolder, output: Path, report: Callable[[str], None]
) -> tuple[Callable[..., None], dict[str, str | None]]:
    """A builder that records its problem instead of raising, so the server keeps running.

    Given `shown`, it calls it with the warnings once every page but the last is built (see
    PreviewBuild); the problem recorded at the end is the whole rebuild's.
    """
    state: dict[str, str | None] = {"problem": None}
    build = PreviewBuild(folder, output / folder.name, output / ".work")
    build.work.mkdir(parents=True, exist_ok=True)

    def rebuild(shown: Callable[[str | None], None] | None = None) -> None:
        try:
            warnings = build(None if shown is None else lambda found: shown(as_text(found) or None))
        except InvalidInput as exc:
            state["problem"] = as_text(exc.diagnostics)
        except Interrupted as exc:  # a signal stops the server, not only this rebuild
            raise _Stop(exc) from None
        except PlaybookError as exc:
            state["problem"] = f"error: {exc}\n"
        else:
            state["problem"] = as_text(warnings) or None
            if state["problem"] is None:
                report(f"Rebuilt {folder.name}.\n")
        if state["problem"]:
            report(state["problem"])

    return rebuild, state


def serve(folder: PlaybookFolder, host: str, port: int, report: Callable[[str], None]) -> None:
    """Serve a live preview of one client until interrupted."""
    output = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    rebuild, state = make_rebuild(folder, output, report)
    server: PreviewServer | None = None

    def build_and_show() -> None:
        if server is None:
            rebuild()
            return
        live = server
        early: list[str | None] = []  # the problem shown when the browsers were reloaded early

        def show_early(problem: str | None) -> None:
            early.append(problem)
            live.problem = problem
            live.reload_holding(HELD_URLS)

        try:
            rebuild(show_early)
        finally:
            live.problem = state["problem"]
            live.release(reload=bool(early) and early[0] != state["problem"])

    try:
        server = PreviewServer(
            builder=build_and_show,
            host=host,
            port=port,
            root=str(output / folder.name),
            polling_interval=POLL_SECONDS,
        )
        server.listen()
        server.error_handler = lambda code: (
            f"<h1>{code}</h1><pre>{html.escape(state['problem'] or '')}</pre>".encode()
        )
        build_and_show()
        for path in watched_paths(folder):
            server.watch(str(path))
        report(f"Serving {folder.name} on {server.url} (Ctrl+C to stop)\n")
        server.serve()  # type: ignore[no-untyped-call]  # MkDocs leaves LiveReloadServer.serve untyped
    except KeyboardInterrupt:
        report("Stopped.\n")
    except _Stop as stop:
        raise stop.interrupted from None
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(output, ignore_errors=True)
