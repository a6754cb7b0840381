"""Values as people read them (amounts, ranges, allowed values), and the pages that show them."""

from __future__ import annotations

import html
import re

from generator.render import amounts, svg


def test_amounts_carry_their_currency_and_scale():
    assert amounts.money_range(40_000_000, 400_000_000, "USD") == "$40M–$400M"
    assert amounts.money_range(1_500_000, None, "EUR") == "from €1.5M"
    assert amounts.money_range(None, 900, "CHF") == "up to 900 CHF"
    assert amounts.money(48_000, "USD") == "$48,000"
    assert amounts.count_range(200, 2500) == "200–2,500"


def test_allowed_values_read_as_words():
    assert amounts.words("economic-buyer") == "Economic buyer"
    assert amounts.words("private-equity") == "Private equity"


def test_long_names_wrap_instead_of_being_cut():
    lines = svg.wrap("Procurement and legal review with the buyer", 124, 14, bold=True)
    assert " ".join(lines) == "Procurement and legal review with the buyer"
    assert len(lines) > 1 and all(svg.text_width(line, 14, True) <= 124 for line in lines)


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_customer_facts_show_currency_lists_and_words(example_site):
    page = (example_site / "icp" / "regional-carriers.html").read_text(encoding="utf-8")
    text = _text(example_site / "icp" / "regional-carriers.html")
    assert "Annual revenue $40M–$400M" in text
    assert "40,000,000" not in text
    assert re.search(r'<ul class="pb-fact-list"><li>Truckload carriers</li>', page)
    assert "Bootstrapped" in text and "Private equity" in text


def test_failure_modes_say_when_they_appear_in_a_sentence_of_their_own(example_site):
    text = _text(example_site / "failure-modes" / "pilot-creep.html")
    assert "appears when" not in text
    assert "When it appears: In Solution validation" in text


def test_the_home_page_reads_as_a_dashboard(example_site):
    page = (example_site / "index.html").read_text(encoding="utf-8")
    text = _text(example_site / "index.html")
    assert "Where the engagement stands" in text and "Day 79 of 180" in text
    assert '<span class="pb-badge pb-status-at-risk">1 at risk</span>' in page
    assert re.search(r'<td><span class="pb-badge pb-status-[\w&#;-]+">', page)  # what is next, coloured
    assert 'class="pb-rag pb-rag-red"' in page  # the metrics with their thresholds
    assert "What changed in" in text


def test_the_raci_shows_one_coloured_letter_per_mark(example_site):
    page = (example_site / "roles.html").read_text(encoding="utf-8")
    assert '<span class="pb-raci-letter pb-raci-a">A</span>' in page
    assert '<div class="pb-raci">' in page
