"""Parsers for single cells: each returns the canonical value or raises ValueError with a plain-words message."""

from __future__ import annotations

import calendar
import re
from datetime import date
from urllib.parse import urlsplit

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def parse_date(text: str) -> tuple[date, date]:
    """First and last day a date cell covers: YYYY-MM-DD is one day, YYYY-MM a month, YYYY a year."""
    if match := _ISO_DAY.match(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            value = date(year, month, day)
        except ValueError:
            raise ValueError(f"{text} is not a real calendar date") from None
        return value, value
    if match := _ISO_MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist; write YYYY-MM-DD")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if _ISO_YEAR.match(text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if match := _SLASHED.match(text):
        raise ValueError(_explain_slashed(*(int(part) for part in match.groups())))
    raise ValueError(
        "not a date in ISO 8601 form; write YYYY-MM-DD (or YYYY-MM, YYYY when only that is known)"
    )


def _explain_slashed(first: int, second: int, year: int) -> str:
    # Day-first and month-first conventions both occur in our sources: never guess between them.
    if year < 100:
        return "two-digit year; write the date as YYYY-MM-DD"
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(date(year, month, day).isoformat())
        except ValueError:
            continue
    if len(set(readings)) > 1:
        return f"ambiguous date: it could be {readings[0]} or {readings[1]}; write it as YYYY-MM-DD"
    if readings:
        return f"not ISO 8601; if you mean {readings[0]}, write it so (YYYY-MM-DD)"
    return "not a real calendar date; write it as YYYY-MM-DD"


def parse_number(text: str) -> float:
    """A decimal number written with a dot; a decimal comma is named, never silently misread."""
    if _DECIMAL_COMMA.match(text):
        raise ValueError(f"decimal comma: write {text.replace(',', '.')} with a dot")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    return float(text)


def parse_count(text: str) -> int:
    """A whole, non-negative number of people."""
    if not text.isdigit():
        hint = text.replace(",", "").replace(" ", "")
        if hint.isdigit():
            raise ValueError(f"write the count without separators: {hint}")
        raise ValueError(
            "the count must be a whole number (write an estimate such as 'about 35' in the description)"
        )
    return int(text)


def check_identifier(text: str, max_length: int) -> str:
    """An id or chain: letters, digits, '.', '-', '_' and short enough."""
    if len(text) > max_length:
        raise ValueError(f"longer than {max_length} characters")
    if not _IDENTIFIER.match(text):
        raise ValueError("use only letters, digits, '.', '-' and '_', starting with a letter or digit")
    return text


def check_url(text: str) -> str:
    """An absolute http(s) link."""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise ValueError("the link must be a full http:// or https:// address")
    return text
