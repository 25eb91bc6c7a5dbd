"""Reading a source CSV as a stream: the encoding chosen from its start, then one record at a time, through the
one CSV reader (influence.load.csvfile.records, which also lifts Python's csv field size limit: a publisher's
long description never makes the later rows vanish; validation reports over-long text instead)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from influence.load import csvfile

SAMPLE_BYTES = 1 << 20


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
        self._records = csvfile.records(self._text, keep_raw=False)
        self.header: tuple[str, ...] = ()
        self.header_line = 0
        self.error: str | None = None
        try:
            for record in self._records:
                if any(cell.strip() for cell in record.cells):
                    self.header = tuple(cell.strip().lstrip("\ufeff") for cell in record.cells)
                    self.header_line = record.end_line
                    break
        except csv.Error as failure:
            self.error = f"line {self.header_line + 1}: the CSV cannot be read past here ({failure})"

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
        if self.error:
            return
        previous_end = self.header_line
        try:
            for record in self._records:
                previous_end = record.end_line
                yield Row(record.line, list(record.cells))
        except csv.Error as failure:
            self.error = f"line {previous_end + 1}: the CSV cannot be read past here ({failure})"

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
