"""Messages shown on the site: escaped, with their IDs as code and the spaces around them kept."""

from __future__ import annotations

from generator.render.text import code_spans


def test_code_spans_keep_the_spaces_that_separate_them_from_the_words():
    assert str(code_spans("unknown stage `x` in `y`")) == "unknown stage <code>x</code> in <code>y</code>"


def test_code_spans_escape_every_part():
    assert str(code_spans("a <b> `<i>`")) == "a &#60;b&#62; <code>&#60;i&#62;</code>"


def test_adjacent_code_spans_keep_one_space_between_them():
    assert str(code_spans("`a`  `b`")) == "<code>a</code> <code>b</code>"
