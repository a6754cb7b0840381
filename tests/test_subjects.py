"""What a diagnostic is about: the items with an ID along its path."""

from __future__ import annotations

from generator.model.subjects import Subject, subjects

DATA = {
    "stages": [
        {"id": "discovery", "name": "Discovery", "exit_criteria": [{"id": "pain-named", "statement": "…"}]},
    ],
    "success_criteria": {"day_90": [{"id": "first-forecast", "statement": "…"}]},
    "plans": [{"role": "ae", "periods": [{"id": "d1-30", "label": "First month"}]}],
}


def test_every_item_with_an_id_on_the_path_is_a_subject_outermost_first():
    found = subjects(DATA, ("stages", 0, "exit_criteria", 0, "statement"))
    assert found == (
        Subject("stages", "discovery", "Discovery"),
        Subject("exit_criteria", "pain-named", "pain-named"),
    )


def test_a_field_whose_name_holds_digits_is_followed():
    assert subjects(DATA, ("success_criteria", "day_90", 0)) == (
        Subject("day_90", "first-forecast", "first-forecast"),
    )


def test_an_item_named_by_its_role_and_one_by_its_label():
    found = subjects(DATA, ("plans", 0, "periods", 0, "quota_fraction"))
    assert found == (Subject("plans", "ae", "ae"), Subject("periods", "d1-30", "First month"))


def test_a_path_the_data_does_not_have_stops_where_the_data_ends():
    assert subjects(DATA, ("stages", 5, "id")) == ()
    assert subjects(None, ("stages", 0)) == ()
