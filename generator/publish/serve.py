"""Live preview: rebuild on every change to YAML, templates, schemas or brand; never stop on bad input."""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.core.errors import InvalidInput, PlaybookError
from generator.core.formatters import as_text
from generator.core.project import project_of
from generator.core.resources import ASSETS, BASE_CONFIG, PAGE_TEMPLATES, SCHEMA_DIR
from generator.load.sources import PlaybookFolder
from generator.publish.client import build_client

_BANNER = (
    '<div id="playbook-problems" style="position:fixed;inset:auto 0 0 0;z-index:1000;max-height:50vh;'
    "overflow:auto;margin:0;padding:1em;background:#8c1d18;color:#fff;font:13px/1.5 monospace;"
    'white-space:pre-wrap">{}</div>'
)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the latest build problem shown on every page."""

    problem: str | None = None

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.problem:
            return content
        banner = _BANNER.format(html.escape(self.problem)).encode()
        return content.replace(b"</body>", banner + b"</body>", 1)


def watched_paths(folder: PlaybookFolder) -> list[Path]:
    """Everything whose change can change the site."""
    project = project_of(folder.path)
    candidates = [
        folder.path,
        *folder.templates_dirs,
        PAGE_TEMPLATES,
        ASSETS,
        SCHEMA_DIR,
        BASE_CONFIG,
        project.root / "site_config",
    ]
    return [p for p in candidates if p.exists()]


def make_rebuild(
    folder: PlaybookFolder, output: Path, report: Callable[[str], None]
) -> tuple[Callable[[], None], dict[str, str | None]]:
    """A builder that records its problem instead of raising, so the server keeps running."""
    state: dict[str, str | None] = {"problem": None}

    def rebuild() -> None:
        try:
            result = build_client(folder, output)
        except InvalidInput as exc:
            state["problem"] = as_text(exc.diagnostics)
        except PlaybookError as exc:
            state["problem"] = f"error: {exc}\n"
        else:
            state["problem"] = as_text(result.warnings) or None
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
        rebuild()
        if server is not None:
            server.problem = state["problem"]

    try:
        server = PreviewServer(builder=build_and_show, host=host, port=port, root=str(output / folder.name))
        server.error_handler = lambda code: (
            f"<h1>{code}</h1><pre>{html.escape(state['problem'] or '')}</pre>".encode()
        )
        build_and_show()
        for path in watched_paths(folder):
            server.watch(str(path))
        report(f"Serving {folder.name} on {server.url} (Ctrl+C to stop)\n")
        server.serve()
    except KeyboardInterrupt:
        report("Stopped.\n")
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(output, ignore_errors=True)
