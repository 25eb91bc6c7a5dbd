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


def test_a_calendar_month_moves_to_the_next_calendar_month():
    assert window.shift(date(2021, 1, 1), date(2021, 1, 31), "month") == (date(2021, 2, 1), date(2021, 2, 28))
    assert window.shift(date(2021, 2, 1), date(2021, 2, 28), "month") == (date(2021, 3, 1), date(2021, 3, 31))
    # a quarter stays a quarter
    assert window.shift(date(2021, 1, 1), date(2021, 3, 31), "month", 2) == (
        date(2021, 3, 1),
        date(2021, 5, 31),
    )


def test_weeks_start_on_monday_and_move_whole():
    assert window.shift(date(2021, 1, 4), date(2021, 1, 10), "week", -1) == (
        date(2020, 12, 28),
        date(2021, 1, 3),
    )


def test_a_window_off_the_calendar_keeps_its_length_in_days():
    assert window.shift(date(2021, 1, 5), date(2021, 1, 20), "month") == (date(2021, 2, 5), date(2021, 2, 20))


def test_steps_spanned_counts_whole_steps_only():
    assert window.steps_spanned(date(2021, 1, 1), date(2021, 12, 31), "month") == 12
    assert window.steps_spanned(date(2021, 1, 4), date(2021, 1, 17), "week") == 2
    assert window.steps_spanned(date(2021, 1, 2), date(2021, 1, 31), "month") is None
    assert window.steps_spanned(date(2021, 1, 1), date(2021, 1, 30), "month") is None


def test_cumulative_playback_grows_to_the_next_calendar_step():
    assert window.grow(date(2019, 3, 7), date(2019, 3, 31), "month") == (date(2019, 3, 7), date(2019, 4, 30))
    assert window.grow(date(2019, 3, 7), date(2019, 3, 12), "week") == (date(2019, 3, 7), date(2019, 3, 24))


def test_first_window_is_one_step_long():
    assert window.first_window(date(2021, 2, 17), "month") == (date(2021, 2, 1), date(2021, 2, 28))


def test_starts_cover_the_span():
    assert window.starts(date(2021, 1, 15), date(2021, 4, 1), "month") == [
        date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1), date(2021, 4, 1),
    ]  # fmt: skip
    assert len(window.starts(date(2021, 1, 1), date(2021, 12, 31), "week")) == 53
