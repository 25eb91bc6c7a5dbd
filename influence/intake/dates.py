"""Dates as publishers write them: "02 June 2023", 2023-06-02, partial ISO dates, precision codes."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from influence.contract import fields


def first_day(text: str) -> date | None:
    """The first day an ISO date or partial date covers; None for an empty text."""
    return fields.parse_date(text)[0] if text.strip() else None


def last_day(text: str) -> date | None:
    """The last day an ISO date or partial date covers; None for an empty text."""
    return fields.parse_date(text)[1] if text.strip() else None


def read(text: str, formats: tuple[str, ...]) -> date:
    """The day `text` names in the first of `formats` that reads it; ValueError in plain words otherwise."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("no date")
    for pattern in formats:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    shown = ", ".join(datetime(2023, 6, 2).strftime(pattern) for pattern in formats)
    raise ValueError(f"not a date this preset reads (it expects forms like {shown})")


def span(day: date, precision: str) -> tuple[str, str]:
    """The contract's (date, end_date) for a day coded at a precision: day, week or month."""
    if precision == "week":
        # the source gives only the week: the coded day with three days either side
        return (day - timedelta(days=3)).isoformat(), (day + timedelta(days=3)).isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}", ""
    if precision == "year":
        return f"{day.year:04d}", ""
    return day.isoformat(), ""


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
