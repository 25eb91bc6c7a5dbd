"""The one CSV reader: a file's bytes into header and records that remember their lines and exact text.

Validation reads through `read` (bad bytes replaced and reported, every problem a value); the editor reads
through `read_exact`, the same reader, which refuses instead of replacing so a save gives back the same bytes;
the importers stream a publisher's file of any size through `records` (influence.intake.source).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import NamedTuple

from influence.contract.problems import ERROR, WARNING, Problem
from influence.runtime import batches

_ARABIC = range(0x0600, 0x0700)
DELIMITER = ","  # the contract and the validator read commas only
# how every CSV here is read (csvlines.py mirrors these rules to find record boundaries: change both)
OPTIONS: dict[str, object] = {"delimiter": DELIMITER, "quotechar": '"', "doublequote": True, "strict": False}


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


# The longest cell read as data: a longer one is one error on its own line, and its row is left out (never
# the rows after it). Python's csv refuses fields over 131,072 characters by default and then stops reading,
# so every later row vanished; its own limit is raised far above the cap, which this project checks itself.
MAX_CELL_CHARACTERS = 1_000_000
csv.field_size_limit(2**31 - 1)


class Record(NamedTuple):
    """One CSV record: the file line it starts on (and ends on), its cells, and its exact text with line end."""

    # a NamedTuple, not a frozen dataclass: 100,000 of them are built per read of the events file, and a
    # frozen dataclass's __init__ cost 0.35 s more there (a visitor's first open of the Edit page waits for it)

    line: int
    cells: tuple[str, ...]
    end_line: int = 0
    raw: str = ""

    @property
    def blank(self) -> bool:
        """True for an empty line, which is kept but holds no event."""
        return not self.cells or self.cells == ("",)


@dataclass(frozen=True)
class Decoded:
    """A file's bytes as text: the encoding chosen, whether it had a BOM, and what decoding replaced."""

    text: str
    encoding: str  # "utf-8-sig" when the file starts with a BOM
    problems: tuple[Problem, ...]
    exact: bool  # False when some bytes were not valid in `encoding` and were replaced by U+FFFD
    first_bad_line: int | None = None

    @property
    def bom(self) -> bool:
        """True when the file starts with a UTF-8 byte-order mark."""
        return self.encoding == "utf-8-sig"

    @property
    def codec(self) -> str:
        """The codec that writes the text back (the BOM is written separately)."""
        return "utf-8" if self.bom else self.encoding


@dataclass(frozen=True)
class Table:
    """A read CSV: its header record, the data records, the dialect and encoding, and what went wrong."""

    header: Record | None
    records: tuple[Record, ...]
    dialect: Dialect
    decoded: Decoded
    problems: tuple[Problem, ...]
    preamble: tuple[Record, ...] = ()  # blank lines before the header, kept so a save gives them back

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The header's column names (surrounding spaces dropped); empty when there is no header."""
        # cached: validation and the editor ask once per record (at 100,000 rows, stripping it anew cost 0.8 s)
        return tuple(cell.strip() for cell in self.header.cells) if self.header else ()

    @property
    def encoding(self) -> str:
        """The encoding the file was read in ("utf-8-sig" for UTF-8 with a BOM)."""
        return self.decoded.encoding

    @property
    def codec(self) -> str:
        """The codec that writes the file back (without its BOM)."""
        return self.decoded.codec

    @property
    def bom(self) -> bool:
        """True when the file starts with a UTF-8 byte-order mark."""
        return self.decoded.bom


class DecodeError(ValueError):
    """The bytes cannot be edited without loss: not text in any encoding we accept, unreadable, or no header."""


def decode(data: bytes) -> Decoded:
    """Text and encoding: UTF-8 (with or without BOM) first, then Excel's Arabic Windows-1256, else 1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig", (), True)
        except UnicodeDecodeError as failure:
            line = body[: failure.start].count(b"\n") + 1
        problem = Problem(line, None, "", "bytes that are not UTF-8 were replaced by '\ufffd'", ERROR)
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8-sig", (problem,), False, line)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", (), True)
    except UnicodeDecodeError as failure:
        first_bad_line = data[: failure.start].count(b"\n") + 1
    # Excel saves "CSV" with the system code page: Windows-1256 on Arabic systems. Decoding it as
    # such keeps the Arabic intact; we say so rather than mangling it or guessing silently.
    text, exact = _decode_single_byte(data, "cp1256")
    if any(ord(char) in _ARABIC for char in text):
        message = (
            "the file is not UTF-8: it was read as Windows-1256 (Excel's Arabic encoding) and the Arabic "
            "text kept; save it as 'CSV UTF-8' to avoid surprises"
        )
        return Decoded(
            text, "cp1256", (Problem(first_bad_line, None, "", message, WARNING),), exact, first_bad_line
        )
    text, exact = _decode_single_byte(data, "cp1252")
    message = (
        "the file is not UTF-8 and has no Arabic text: it was read as Windows-1252; check accented "
        "letters from this line on and save it as 'CSV UTF-8'"
    )
    return Decoded(
        text, "cp1252", (Problem(first_bad_line, None, "", message, WARNING),), exact, first_bad_line
    )


def _decode_single_byte(data: bytes, codec: str) -> tuple[str, bool]:
    try:
        return data.decode(codec), True
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), False


def read(data: bytes, decoded: Decoded | None = None) -> Table:
    """Decode (unless `decoded`, decode(data), is given) and split into header and records; quoted newlines
    and CRLF line ends are handled by csv."""
    with collector_paused():
        return _read(decoded if decoded is not None else decode(data))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that stay (see the comment)."""
    # a read builds two tuples per record and lets none go: the cyclic collector, run every 700 of them,
    # finds nothing to free, yet its passes over the whole heap cost a third of a read at 100,000 rows
    # (0.2-0.3 s). Paused, the objects are looked at once when it runs next. Another thread that paused it
    # too finds it paused already and leaves it to this one to resume.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _read(decoded: Decoded) -> Table:
    problems = list(decoded.problems)
    preamble: list[Record] = []
    header: Record | None = None
    records: list[Record] = []
    ends = line_ends(decoded.text)  # counted once: they split the lines and tell the dialect
    split = _split(decoded.text, ends)
    try:
        for record in split:
            if any(cell.strip() for cell in record.cells):
                header = record
                if record.line != 1:
                    problems.append(Problem(record.line, None, "", "the header is not on line 1", WARNING))
                break
            problems.append(Problem(record.line, None, "", "blank line before the header ignored", WARNING))
            preamble.append(record)
        # the rest by C-level calls, a batch each (a loop here cost 0.25 s at 100,000 rows); a csv.Error
        # part-way leaves the records read before it in the list
        batches.gather(split, into=records)
    except csv.Error as failure:
        last = records[-1] if records else header or (preamble[-1] if preamble else None)
        line = last.end_line + 1 if last else 1
        problems.append(Problem(line, None, "", f"the CSV cannot be read past here: {failure}", ERROR))
    if header is None:
        problems.append(Problem(1, None, "", "the file is empty: no header line", ERROR))
    body = tuple(records)
    dialect = dialect_of(decoded.text, body, ends)
    return Table(header, body, dialect, decoded, tuple(problems), tuple(preamble))


def read_exact(data: bytes, decoded: Decoded | None = None) -> Table:
    """`read`, refusing (DecodeError) what could not be written back byte for byte: bad bytes, a broken CSV."""
    table = read(data, decoded)
    decoded = table.decoded
    if not decoded.exact:
        raise DecodeError(
            f"Line {decoded.first_bad_line} holds bytes that are not valid {decoded.codec}: fix them in a text "
            "editor before editing here, so that no byte is lost."
        )
    if table.header is None:
        raise DecodeError("The file is empty: it needs at least a header line.")
    broken = [p for p in table.problems if p.severity == ERROR]
    if broken:
        raise DecodeError(f"Line {broken[0].line}: {broken[0].message}; fix it before editing here.")
    return table


def records(lines: Iterable[str], *, keep_raw: bool = True, delimiter: str = DELIMITER) -> Iterator[Record]:
    """The records of CSV text given line by line (a file opened with newline="" streams so), in order.

    Each record knows the lines it spans and, with keep_raw, its exact text (a stream of a 200 MB import
    leaves it out). A broken quote raises csv.Error here: `read` reports it, a streaming reader its own way.
    The delimiter is a comma except for rows pasted from a spreadsheet, which come tab-separated."""
    # csv.reader pulls one physical line at a time, so the lines it consumed for a record are exactly the
    # record's raw text: sliced from a list of lines (a whole file in memory: 0.15 s less at 100,000 rows
    # than collecting them), else collected as a stream passes through
    listed = lines if isinstance(lines, list) else None
    consumed: list[str] = []

    def kept(source: Iterable[str]) -> Iterator[str]:
        for physical in source:
            consumed.append(physical)
            yield physical

    source = kept(lines) if keep_raw and listed is None else lines
    reader = csv.reader(source, **{**OPTIONS, "delimiter": delimiter})
    start = 1
    for cells in reader:
        end = reader.line_num  # physical lines, counted as csv.reader.line_num counts them
        if not keep_raw:
            raw = ""
        elif listed is not None:
            raw = listed[start - 1] if end == start else "".join(listed[start - 1 : end])
        else:
            raw = "".join(consumed)
            consumed.clear()
        yield Record(start, tuple(cells), end, raw)
        start = end + 1


def _split(text: str, ends: dict[str, int]) -> Iterator[Record]:
    lines = _lines(text, ends)
    try:
        cells = batches.gather(map(tuple, csv.reader(lines, **OPTIONS)))
    except csv.Error:
        return records(lines)  # reads up to the broken quote, so `read` can say where it is
    if len(cells) != len(lines):
        return records(lines)  # a quoted line break: a record spans lines, counted one by one
    # one record per line, so its number and raw text are the line's: a third of the time per record
    # (0.25 s less at 100,000 rows, which is what a visitor's first open of the Edit page waits for), each
    # built by C calls only (Record(...) runs the NamedTuple's Python __new__: 0.04 s more)
    numbers = itertools.count(1)
    return map(_RECORD, zip(numbers, cells, itertools.count(1), lines))


_RECORD = partial(tuple.__new__, Record)  # a Record from (line, cells, end_line, raw), at C speed


def _lines(text: str, ends: dict[str, int]) -> list[str]:
    # newline="" keeps "\r\n" and quoted line breaks intact; the lines are those csv.reader would read.
    # splitlines cuts the same lines 3× faster (0.06 s less at 100,000 rows), but also at "\v", "\f",
    # "\x1c"-"\x1e", "\x85", "\u2028" and "\u2029": each of those makes one line more than the line ends
    # counted (the text's last character aside, where both end the last line the same way)
    lines = text.splitlines(keepends=True)
    if len(lines) != sum(ends.values()) + (bool(text) and not text.endswith(("\n", "\r"))):
        return io.StringIO(text, newline="").readlines()
    return lines


def dialect_of(text: str, records: Sequence[Record], ends: dict[str, int] | None = None) -> Dialect:
    """The dialect a file's text and records are written in: its commonest line end, whether all is quoted
    (`ends`: line_ends(text), when the caller has counted them)."""
    ends = ends if ends is not None else line_ends(text)
    lineterminator = max(ends, key=ends.__getitem__) if any(ends.values()) else "\n"
    data = (record for record in records if record.cells and record.cells != ("",))  # not blank, inlined
    first = next(data, None)
    # a file not written quoted shows it in its first record: the rest are looked at only when that one is
    quote_all = first is not None and fully_quoted(first) and all(map(fully_quoted, data))
    return Dialect(DELIMITER, '"', quote_all, lineterminator)


def line_ends(text: str) -> dict[str, int]:
    """How many line ends of each kind `text` holds, the commonest first on a tie ("\r\n", "\n", "\r")."""
    ends = {"\r\n": text.count("\r\n")}
    ends["\n"] = text.count("\n") - ends["\r\n"]
    ends["\r"] = text.count("\r") - ends["\r\n"]
    return ends


def fully_quoted(record: Record) -> bool:
    """True when the record is written as QUOTE_ALL writes it: every field starts with a quote character."""
    body = record.raw.rstrip("\r\n")
    return body.startswith('"') and body.count(f'"{DELIMITER}"') >= len(record.cells) - 1
