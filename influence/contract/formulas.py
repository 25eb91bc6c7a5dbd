"""Spreadsheet formula neutralisation: how exports make text cells inert and how the validator reads them back."""

from __future__ import annotations

import re

from influence.contract.schema import COLUMNS

# Spreadsheets run a cell as a formula when it begins with one of these (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Only free-text columns can hold such text: numbers (lat, lon, count), dates and declared keys
# are written as they are, so a longitude of -0.5 stays the number -0.5.
TEXT_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind in ("text", "url"))
# Neutralising prefixes a single quote. To make that reversible (so the validator gives back the
# very same events) a text that already begins with quotes followed by a formula character gets
# one more quote too; `restore` removes exactly one quote from exactly those texts.
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """`text` made inert for spreadsheets: a leading formula character gets a `'` in front."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore(text: str) -> str:
    """Inverse of `neutralise`: the validator calls it on text cells so exported files round-trip."""
    return text[1:] if _NEUTRALISED.match(text) else text
