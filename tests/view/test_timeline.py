"""Timeline counts: events per week or month and sponsor, as a tidy table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from influence.view import timeline


def _events(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"date": pd.to_datetime([day for day, _ in rows]), "sponsor": [who for _, who in rows]}
    )


EVENTS = _events(
    [
        ("2021-01-04", "Iran"),  # a Monday
        ("2021-01-10", "Iran"),  # the Sunday of the same week
        ("2021-01-11", "Russia"),
        ("2021-02-01", "Iran"),
        ("2021-02-28", "Russia"),
    ]
)


def test_months_are_counted_by_sponsor():
    table = timeline.counts(EVENTS, "month", ["Russia", "Iran"])
    assert list(table.columns) == list(timeline.COLUMNS)
    assert table.to_dict("records") == [
        {"period": pd.Timestamp("2021-01-01"), "sponsor": "Russia", "events": 1},
        {"period": pd.Timestamp("2021-01-01"), "sponsor": "Iran", "events": 2},
        {"period": pd.Timestamp("2021-02-01"), "sponsor": "Russia", "events": 1},
        {"period": pd.Timestamp("2021-02-01"), "sponsor": "Iran", "events": 1},
    ]


def test_fatalities_are_summed_per_period_and_sponsor_unknown_counting_as_none():
    events = EVENTS.assign(fatalities=pd.array([3, None, 4, 1, 2][: len(EVENTS)], dtype="Int64"))
    table = timeline.counts(events, "month", ["Russia", "Iran"], measure="fatalities")
    assert table["fatalities"].sum() == events["fatalities"].fillna(0).sum()
    assert (table["fatalities"] >= 0).all() and table["fatalities"].dtype == "int64"


def test_weeks_start_on_monday():
    table = timeline.counts(EVENTS, "week")
    assert table["period"].dt.day_of_week.eq(0).all()
    weeks = timeline.totals(table)
    assert weeks[pd.Timestamp("2021-01-04")] == 2
    assert weeks[pd.Timestamp("2021-01-11")] == 1


def test_every_event_is_counted_once():
    assert timeline.counts(EVENTS, "week")["events"].sum() == len(EVENTS)


def test_no_events_give_an_empty_table_with_the_columns():
    table = timeline.counts(EVENTS.iloc[:0], "month")
    assert table.empty and list(table.columns) == list(timeline.COLUMNS)


def test_the_argument_is_not_changed():
    before = EVENTS.copy()
    timeline.counts(EVENTS, "month")
    pd.testing.assert_frame_equal(EVENTS, before)


def test_an_unknown_step_is_refused():
    with pytest.raises(ValueError, match="step"):
        timeline.counts(EVENTS, "decade")


def test_the_chart_is_its_bars_with_the_window_shaded_and_the_bars_do_not_change_with_it():
    table = timeline.counts(EVENTS, "month", ["Iran", "Russia"])
    colours = {"Iran": "#00aa00", "Russia": "#aa0000"}
    bars = timeline.bars(table, step="month", measure="events", colours=colours)
    assert bars["periods"] == ["2021-01-01", "2021-02-01"] and bars["window"] is None
    assert bars["values"] == [[2, 1], [1, 1]]
    february = timeline.with_window(bars, date(2021, 2, 1), date(2021, 2, 28))
    assert february["window"] == [1.0, 2.0] and bars["window"] is None  # a copy: the cached bars are kept
    chart = timeline.chart(
        table, step="month", measure="events", colours=colours, start=date(2021, 2, 1), end=date(2021, 2, 28)
    )
    assert chart == february
    assert timeline.with_window(timeline.bars(table.iloc[:0], step="month", measure="events", colours=colours),
                                date(2021, 2, 1), None)["periods"] == []  # fmt: skip
