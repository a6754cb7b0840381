"""`playbook pdf`: the print page through headless Chromium, and clear errors when a tool is missing."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
from pathlib import Path

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

# The roles of the management-layer example's RACI matrix, all of which the board must see.
KESTREL_RACI_ROLES = [
    "Chief Executive Officer",
    "Chief Financial Officer",
    "VP of Sales",
    "Sales Manager, Mid-Market",
    "Enterprise Account Executive",
    "Account Executive, Mid-Market",
    "Solutions Engineer",
    "Sales Enablement Lead",
    "Director of Revenue Operations",
    "General Counsel",
    "Chief Information Security Officer",
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


@pytest.fixture(scope="module")
def kestrel_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The management-layer example's PDF, printed once for the tests below."""
    from generator.cli import run

    target = tmp_path_factory.mktemp("pdf") / "kestrel.pdf"
    assert run(["pdf", "kestrel", "-o", str(target)]) == 0
    return target


def _page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@needs_browser
def test_pdf_contents_give_the_page_each_section_starts_on(kestrel_pdf: Path):
    texts = _page_texts(kestrel_pdf)
    contents = texts[0]
    assert "Contents" in contents
    checked = 0
    for title in [
        "Ideal customer profiles",
        "Pipeline stages",
        "Roles, hand-offs and decisions",
        "Playbook health",
    ]:
        found = re.search(re.escape(title) + r" (\d+)", contents)
        assert found, title
        assert texts[int(found.group(1)) - 1].startswith(title), title
        checked += 1
    assert checked == 4


@needs_browser
def test_pdf_numbers_every_page_in_its_footer(kestrel_pdf: Path):
    texts = _page_texts(kestrel_pdf)
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"{number} of {len(texts)}"), number


@needs_browser
def test_pdf_links_lead_only_to_places_inside_it(kestrel_pdf: Path):
    from pypdf import PdfReader

    reader = PdfReader(kestrel_pdf)
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            assert action is None or "/URI" not in action, action
            if "/Dest" in annot:
                internal += 1
    assert internal >= 10  # the contents at least


@needs_browser
def test_pdf_shows_every_column_of_the_raci(kestrel_pdf: Path):
    raci = next(t for t in _page_texts(kestrel_pdf) if t.startswith("Who decides what"))
    for title in KESTREL_RACI_ROLES:
        assert title in raci, title
