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


def shift(start: date, end: date, step: str, count: int = 1) -> tuple[date, date]:
    """The window moved by `count` steps, keeping its length in days."""
    length = end - start
    moved = advance(start, step, count)
    return moved, moved + length


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
