"""Reading a CSV file's bytes into text, header and records that remember their file lines."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from influence.contract.problems import ERROR, WARNING, Problem

_ARABIC = range(0x0600, 0x0700)


@dataclass(frozen=True)
class Record:
    """One CSV record: the file line it starts on and its cells as read."""

    line: int
    cells: tuple[str, ...]
    end_line: int = 0


@dataclass(frozen=True)
class Table:
    """A decoded CSV: encoding used, header cells, data records and what went wrong reading it."""

    encoding: str
    header: tuple[str, ...]
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


def decode(data: bytes) -> tuple[str, str, list[Problem]]:
    """Text, encoding name and problems; UTF-8 (with or without BOM) first, then Excel's Arabic Windows-1256."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", _replacement_problems(data[3:])
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as failure:
        first_bad_line = data[: failure.start].count(b"\n") + 1
    # Excel saves "CSV" with the system code page: Windows-1256 on Arabic systems. Decoding it as
    # such keeps the Arabic intact; we say so rather than mangling it or guessing silently.
    text = data.decode("cp1256", errors="replace")
    arabic = sum(1 for char in text if ord(char) in _ARABIC)
    if arabic:
        message = (
            "the file is not UTF-8: it was read as Windows-1256 (Excel's Arabic encoding) and the Arabic "
            "text kept; save it as 'CSV UTF-8' to avoid surprises"
        )
        return text, "cp1256", [Problem(first_bad_line, None, "", message, WARNING)]
    text = data.decode("cp1252", errors="replace")
    message = (
        "the file is not UTF-8 and has no Arabic text: it was read as Windows-1252; check accented "
        "letters from this line on and save it as 'CSV UTF-8'"
    )
    return text, "cp1252", [Problem(first_bad_line, None, "", message, WARNING)]


def _replacement_problems(data: bytes) -> list[Problem]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        return [Problem(line, None, "", "bytes that are not UTF-8 were replaced by '\ufffd'", ERROR)]
    return []


def read(data: bytes) -> Table:
    """Decode and split into header and records; quoted newlines and CRLF line ends are handled by csv."""
    text, encoding, problems = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    header: tuple[str, ...] = ()
    records: list[Record] = []
    previous_end = 0
    try:
        for cells in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not header:
                if not any(cell.strip() for cell in cells):
                    problems.append(Problem(start, None, "", "blank line before the header ignored", WARNING))
                    continue
                header = tuple(cell.strip() for cell in cells)
                if start != 1:
                    problems.append(Problem(start, None, "", "the header is not on line 1", WARNING))
                continue
            records.append(Record(start, tuple(cells), previous_end))
    except csv.Error as failure:
        problems.append(
            Problem(previous_end + 1, None, "", f"the CSV cannot be read past here: {failure}", ERROR)
        )
    if not header:
        problems.append(Problem(1, None, "", "the file is empty: no header line", ERROR))
    return Table(encoding, header, tuple(records), tuple(problems))
