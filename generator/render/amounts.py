"""Numbers as a reader expects them: amounts with their currency, ranges, and enum values as words."""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}
_SCALES = ((1_000_000_000_000, "T"), (1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K"))


def _with_currency(text: str, currency: str) -> str:
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def money(value: float, currency: str) -> str:
    """48000, "USD" → "$48,000"; a currency without a symbol is written after: "48,000 CHF"."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return _with_currency(text, currency)


def compact_money(value: float, currency: str) -> str:
    """40000000, "USD" → "$40M"; 1500000 → "$1.5M"; 900 → "$900"."""
    for size, suffix in _SCALES:
        if abs(value) >= size:
            return _with_currency(f"{value / size:.1f}".removesuffix(".0") + suffix, currency)
    return _with_currency(f"{value:,.0f}", currency)


def money_range(low: float | None, high: float | None, currency: str) -> str:
    """A range of amounts: "$40M–$400M", "from $40M", "up to $400M"."""
    if low and high is not None:
        return f"{compact_money(low, currency)}–{compact_money(high, currency)}"
    if high is not None:
        return f"up to {compact_money(high, currency)}"
    return f"from {compact_money(low or 0, currency)}"


def count_range(low: int | None, high: int | None) -> str:
    """A range of counts: "200–2,500", "from 200", "up to 2,500"."""
    if low is not None and high is not None:
        return f"{low:,}–{high:,}"
    if high is not None:
        return f"up to {high:,}"
    return f"from {low or 0:,}"


def words(value: object) -> str:
    """An allowed value as words: "private-equity" → "Private equity", "economic-buyer" → "Economic buyer"."""
    text = str(value).replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]
