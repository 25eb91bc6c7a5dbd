"""The time window: presets relative to the data, steps and slider positions."""

from __future__ import annotations

from datetime import date

from influence.view import window


def test_presets_end_on_the_latest_event():
    assert window.resolve("30d", date(2021, 3, 31)) == (date(2021, 3, 2), date(2021, 3, 31))
    assert window.resolve("all", date(2021, 3, 31)) == (None, None)
    assert window.resolve("custom", None, (date(2020, 1, 1), date(2020, 2, 1))) == (
        date(2020, 1, 1),
        date(2020, 2, 1),
    )


def test_an_unknown_preset_means_all_dates():
    assert window.resolve("nonsense", date(2021, 3, 31)) == (None, None)


def test_floor_to_monday_and_first_of_month():
    assert window.floor(date(2021, 1, 10), "week") == date(2021, 1, 4)
    assert window.floor(date(2021, 1, 10), "month") == date(2021, 1, 1)


def test_shift_keeps_the_length():
    assert window.shift(date(2021, 1, 1), date(2021, 1, 31), "month") == (date(2021, 2, 1), date(2021, 3, 3))
    assert window.shift(date(2021, 1, 4), date(2021, 1, 10), "week", -1) == (
        date(2020, 12, 28),
        date(2021, 1, 3),
    )


def test_first_window_is_one_step_long():
    assert window.first_window(date(2021, 2, 17), "month") == (date(2021, 2, 1), date(2021, 2, 28))


def test_starts_cover_the_span():
    assert window.starts(date(2021, 1, 15), date(2021, 4, 1), "month") == [
        date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1), date(2021, 4, 1),
    ]  # fmt: skip
    assert len(window.starts(date(2021, 1, 1), date(2021, 12, 31), "week")) == 53
