"""CSV text split into records that keep their exact original text, so a save rewrites only changed rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from influence.load import csvfile

BOM = "\ufeff"
DELIMITER = ","  # the contract and the validator read commas only


@dataclass(frozen=True)
class Dialect:
    """How a CSV file writes its records: delimiter, quote character, quoting style, line end."""

    delimiter: str = ","
    quotechar: str = '"'
    quote_all: bool = False
    lineterminator: str = "\n"

    def writer_options(self) -> dict[str, object]:
        """Keyword arguments for csv.writer that reproduce this dialect."""
        return {
            "delimiter": self.delimiter,
            "quotechar": self.quotechar,
            "quoting": csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL,
            "lineterminator": self.lineterminator,
            "doublequote": True,
        }


@dataclass(frozen=True)
class Record:
    """One CSV record: its exact text (with line end), its fields, and the file line it starts on."""

    raw: str
    fields: tuple[str, ...]
    line: int

    @property
    def blank(self) -> bool:
        """True for an empty line, which is kept but holds no event."""
        return not self.fields or self.fields == ("",)


@dataclass(frozen=True)
class Table:
    """A decoded CSV file: header record, data records and the dialect and encoding to write it back."""

    header: Record
    records: tuple[Record, ...]
    dialect: Dialect
    encoding: str
    bom: bool

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names as written in the header."""
        return self.header.fields


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept, or hold no header."""


def decode(data: bytes) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom), choosing the encoding as validation does, but strictly."""
    # The validator picks the encoding (UTF-8, else Windows-1256 for Arabic, else Windows-1252) and
    # replaces bad bytes; a save must give back the same bytes, so here a bad byte is refused instead.
    _, chosen, _ = csvfile.decode(data)
    bom = chosen == "utf-8-sig"
    encoding = "utf-8" if bom else chosen
    try:
        return data[3 if bom else 0 :].decode(encoding), encoding, bom
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        raise DecodeError(
            f"Line {line} holds bytes that are not valid {encoding}: fix them in a text editor before "
            "editing here, so that no byte is lost."
        ) from failure


def parse(data: bytes) -> Table:
    """Split CSV bytes into a header and records, each keeping its exact text."""
    text, encoding, bom = decode(data)
    if not text.strip():
        raise DecodeError("The file is empty: it needs at least a header line.")
    records = list(_split(text, DELIMITER))
    header, body = records[0], tuple(records[1:])
    return Table(header, body, _dialect(text, DELIMITER, body), encoding, bom)


def serialise(fields: Sequence[str], dialect: Dialect) -> str:
    """One record written in the file's own dialect, ending with its line terminator."""
    buffer = io.StringIO()
    csv.writer(buffer, **dialect.writer_options()).writerow(fields)
    return buffer.getvalue()


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


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """Text back to bytes in the file's encoding (errors are raised, never replaced)."""
    return (BOM.encode("utf-8") if bom else b"") + text.encode(encoding)


def _split(text: str, delimiter: str) -> Iterator[Record]:
    # newline="" keeps "\r\n" and quoted line breaks intact; csv.reader pulls one physical line at a
    # time, so the lines consumed between two records are exactly the raw text of the record.
    consumed: list[str] = []
    line = 1

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    for fields in reader:
        record = Record("".join(consumed), tuple(fields), line)
        line += len(consumed)  # physical lines, counted as csv.reader.line_num counts them
        consumed.clear()
        yield record


def _dialect(text: str, delimiter: str, records: Sequence[Record]) -> Dialect:
    ends = {"\r\n": text.count("\r\n")}
    ends["\n"] = text.count("\n") - ends["\r\n"]
    ends["\r"] = text.count("\r") - ends["\r\n"]
    lineterminator = max(ends, key=ends.__getitem__) if any(ends.values()) else "\n"
    data = [record for record in records if not record.blank]
    quote_all = bool(data) and all(_fully_quoted(record, delimiter) for record in data)
    return Dialect(delimiter, '"', quote_all, lineterminator)


def _fully_quoted(record: Record, delimiter: str) -> bool:
    # A record written with QUOTE_ALL starts every field with a quote character.
    body = record.raw.rstrip("\r\n")
    return body.startswith('"') and body.count(f'"{delimiter}"') >= len(record.fields) - 1
