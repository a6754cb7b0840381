"""Brands: checked like playbooks, confined to the repository, and applied to the built site."""

from __future__ import annotations

import os

import pytest

from generator.core.errors import InvalidInput
from generator.publish.client import build_client
from generator.validate.brand import brand_css, neutral_brand
from generator.validate.colors import contrast, parse_hex
from tests.test_build import make_client


def write_brand(root, name: str, text: str) -> None:
    brands = root / "site_config" / "brands"
    brands.mkdir(parents=True, exist_ok=True)
    (brands / f"{name}.yml").write_text(text)


def branded_client(tmp_path, brand_text: str):
    folder = make_client(tmp_path)
    write_brand(tmp_path, "acme", brand_text)
    manifest = folder.manifest
    manifest.write_text(manifest.read_text() + "brand: acme\n")
    return folder


def test_the_neutral_brand_applies_when_none_is_set(tmp_path):
    site = build_client(make_client(tmp_path), tmp_path / "site").site
    css = (site / "assets" / "brand" / "brand.css").read_text()
    assert f"--md-primary-fg-color: {neutral_brand('x').primary};" in css


def test_any_hex_colour_becomes_the_palette_in_both_schemes(tmp_path):
    folder = branded_client(tmp_path, 'name: Acme Corp\ncolors:\n  primary: "#7A1F5B"\n  accent: "#1F5B7A"\n')
    site = build_client(folder, tmp_path / "site").site
    css = (site / "assets" / "brand" / "brand.css").read_text()
    assert "--md-primary-fg-color: #7A1F5B;" in css
    assert '[data-md-color-scheme="slate"]' in css
    page = (site / "index.html").read_text()
    assert 'data-md-color-primary="custom"' in page
    assert "Acme Corp revenue playbook" in page


def test_dark_scheme_links_are_lightened_until_readable():
    css = brand_css(neutral_brand("x").__class__(name="x", primary="#102030", accent="#203040"))
    slate = css[css.index('[data-md-color-scheme="slate"]') :]
    link = slate.split("--md-typeset-a-color: ")[1].split(";")[0]
    assert contrast(parse_hex(link), (30, 33, 41)) >= 4.5


def test_a_symlink_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    folder = branded_client(
        tmp_path, 'name: Acme\nlogo: logo.svg\ncolors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n'
    )
    os.symlink(outside, tmp_path / "site_config" / "brands" / "logo.svg")
    with pytest.raises(InvalidInput) as caught:
        build_client(folder, tmp_path / "site")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.rule == "brand-file"
    assert "outside the repository" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.column) == (2, 7)


def test_absolute_paths_and_oversized_images_are_refused(tmp_path):
    folder = branded_client(
        tmp_path,
        'name: Acme\nlogo: /etc/hostname\nfavicon: big.png\ncolors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n',
    )
    (tmp_path / "site_config" / "brands" / "big.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1)
    )
    with pytest.raises(InvalidInput) as caught:
        build_client(folder, tmp_path / "site")
    messages = sorted(d.message for d in caught.value.diagnostics)
    assert messages[0].startswith("`/etc/hostname` is an absolute path")
    assert "the limit is 1048576" in messages[1]
    assert not (tmp_path / "site" / "acme").exists()


def test_logo_favicon_and_font_files_are_copied_into_the_site(tmp_path):
    folder = branded_client(
        tmp_path,
        "name: Acme\nlogo: acme/logo.png\nfavicon: acme/logo.png\n"
        'colors:\n  primary: "#1F5B45"\n  accent: "#B4531A"\n'
        "fonts:\n  text:\n    family: Acme Sans\n    file: acme/sans.woff2\n"
        "footer: Kept by the revenue team\ncopyright: © Acme\ncontact: ops@acme.example\nlanguage: de\n",
    )
    assets = tmp_path / "site_config" / "brands" / "acme"
    assets.mkdir()
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (assets / "sans.woff2").write_bytes(b"wOF2" + b"\0" * 64)
    site = build_client(folder, tmp_path / "site").site
    assert (site / "assets" / "brand" / "logo.png").is_file()
    assert (site / "assets" / "brand" / "text.woff2").is_file()
    assert (
        '@font-face { font-family: "Acme Sans"; src: url("text.woff2")'
        in (site / "assets/brand/brand.css").read_text()
    )
    page = (site / "index.html").read_text()
    assert 'lang="de"' in page
    assert "© Acme · Kept by the revenue team · Questions: ops@acme.example" in page
