"""The events file as one editor loaded it: its exact bytes, their sha256 and its parsed records."""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from influence.contract import schema
from influence.edit import csvwriter
from influence.load import csvfile, eventslink
from influence.load.identity import content_hash

ID = "id"


@dataclass(frozen=True)
class Revision:
    """The events file as one editor loaded it: its bytes, their sha256 and its records."""

    path: Path
    data: bytes
    sha256: str
    table: csvfile.Table

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names in file order."""
        return self.table.columns

    def rows(self) -> list[dict[str, str]]:
        """Every non-blank record as a dict of column -> text, in file order (the same dicts on every call)."""
        return list(self._rows)

    def count(self) -> int:
        """The number of rows (non-blank records)."""
        return len(self._records)

    def rows_between(self, start: int, end: int) -> list[dict[str, str]]:
        """Rows start..end-1 in file order; a visitor's page builds only its own (all 100,000 cost 0.3 s)."""
        if "_rows" in self.__dict__:
            return list(self._rows[start:end])
        return [self.row(record) for record in self._records[start:end]]

    @cached_property
    def _records(self) -> list[csvfile.Record]:
        return _data_records(self.table)

    @cached_property
    def _rows(self) -> tuple[dict[str, str], ...]:
        # built once: at 100,000 rows this costs 0.2 s, and the Edit page tells untouched rows by identity
        columns = self.columns
        width = len(columns)
        return tuple(
            dict(zip(columns, record.cells, strict=True)) if len(record.cells) == width else self.row(record)
            for record in self._records
        )

    def prepare(self) -> None:
        """Build what an editor's first run needs (rows, ids), e.g. in a thread while a visitor reads the page."""
        # cached_property takes a lock on Python 3.11, so a run that asks meanwhile waits for the value; both
        # build _rows first (accessed for their side effect: the cached values)
        self._key_by_object  # noqa: B018
        self._by_id  # noqa: B018

    def row(self, record: csvfile.Record) -> dict[str, str]:
        """One record as a dict of column -> text (missing trailing cells are '')."""
        values = (*record.cells, *[""] * (len(self.columns) - len(record.cells)))
        return dict(zip(self.columns, values, strict=False))

    def by_id(self) -> dict[str, dict[str, str]]:
        """Rows keyed by id, stripped (the first row wins when an id repeats; validation reports repeats)."""
        return dict(self._by_id)

    def keys(self, rows: Sequence[Mapping[str, object]]) -> list[str]:
        """The id of each of `rows` (stripped); the snapshot's own rows are looked up, not re-read."""
        known = self._key_by_object
        return [known.get(id(row)) or csvwriter.text_of(row.get(ID)).strip() for row in rows]

    def is_own(self, rows: Sequence[Mapping[str, object]]) -> bool:
        """True when `rows` are this revision's own rows in order: nobody edited, added or deleted one."""
        own = self._rows
        return len(rows) == len(own) and all(map(operator.is_, rows, own))  # C speed: 3 ms at 100,000 rows

    def index(self) -> Mapping[str, dict[str, str]]:
        """Rows by id like by_id(), without a copy (read only)."""
        return MappingProxyType(self._by_id)

    @cached_property
    def _key_by_object(self) -> dict[int, str]:
        # the tuple in _rows keeps every row alive, so no other object can reuse one of these ids
        return {id(row): row.get(ID, "").strip() for row in self._rows}

    @cached_property
    def _by_id(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for row in self._rows:
            found.setdefault(row.get(ID, "").strip(), row)  # stripped, as keys() and the diff see ids
        return found


def read_revision(path: str | Path) -> Revision:
    """Read the events file (a missing file reads as a header-only file with the schema's columns)."""
    path = Path(path)
    data = eventslink.read_bytes(path) if eventslink.exists(path) else b""
    table = csvfile.read_exact(
        data or csvwriter.serialise(schema.COLUMN_NAMES, csvfile.Dialect()).encode("utf-8")
    )
    return Revision(path, data, content_hash(data), table)


def successor(before: Revision, data: bytes, sha256: str, table: csvfile.Table) -> Revision:
    """The revision a save of `before` wrote (`table` read from `data`): rows it kept are the same dicts."""
    after = Revision(before.path, data, sha256, table)
    # a record the save did not touch is the same object in both tables: its row needs no new dict
    # (building 100,000 dicts cost 0.3 s), and every holder of `before` only ever reads them
    # (keyed by the cells tuple, which a renumbered record shares with the one it was read as)
    row_of = dict(
        zip(map(id, (record.cells for record in _data_records(before.table))), before._rows, strict=True)
    )
    fresh: list[dict[str, str]] = []

    def made(record: csvfile.Record) -> dict[str, str]:
        fresh.append(after.row(record))
        return fresh[-1]

    after.__dict__["_rows"] = rows = tuple(
        row_of.get(id(record.cells)) or made(record) for record in _data_records(table)
    )
    _carry_indexes(before, after, rows, fresh)
    return after


def _carry_indexes(
    before: Revision, after: Revision, rows: tuple[dict[str, str], ...], fresh: list[dict[str, str]]
) -> None:
    # a save keeps almost every row: the new revision's indexes are the old ones with the rewritten, added and
    # deleted rows put right (built anew they cost 0.4 s at 100,000 rows, in the rerun that shows the saved
    # file), kept only when they are exactly what building anew gives: no id repeated, ids in row order
    known = before.__dict__
    if "_by_id" not in known or "_key_by_object" not in known or len(before._by_id) != len(before._rows):
        return
    kept = {id(row) for row in rows}
    by_id, key_by_object = dict(before._by_id), dict(before._key_by_object)
    for row in fresh:  # a rewritten row takes its id's place in the order; a new id goes last
        by_id[row.get(ID, "").strip()] = row
        key_by_object[id(row)] = row.get(ID, "").strip()
    for row in before._rows if len(kept) - len(fresh) < len(before._rows) else ():
        if id(row) not in kept:  # a row the save rewrote or deleted
            del key_by_object[id(row)]
            if by_id.get(row.get(ID, "").strip()) is row:
                del by_id[row.get(ID, "").strip()]
    if len(by_id) == len(rows) and all(a is b for a, b in zip(by_id.values(), rows, strict=True)):
        after.__dict__["_by_id"], after.__dict__["_key_by_object"] = by_id, key_by_object


def _data_records(table: csvfile.Table) -> list[csvfile.Record]:
    # Record.blank, inlined: a property call per record cost 50 ms at 100,000 rows
    return [record for record in table.records if record.cells and record.cells != ("",)]


def revision_of_bytes(path: Path, data: bytes, sha256: str | None = None) -> Revision:
    """A revision of given bytes (an upload or a backup), as if they were the file at `path`."""
    # a caller that already hashed the bytes passes the hash: 25 MB cost 0.1 s a hash
    return Revision(Path(path), data, sha256 or content_hash(data), csvfile.read_exact(data))
