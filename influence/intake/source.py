"""Reading a source CSV as a stream: the encoding chosen from its start, then one record at a time."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from influence.load import csvfile

SAMPLE_BYTES = 1 << 20
# Python's csv refuses fields over 131,072 characters by default and then stops reading the file; a
# publisher's long description must not make every later row vanish, so the limit is lifted while we read
# and over-long text is reported (as a warning) by validation instead.
FIELD_LIMIT = sys.maxsize >> 1


@dataclass(frozen=True)
class Row:
    """One source record: the file line it starts on and its cells."""

    line: int
    cells: list[str]


def encoding_of(sample: bytes) -> str:
    """The encoding a source file is read in, judged from its first bytes (UTF-8, else Windows-1256/1252)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    cut = sample.rfind(b"\n")
    # a multi-byte character may be split at the end of the sample: judge only whole lines
    return csvfile.decode(sample[: cut + 1] if cut > 0 else sample).encoding


class Source:
    """A CSV file or byte stream read record by record; `header` is known once opened."""

    def __init__(self, stream: BinaryIO, name: str = "source.csv"):
        self.name = name
        self.total_bytes = _size(stream)
        sample = stream.read(SAMPLE_BYTES)
        stream.seek(0)
        self.encoding = encoding_of(sample)
        self._binary = stream
        self._text = io.TextIOWrapper(stream, encoding=self.encoding, errors="replace", newline="")
        self._reader = csv.reader(self._text, strict=False)
        self.header: tuple[str, ...] = ()
        self.header_line = 0
        self.error: str | None = None
        previous = csv.field_size_limit(FIELD_LIMIT)
        try:
            for cells in self._reader:
                if any(cell.strip() for cell in cells):
                    self.header = tuple(cell.strip().lstrip("\ufeff") for cell in cells)
                    self.header_line = self._reader.line_num
                    break
        finally:
            csv.field_size_limit(previous)

    @classmethod
    def open(cls, path: str | Path) -> Source:
        """A Source over a file on disk."""
        return cls(Path(path).open("rb"), Path(path).name)

    @property
    def position(self) -> int:
        """Bytes read so far (for progress bars)."""
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return 0

    def rows(self) -> Iterator[Row]:
        """Every record after the header; a broken quote ends the stream with `error` set, not a traceback."""
        previous_end = self.header_line
        limit = csv.field_size_limit(FIELD_LIMIT)
        try:
            for cells in self._reader:
                start = previous_end + 1
                previous_end = self._reader.line_num
                yield Row(start, cells)
        except csv.Error as failure:
            self.error = f"line {previous_end + 1}: the CSV cannot be read past here ({failure})"
        finally:
            csv.field_size_limit(limit)

    def close(self) -> None:
        """Close the underlying file."""
        self._text.close()


def _size(stream: BinaryIO) -> int:
    try:
        here = stream.tell()
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(here)
        return size
    except (OSError, ValueError):
        return 0
