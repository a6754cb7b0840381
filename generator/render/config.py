"""The per-client MkDocs configuration: it inherits the shared mkdocs.yml and adds the client."""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any

import yaml

from generator import DISTRIBUTION
from generator.core.errors import BuildError
from generator.core.resources import BASE_CONFIG, THEME_OVERRIDES
from generator.load.yaml_loader import TRUSTED_LOADER
from generator.model.playbook import Playbook
from generator.validate.brand import Brand

BRAND_CSS = "assets/brand/brand.css"
LARGE_SITE_PAGES = 150


@functools.cache
def _base() -> dict[str, Any]:
    try:
        base: dict[str, Any] = yaml.load(BASE_CONFIG.read_text(encoding="utf-8"), Loader=TRUSTED_LOADER)
        return base
    except OSError as exc:
        raise BuildError(
            f"the tool's base site configuration is missing from its package ({BASE_CONFIG}): "
            f"reinstall {DISTRIBUTION}"
        ) from exc


def _escape_nav(entries: list[Any]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        if isinstance(entry, dict):
            out.append(
                {html.escape(k): _escape_nav(v) if isinstance(v, list) else v for k, v in entry.items()}
            )
        else:
            out.append(entry)
    return out


def _palette() -> list[dict[str, Any]]:
    """The base configuration's light/dark toggle, with the brand's custom colours."""
    return [{**scheme, "primary": "custom", "accent": "custom"} for scheme in _base()["theme"]["palette"]]


def _count(entries: list[Any]) -> int:
    return sum(
        _count(v) if isinstance(v, list) else 1
        for e in entries
        for v in (e.values() if isinstance(e, dict) else [e])
    )


def _large_site_features() -> list[str]:
    """Material renders the whole navigation into every page: with sections expanded that costs
    pages × pages. Collapsible, pruned sections keep a large playbook's build linear."""
    features = [f for f in _base()["theme"]["features"] if f != "navigation.sections"]
    return [*features, "navigation.prune"]


def _footer(brand: Brand) -> str:
    parts = [brand.copyright, brand.footer, f"Questions: {brand.contact}" if brand.contact else ""]
    return " · ".join(html.escape(p) for p in parts if p)


def merged(base: Any, over: Any) -> Any:
    """`over` on top of `base` as MkDocs merges INHERIT: mappings merge, anything else replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{k: merged(base[k], v) if k in base else v for k, v in over.items()}}
    return over


def client_config(
    playbook: Playbook,
    brand: Brand,
    brand_theme: dict[str, str],
    nav: list[Any],
    site_dir: Path,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The configuration a client's build uses; paths are relative to the staging folder.

    The theme prints site name, description, copyright and navigation titles unescaped, so
    the YAML content in them is escaped here.
    """
    kind = "template" if playbook.is_template else "revenue playbook"
    theme: dict[str, Any] = {
        "custom_dir": str(THEME_OVERRIDES),
        "palette": _palette(),
        "language": brand.language,
        **brand_theme,
    }
    if _count(nav) > LARGE_SITE_PAGES:
        theme["features"] = _large_site_features()
    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": html.escape(f"{brand.name} {kind}"),
        "site_description": html.escape(f"The {playbook.name} {kind}, version {playbook.version}."),
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "theme": theme,
        "extra_css": [*_base()["extra_css"], BRAND_CSS],
        "nav": _escape_nav(nav),
    }
    if footer := _footer(brand):
        config["copyright"] = footer
    # The project's own settings (checked in validation: nothing the tool must decide).
    final: dict[str, Any] = merged(config, overrides or {})  # two mappings merge into a mapping
    return final


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
