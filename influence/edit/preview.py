"""The events file as a visitor's read-only page needs it: counted and paged, parsed in full only when asked.

A visitor's first open of a new version waited for the whole file to be parsed (0.6 s at 100,000 rows of
the 0.8-1.1 s it took). The text of each record, found by its lines (csvlines), is counted and parsed a
page at a time; the full Revision, which an editor's session needs, is built once on request (by the
preparation thread that starts after the visitor's page is drawn) and then serves every call. Any other
file, or one that cannot be edited here (csvfile.DecodeError), is parsed in full at once, as before.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from pathlib import Path

from influence.edit import eventsfile
from influence.load import csvfile, csvlines, eventslink
from influence.load.identity import content_hash


class Preview:
    """One version of the events file: its row count, columns and rows a page at a time, and its Revision."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        self.sha256 = content_hash(data)
        self._lock = threading.Lock()
        self._revision: eventsfile.Revision | None = None
        self._records: list[str] | None = None  # each record's text, header first; None: the Revision serves
        # decoded once: the full parse, now or later, reads the same text (0.04 s at 100,000 rows)
        self._decoded = csvfile.decode(data) if data else None
        decoded = self._decoded
        records = csvlines.record_texts(decoded.text) if decoded is not None and decoded.exact else None
        if not records:
            self.revision()  # parsed in full now: a file that cannot be edited says why (DecodeError) here
            return
        self._records = records
        self._columns = tuple(cell.strip() for cell in next(csv.reader(records[:1], **csvfile.OPTIONS)))

    @property
    def parsed(self) -> bool:
        """True once the whole file has been parsed (the full Revision exists)."""
        return self._revision is not None

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names in file order."""
        revision = self._revision
        return revision.columns if revision is not None else self._columns

    def count(self) -> int:
        """The number of rows (non-blank records)."""
        records = self._records
        return len(records) - 1 if records is not None else self.revision().count()

    def rows_between(self, start: int, end: int) -> list[dict[str, str]]:
        """Rows start..end-1 in file order, as Revision.rows_between gives them."""
        records = self._records
        if records is None:
            return self.revision().rows_between(start, end)
        page = records[1 + max(start, 0) : 1 + max(end, 0)]
        columns: Sequence[str] = self._columns
        return [eventsfile.row_of(columns, cells) for cells in csv.reader(page, **csvfile.OPTIONS)]

    def revision(self) -> eventsfile.Revision:
        """The version parsed in full (once: a caller that comes while it is built waits for it)."""
        with self._lock:
            if self._revision is None:
                self._revision = eventsfile.revision_of_file(self.path, self.data, self.sha256, self._decoded)
                self._records = self._decoded = None  # the Revision answers now (its table keeps the text)
            return self._revision


def read(path: str | Path) -> Preview:
    """The events file as it is now (a missing file reads as a header-only file with the schema's columns)."""
    path = Path(path)
    return Preview(path, eventslink.read_bytes(path) if eventslink.exists(path) else b"")
