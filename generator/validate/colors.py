"""Colour arithmetic for brands: parsing hex, WCAG contrast, and shades that reach a contrast."""

from __future__ import annotations

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
DARK_BACKGROUND: RGB = (30, 33, 41)  # Material's slate scheme background
AA_TEXT = 4.5


def parse_hex(value: str) -> RGB:
    """`#abc` or `#aabbcc` as an (r, g, b) triple."""
    digits = value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """Relative luminance, as WCAG 2 defines it."""
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: RGB, b: RGB, weight: float) -> RGB:
    """`a` moved towards `b` by `weight` (0 keeps a, 1 gives b)."""
    red, green, blue = (round(x + (y - x) * weight) for x, y in zip(a, b, strict=True))
    return red, green, blue


def readable_on(color: RGB, background: RGB, minimum: float = AA_TEXT) -> RGB:
    """The shade of `color` nearest to it that reads on `background` with at least `minimum` contrast."""
    target = WHITE if luminance(background) < 0.5 else BLACK
    for step in range(0, 101, 2):
        shade = mix(color, target, step / 100)
        if contrast(shade, background) >= minimum:
            return shade
    return target
