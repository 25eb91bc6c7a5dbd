"""Writing records back in a file's own dialect and encoding, so a save rewrites only the rows it changed."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from influence.load.csvfile import Dialect

BOM = "\ufeff"


def serialise(fields: Sequence[str], dialect: Dialect) -> str:
    """One record written in the file's own dialect, ending with its line terminator."""
    buffer = io.StringIO()
    csv.writer(buffer, **dialect.writer_options()).writerow(fields)
    return buffer.getvalue()


def serialise_all(rows: Sequence[Sequence[str]], dialect: Dialect) -> list[str]:
    """Each record written in the file's own dialect, one text per record (one writer for them all)."""
    lines = _Lines()
    csv.writer(lines, **dialect.writer_options()).writerows(rows)
    return lines


class _Lines(list):
    # csv.writer calls write() once per record with the whole record: each call is one record's text
    write = list.append


def fields_of(row: Mapping[str, object], columns: Sequence[str]) -> tuple[str, ...]:
    """The values of `row` in column order, as text ('' for a missing value)."""
    return tuple(text_of(row.get(column)) for column in columns)


def text_of(value: object) -> str:
    """A cell value as the text written to the file."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas means an empty cell
        return ""
    return str(value)


def encode(text: str, codec: str, bom: bool) -> bytes:
    """Text back to bytes in the file's encoding (errors are raised, never replaced)."""
    return (BOM.encode("utf-8") if bom else b"") + text.encode(codec)
