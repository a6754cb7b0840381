"""`playbook pdf`: the print page through headless Chromium, and clear errors when a tool is missing."""

from __future__ import annotations

import builtins
import shutil
import subprocess

import pytest

from generator.load.sources import PlaybookFolder
from generator.publish import pdf
from tests.conftest import ROOT

SECTIONS = [
    "Ideal customer profiles",
    "Pipeline",
    "Ramp plans",
    "Engagement roadmap",
    "Failure modes",
    "Revenue audit",
    "Metrics dictionary",
    "Operating cadence",
    "Roles, hand-offs and decisions",
    "Who owns what after 5 Mar 2027",
    "Playbook health",
]


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


needs_browser = pytest.mark.skipif(
    not (pdf.CHROMIUM.is_file() and _has_playwright()), reason="needs Playwright and /usr/bin/chromium"
)


@needs_browser
def test_pdf_holds_every_section_of_the_print_page(cli, tmp_path):
    target = tmp_path / "out" / "fernhill.pdf"
    result = cli("pdf", "fernhill", "-o", str(target))
    assert result.status == 0, result.err
    assert "Wrote" in result.err
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True)
        words = " ".join(done.stdout.replace("-\n", "-").split())
        for title in SECTIONS:
            assert title in words, title
    else:  # without poppler, a page count shows the whole playbook was printed
        assert data.count(b"/Type /Page") > 20
    assert not list(target.parent.glob(".*.partial"))


def test_default_output_is_named_after_client_and_version():
    folder = PlaybookFolder(ROOT / "playbooks" / "fernhill")
    assert pdf.default_output(folder, "1.2.0") == ROOT / "dist" / "fernhill-playbook-1.2.0.pdf"


def test_missing_chromium_is_a_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    result = cli("pdf", "fernhill", "-o", str(tmp_path / "x.pdf"))
    assert result.status == 1
    assert result.err.startswith("error: printing a PDF needs Chromium")
    assert not (tmp_path / "x.pdf").exists()


def test_missing_playwright_is_a_clear_error(cli, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_playwright(name: str, *args, **kwargs):
        if name.startswith("playwright"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_playwright)
    result = cli("pdf", "fernhill", "-o", str(tmp_path / "x.pdf"))
    assert result.status == 1
    assert "error: printing a PDF needs Playwright for Python" in result.err


def test_invalid_input_gives_diagnostics_not_a_pdf(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "_check_tools", lambda chromium: None)
    result = cli("pdf", "tests/cases/schema-type", "-o", str(tmp_path / "x.pdf"))
    assert result.status == 1
    assert ": error: " in result.err
    assert not (tmp_path / "x.pdf").exists()


def test_chromium_can_be_named_on_the_command_line(cli, tmp_path):
    result = cli("pdf", "fernhill", "--chromium", str(tmp_path / "elsewhere"), "-o", str(tmp_path / "x.pdf"))
    assert result.status == 1
    assert f"not found at {tmp_path / 'elsewhere'}" in result.err
    assert not (tmp_path / "x.pdf").exists()


def test_chromium_is_found_from_the_environment_then_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(tmp_path / "chrome"))
    assert pdf.find_chromium() == tmp_path / "chrome"
    monkeypatch.delenv("PLAYBOOK_CHROMIUM")
    program = tmp_path / "bin" / "chromium-browser"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(program.parent))
    assert pdf.find_chromium() == program
