"""The time window: presets relative to the data, steps of a week or a month, and the starts a slider offers."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

# Preset key -> (label, length in days; None = the whole record). "custom" takes explicit dates.
PRESETS: dict[str, tuple[str, int | None]] = {
    "all": ("All dates", None),
    "30d": ("Last 30 days of data", 30),
    "90d": ("Last 90 days of data", 90),
    "365d": ("Last year of data", 365),
    "custom": ("Custom", None),
}
STEPS: dict[str, str] = {"week": "Week", "month": "Month"}


def span(events: pd.DataFrame) -> tuple[date, date]:
    """The record's first and last days (an event's end date counts; today when there are no dated events)."""
    dates = events["date"].dropna()
    if dates.empty:
        return date.today(), date.today()
    last = events["end_date"].fillna(events["date"]).max()
    return dates.min().date(), max(dates.max(), last).date()


def resolve(
    preset: str, latest: date | None, custom: tuple[date, date] | None = None
) -> tuple[date | None, date | None]:
    """The (start, end) of a preset; relative presets end on the latest event date (None, None = no bound)."""
    if preset == "custom" and custom is not None:
        return custom
    days = PRESETS.get(preset, ("", None))[1]
    if days is None or latest is None:
        return None, None
    return latest - timedelta(days=days - 1), latest


def floor(day: date, step: str) -> date:
    """The first day of the week (Monday) or month that holds `day`."""
    if step == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def advance(day: date, step: str, count: int = 1) -> date:
    """`day` moved by `count` weeks or months (negative moves back); month ends are clipped."""
    if step == "week":
        return day + timedelta(weeks=count)
    return (pd.Timestamp(day) + pd.DateOffset(months=count)).date()


def period_end(day: date, step: str) -> date:
    """The last day of the week (Sunday) or calendar month that holds `day`."""
    return advance(floor(day, step), step) - timedelta(days=1)


def steps_spanned(start: date, end: date, step: str) -> int | None:
    """How many whole weeks or calendar months [start, end] covers, or None when it is not calendar-aligned."""
    if start != floor(start, step) or end < start:
        return None
    after = end + timedelta(days=1)
    if after != floor(after, step):
        return None
    if step == "week":
        return (after - start).days // 7
    return (after.year - start.year) * 12 + after.month - start.month


def shift(start: date, end: date, step: str, count: int = 1) -> tuple[date, date]:
    """The window moved by `count` steps: a window of whole weeks or calendar months stays on the calendar
    (January moved by a month is February, to its last day); any other window keeps its length in days."""
    spanned = steps_spanned(start, end, step)
    moved = advance(start, step, count)
    if spanned is None:
        return moved, moved + (end - start)
    return moved, advance(moved, step, spanned) - timedelta(days=1)


def grow(first: date, end: date, step: str, count: int = 1) -> tuple[date, date]:
    """Cumulative playback: everything from `first` up to the end of the step `count` steps after `end`'s."""
    return first, period_end(advance(floor(end, step), step, count), step)


def first_window(first: date, step: str) -> tuple[date, date]:
    """A window one step long starting at the step that holds `first` (where playback of 'all dates' begins)."""
    start = floor(first, step)
    return start, advance(start, step) - timedelta(days=1)


def starts(first: date, last: date, step: str) -> list[date]:
    """Every week or month start from the one holding `first` to the one holding `last`."""
    found: list[date] = []
    current = floor(first, step)
    while current <= last:
        found.append(current)
        current = advance(current, step)
    return found
