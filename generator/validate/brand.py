"""Brands: load and check site_config/brands/<name>.yml, and turn it into theme settings and CSS.

Every asset a brand names must exist, lie inside the repository (no absolute path, no `..`, no
symlink out of it), be of an allowed type and a sane size, and an SVG must hold no script and no
reference outside itself; colours must keep text readable.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.documents import BRAND
from generator.core.hints import nearest
from generator.core.project import BRANDS as BRANDS_DIR
from generator.core.project import brand_path
from generator.load.locations import FileOrigins, Origins, locate
from generator.load.yaml_loader import LoadError, load_yaml
from generator.schema.schemas import SchemaSet
from generator.validate.colors import (
    AA_TEXT,
    DARK_BACKGROUND,
    WHITE,
    contrast,
    parse_hex,
    readable_on,
    to_hex,
)
from generator.validate.schema_diagnostics import schema_diagnostics
from generator.validate.svg_check import svg_problem

MAX_IMAGE_BYTES = 1024 * 1024
MAX_FONT_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {"logo": ("svg", "png"), "favicon": ("svg", "png", "ico")}


@dataclass(frozen=True)
class Brand:
    """A checked brand, with absolute paths to its assets."""

    name: str
    primary: str = "#37474f"
    accent: str = "#1e88e5"
    on_primary: str = "#ffffff"
    link: str = ""
    logo: Path | None = None
    favicon: Path | None = None
    fonts: dict[str, dict[str, Any]] = field(default_factory=dict)
    footer: str = ""
    copyright: str = ""
    contact: str = ""
    language: str = "en"
    source: Path | None = None

    @property
    def files(self) -> list[Path]:
        """Every file the brand consists of, for the build's input hash."""
        found = [
            self.source,
            self.logo,
            self.favicon,
            *(Path(f["file"]) for f in self.fonts.values() if "file" in f),
        ]
        return [p for p in found if p is not None]


def neutral_brand(name: str) -> Brand:
    """The brand used when a playbook names none: calm blue-grey, readable in both schemes."""
    return Brand(name=name)


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\x00\x00\x01\x00"):
        return "ico"
    if data.startswith(b"wOF2"):
        return "woff2"
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        return "svg"
    return "unknown"


class _Checker:
    """Collects the diagnostics of one brand file."""

    def __init__(self, root: Path, origins: Origins) -> None:
        self.root = root.resolve()
        self.base = root / BRANDS_DIR
        self.origins = origins
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: tuple[Any, ...], rule: str, message: str) -> None:
        where = locate(self.origins, path)
        shown = ".".join(map(str, path))
        self.diagnostics.append(Diagnostic(where, Severity.ERROR, rule, message, shown, tuple(path)))

    def asset(self, path: tuple[Any, ...], value: str, allowed: tuple[str, ...], limit: int) -> Path | None:
        if not value.isprintable():  # a NUL or a control character is no part of a file name
            shown = value.encode("unicode_escape").decode("ascii")
            self.error(path, "brand-file", f"`{shown}` holds a control character; name a file")
            return None
        relative = Path(value)
        if relative.is_absolute() or value.startswith("~"):
            self.error(path, "brand-file", f"`{value}` is an absolute path; name a file under {BRANDS_DIR}/")
            return None
        if ".." in relative.parts:
            self.error(path, "brand-file", f"`{value}` leaves {BRANDS_DIR}/ with `..`")
            return None
        candidate = self.base / relative
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.root):
            self.error(path, "brand-file", f"`{value}` is a link to a file outside the repository")
            return None
        if not resolved.is_file():
            close = nearest(
                relative.name,
                [p.name for p in candidate.parent.glob("*")] if candidate.parent.is_dir() else [],
            )
            hint = f"; did you mean `{close[0]}`?" if close else ""
            self.error(path, "brand-file", f"`{value}` does not exist in {BRANDS_DIR}/{hint}")
            return None
        size = resolved.stat().st_size
        if size > limit:
            self.error(path, "brand-file", f"`{value}` is {size} bytes; the limit is {limit}")
            return None
        data = resolved.read_bytes()
        kind = _sniff(data[:8192])
        if kind not in allowed:
            wanted = " or ".join(a.upper() for a in allowed)
            self.error(path, "brand-file", f"`{value}` is not {wanted} (found: {kind})")
            return None
        problem = svg_problem(data) if kind == "svg" else None
        if problem:
            message = f"`{value}` holds {problem}; a brand SVG must be a plain drawing, served as it is"
            self.error(path, "brand-file", message)
            return None
        return resolved

    def pair(
        self, path: tuple[Any, ...], text_name: str, text: str, background_name: str, background: str
    ) -> None:
        ratio = contrast(parse_hex(text), parse_hex(background))
        if ratio < AA_TEXT:
            message = (
                f"{text_name} {text} on {background_name} {background} has contrast {ratio:.2f}:1, "
                f"below WCAG AA {AA_TEXT}:1"
            )
            self.error(path, "brand-contrast", message)


def _fonts(checker: _Checker, raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    fonts: dict[str, dict[str, Any]] = {}
    for role, font in raw.items():
        entry: dict[str, Any] = {"family": font["family"]}
        if "file" in font:
            found = checker.asset(("fonts", role, "file"), font["file"], ("woff2",), MAX_FONT_BYTES)
            if found is None:
                continue
            entry["file"] = str(found)
        fonts[role] = entry
    return fonts


def load_brand(
    root: Path, name: str, schemas: SchemaSet, where: Location
) -> tuple[Brand | None, list[Diagnostic]]:
    """Load and check brand `name` of the repository at `root`; `where` is the manifest's `brand` value."""
    path = brand_path(root, name)
    if not path.is_file():
        known = sorted(p.stem for p in (root / BRANDS_DIR).glob("*.yml"))
        close = nearest(name, known)
        hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
        message = f"brand `{name}` has no file {BRANDS_DIR}/{name}.yml{hint}"
        return None, [Diagnostic(where, Severity.ERROR, "brand-unknown", message, "brand")]
    try:
        loaded = load_yaml(path, display_path(path), root=root)
    except LoadError as exc:
        return None, [exc.diagnostic]
    origins = FileOrigins(loaded.source)
    found = schema_diagnostics(schemas, BRAND, loaded.data, origins)
    if found:
        return None, found
    raw = loaded.data
    checker = _Checker(root, origins)
    logo = (
        checker.asset(("logo",), raw["logo"], IMAGE_TYPES["logo"], MAX_IMAGE_BYTES) if "logo" in raw else None
    )
    favicon = (
        checker.asset(("favicon",), raw["favicon"], IMAGE_TYPES["favicon"], MAX_IMAGE_BYTES)
        if "favicon" in raw
        else None
    )
    colors = raw["colors"]
    on_primary = colors.get("on_primary", "#ffffff")
    link = colors.get("link", colors["primary"])
    checker.pair(
        ("colors", "on_primary" if "on_primary" in colors else "primary"),
        "header text",
        on_primary,
        "primary",
        colors["primary"],
    )
    checker.pair(
        ("colors", "link" if "link" in colors else "primary"),
        "link colour",
        link,
        "page background",
        "#ffffff",
    )
    checker.pair(
        ("colors", "accent"), "accent (hovered links)", colors["accent"], "page background", "#ffffff"
    )
    fonts = _fonts(checker, raw.get("fonts", {}))
    if checker.diagnostics:
        return None, checker.diagnostics
    brand = Brand(
        name=raw["name"],
        primary=colors["primary"],
        accent=colors["accent"],
        on_primary=on_primary,
        link=link,
        logo=logo,
        favicon=favicon,
        fonts=fonts,
        footer=raw.get("footer", ""),
        copyright=raw.get("copyright", ""),
        contact=raw.get("contact", ""),
        language=raw.get("language", "en"),
        source=path.resolve(),
    )
    return brand, []


def _font_face(role: str, font: dict[str, Any]) -> str:
    if "file" not in font:
        return ""
    family = font["family"].split(",")[0].strip().strip("'\"")
    return (
        f'@font-face {{ font-family: "{family}"; src: url("{role}{Path(font["file"]).suffix}") format("woff2"); '
        "font-display: swap; }\n"
    )


def brand_css(brand: Brand) -> str:
    """CSS variables for Material's `custom` palette in both schemes, and the brand's fonts."""
    primary, accent = parse_hex(brand.primary), parse_hex(brand.accent)
    link = parse_hex(brand.link or brand.primary)
    dark_link = readable_on(primary, DARK_BACKGROUND)
    dark_accent = readable_on(accent, DARK_BACKGROUND)
    on_accent = "#ffffff" if contrast(WHITE, accent) >= contrast((0, 0, 0), accent) else "#000000"
    lines = [
        "/* Generated from the client's brand. */",
        ":root {",
        f"  --md-primary-fg-color: {brand.primary};",
        f"  --md-primary-fg-color--light: {to_hex(readable_on(primary, WHITE, 1.0))};",
        f"  --md-primary-fg-color--dark: {brand.primary};",
        f"  --md-primary-fg-color--transparent: {brand.primary}1a;",
        f"  --md-primary-bg-color: {brand.on_primary};",
        f"  --md-primary-bg-color--light: {brand.on_primary}b3;",
        f"  --md-accent-fg-color: {brand.accent};",
        f"  --md-accent-fg-color--transparent: {brand.accent}1a;",
        f"  --md-accent-bg-color: {on_accent};",
        "}",
        '[data-md-color-scheme="default"] {',
        f"  --md-typeset-a-color: {to_hex(link)};",
        "}",
        '[data-md-color-scheme="slate"] {',
        f"  --md-typeset-a-color: {to_hex(dark_link)};",
        f"  --md-accent-fg-color: {to_hex(dark_accent)};",
        "}",
    ]
    for role, variable in (("text", "--md-text-font"), ("code", "--md-code-font")):
        font = brand.fonts.get(role)
        if font:
            lines.insert(0, _font_face(role, font).rstrip())
            # On body, where Material reads these variables (and sets its own defaults).
            if "file" in font:
                family = font["family"].split(",")[0].strip().strip("'\"")
                lines.append(f'body {{ {variable}: "{family}"; }}')
            else:  # a system stack: Material appends its own fallbacks after it
                lines.append(f"body {{ {variable}: {font['family']}; }}")
    return "\n".join(lines) + "\n"


def copy_brand_assets(brand: Brand, target: Path) -> dict[str, str]:
    """Copy the brand's files into the site's assets; returns theme settings naming them."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "brand.css").write_text(brand_css(brand), encoding="utf-8")
    theme: dict[str, str] = {}
    for key, source in (("logo", brand.logo), ("favicon", brand.favicon)):
        if source is not None:
            shutil.copyfile(source, target / f"{key}{source.suffix}")
            theme[key] = f"assets/brand/{key}{source.suffix}"
    for role, font in brand.fonts.items():
        if "file" in font:
            shutil.copyfile(font["file"], target / f"{role}{Path(font['file']).suffix}")
    return theme
