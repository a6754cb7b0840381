"""Metric formulas and the built-in metric library: parsing without eval, and a library that checks itself."""

from __future__ import annotations

import pytest

from generator.core.formula import FormulaError, evaluate, names, parse
from generator.schema.metric_library import effective_metric, load_library


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("won-deals / (won-deals + lost-deals)", ["won-deals", "won-deals", "lost-deals"]),
        ("a - b", ["a", "b"]),
        ("a-b", ["a-b"]),
        ("-a * 2 + (b / 3)", ["a", "b"]),
        ("100", []),
    ],
)
def test_formulas_parse_to_their_names(text, expected):
    assert list(names(parse(text))) == expected


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("(a + b", "`(` is never closed", 7),
        ("a +", "the formula ends too early", 4),
        ("a ) b", "unexpected `)`", 3),
        ("a $ b", "unexpected `$`", 3),
        ("", "the formula is empty", 1),
        ("__import__('os')", "unexpected `_`", 1),
    ],
)
def test_bad_formulas_name_the_column(text, message, column):
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert (caught.value.message, caught.value.column) == (message, column)


def test_evaluation_follows_precedence_and_parentheses():
    values = {"a": 6.0, "b": 2.0, "c": 1.0}
    assert evaluate(parse("a - b * c"), values) == 4
    assert evaluate(parse("(a - b) * c / 2"), values) == 2
    assert evaluate(parse("-a + b"), values) == -4


def test_every_library_metric_is_defined_and_computable_from_library_names():
    library = load_library()
    known = set(library.inputs) | set(library.metrics)
    for metric_id, metric in library.metrics.items():
        for field in ("name", "definition", "unit", "direction", "formula"):
            assert metric.get(field), (metric_id, field)
        assert set(names(parse(metric["formula"]))) <= known, metric_id
        if metric["unit"] == "ratio":
            assert metric.get("population") and metric.get("window"), metric_id


def test_library_formulas_give_the_textbook_answers():
    library = load_library()
    sample = {
        "won-deals": 30.0,
        "lost-deals": 70.0,
        "open-pipeline": 1_200_000.0,
        "remaining-quota": 400_000.0,
        "starting-arr": 1000.0,
        "expansion-arr": 150.0,
        "contraction-arr": 30.0,
        "churned-arr": 70.0,
    }

    def value(metric_id: str) -> float:
        return evaluate(parse(library.metrics[metric_id]["formula"]), sample)

    assert value("win-rate") == pytest.approx(0.3)
    assert value("pipeline-coverage") == pytest.approx(3)
    assert value("net-revenue-retention") == pytest.approx(105)
    assert value("gross-revenue-retention") == pytest.approx(90)


def test_a_playbook_metric_overrides_the_library_field_by_field():
    merged = effective_metric(
        {"id": "win-rate", "library": "win-rate", "window": "Last quarter"}, load_library()
    )
    assert merged["name"] == "Win rate"
    assert merged["window"] == "Last quarter"
    assert merged["formula"] == "won-deals / (won-deals + lost-deals)"
