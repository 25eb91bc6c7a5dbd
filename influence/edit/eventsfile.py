"""The events file as one editor loaded it: its exact bytes, their sha256 and its parsed records."""

from __future__ import annotations

import contextlib
import itertools
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
from influence.runtime import batches

ID = "id"
ALIGNED_LIMIT = 5_000  # rows edited in place, beyond which looking them up by identity is the faster way


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
        # built once: at 100,000 rows this costs 0.35 s, and the Edit page tells untouched rows by identity
        columns = self.columns
        width = len(columns)
        cells = list(map(_CELLS, self._records))
        with csvfile.collector_paused():
            if set(map(len, cells)) <= {width}:  # every record as wide as the header: by C calls
                return tuple(batches.gather(map(dict, map(zip, itertools.repeat(columns), cells))))
            return tuple(
                dict(zip(columns, record.cells, strict=True))
                if len(record.cells) == width
                else self.row(record)
                for record in self._records
            )

    def prepare(self) -> None:
        """Build what an editor's first run needs (rows, ids), e.g. in a thread while a visitor reads the page."""
        # cached_property takes a lock on Python 3.11, so a run that asks meanwhile waits for the value; both
        # build _rows first (accessed for their side effect: the cached values)
        self._key_by_object  # noqa: B018
        self._by_id  # noqa: B018
        self._own_distinct  # noqa: B018
        self._own_key_list  # noqa: B018

    def row(self, record: csvfile.Record) -> dict[str, str]:
        """One record as a dict of column -> text (missing trailing cells are '')."""
        return row_of(self.columns, record.cells)

    def by_id(self) -> dict[str, dict[str, str]]:
        """Rows keyed by id, stripped (the first row wins when an id repeats; validation reports repeats)."""
        return dict(self._by_id)

    def keys(self, rows: Sequence[Mapping[str, object]]) -> list[str]:
        """The id of each of `rows` (stripped); the snapshot's own rows are looked up, not re-read."""
        # by C calls: a loop over 100,000 rows cost 0.15 s, twice a rerun; only the rows that are not the
        # revision's own (edited or added: a few) are read
        known = self._key_by_object
        positions = self.differing(rows)
        if positions is not None:
            keys = list(self._own_keys)
            for position in positions:
                row = rows[position]
                keys[position] = known.get(id(row)) or csvwriter.text_of(row.get(ID)).strip()
            return keys
        keys = list(map(known.get, map(id, rows)))
        position = -1
        with contextlib.suppress(ValueError):
            while True:
                position = keys.index(None, position + 1)
                keys[position] = csvwriter.text_of(rows[position].get(ID)).strip()
        return keys

    def fresh(self, rows: Sequence[Mapping[str, object]]) -> list[int]:
        """The positions in `rows` of those that are not this revision's own rows (edited or added)."""
        known = self._key_by_object
        positions = self.differing(rows)
        if positions is not None:
            return [position for position in positions if id(rows[position]) not in known]
        flags = map(known.__contains__, map(id, rows))
        return list(itertools.compress(itertools.count(), map(operator.not_, flags)))

    def differing(self, rows: Sequence[Mapping[str, object]]) -> list[int] | None:
        """The positions where `rows` holds another object than this revision's own row there (the rows
        edited), or None when `rows` is not aligned with them (a row added or deleted, or most replaced)."""
        own = self._rows
        if len(rows) != len(own):
            return None
        return _false_positions(list(map(operator.is_, rows, own)))  # no hashing: 3 ms at 100,000 rows

    def key_at(self, position: int) -> str:
        """The id (stripped) of this revision's own row at `position`."""
        return self._own_keys[position]

    def distinct(self, keys: Sequence[str]) -> bool:
        """True when no key of `keys` (from keys()) repeats; at C speed when they are this revision's own."""
        own = self._own_key_list
        if self._own_distinct and len(keys) == len(own) and keys == own:  # compared mostly by identity
            return True
        return len(set(keys)) == len(keys)

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
        return dict(zip(map(id, self._rows), self._own_keys, strict=True))

    @cached_property
    def _own_key_list(self) -> list[str]:
        return list(self._own_keys)

    @cached_property
    def _own_distinct(self) -> bool:
        return len(set(self._own_keys)) == len(self._own_keys)

    @cached_property
    def _own_keys(self) -> tuple[str, ...]:
        # each row's id, stripped, as the diff keys rows (C calls only: 100,000 rows in 0.02 s)
        if ID not in self.columns:
            return ("",) * len(self._rows)
        return tuple(map(str.strip, map(operator.itemgetter(ID), self._rows)))

    @cached_property
    def _by_id(self) -> dict[str, dict[str, str]]:
        keys = self._own_keys  # stripped, as keys() and the diff see ids
        if self._own_distinct:  # no id repeated: built by C calls
            return dict(zip(keys, self._rows, strict=True))
        found: dict[str, dict[str, str]] = {}
        for key, row in zip(keys, self._rows, strict=True):
            found.setdefault(key, row)  # the first row wins
        return found


def row_of(columns: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """A record's cells as a dict of column -> text: missing trailing cells are '', cells past the header dropped."""
    values = (*cells, *[""] * (len(columns) - len(cells)))
    return dict(zip(columns, values, strict=False))


def read_revision(path: str | Path) -> Revision:
    """Read the events file (a missing file reads as a header-only file with the schema's columns)."""
    path = Path(path)
    return revision_of_file(path, eventslink.read_bytes(path) if eventslink.exists(path) else b"")


def revision_of_file(
    path: Path, data: bytes, sha256: str | None = None, decoded: csvfile.Decoded | None = None
) -> Revision:
    """The revision of the events file's bytes `data` (none: the file is missing, and reads as header-only);
    `sha256` and `decoded` (csvfile.decode(data)) when the caller has them already."""
    if data:
        table = csvfile.read_exact(data, decoded)
    else:  # a missing file: the schema's header alone
        table = csvfile.read_exact(
            csvwriter.serialise(schema.COLUMN_NAMES, csvfile.Dialect()).encode("utf-8")
        )
    return Revision(path, data, sha256 or content_hash(data), table)


def successor(before: Revision, data: bytes, sha256: str, table: csvfile.Table) -> Revision:
    """The revision a save of `before` wrote (`table` read from `data`): rows it kept are the same dicts."""
    after = Revision(before.path, data, sha256, table)
    # a record the save did not touch is the same object in both tables: its row needs no new dict
    # (building 100,000 dicts cost 0.3 s), and every holder of `before` only ever reads them
    # (keyed by the cells tuple, which a renumbered record shares with the one it was read as); found by C
    # calls, only the few rewritten or added records made into new rows
    old, records = before._records, _data_records(table)
    positions = _differing_cells(old, records)
    if positions is None:  # rows deleted or added: every record looked up by its cells (0.2 s)
        row_of = dict(zip(map(id, map(_CELLS, old)), before._rows, strict=True))
        rows = list(map(row_of.get, map(id, map(_CELLS, records))))
        positions = [position for position, row in enumerate(rows) if row is None]
        gone = None
    else:  # records in place: only those at the positions that differ (3 ms at 100,000 rows)
        row_of = {id(old[position].cells): before._rows[position] for position in positions}
        rows = list(before._rows)
        for position in positions:
            rows[position] = row_of.get(id(records[position].cells))  # type: ignore[call-overload]
        gone = [before._rows[position] for position in positions]
    fresh: list[dict[str, str]] = []
    for position in positions:
        if rows[position] is None:
            fresh.append(after.row(records[position]))
            rows[position] = fresh[-1]
    if gone is not None:  # a row at a position that differs may stand at another such position now
        stays = {id(rows[position]) for position in positions}
        gone = [row for row in gone if id(row) not in stays]
    after.__dict__["_records"] = records
    after.__dict__["_rows"] = kept = tuple(rows)
    _carry_indexes(before, after, kept, fresh, gone)  # type: ignore[arg-type]
    return after


_CELLS = operator.itemgetter(1)  # a Record's cells (a NamedTuple's field by position: C speed)


def _differing_cells(old: Sequence[csvfile.Record], new: Sequence[csvfile.Record]) -> list[int] | None:
    """Positions where `new` holds other cells than `old` (None when the lengths differ or most do)."""
    if len(old) != len(new):
        return None
    same = list(map(operator.is_, map(_CELLS, new), map(_CELLS, old)))
    return _false_positions(same)


def _false_positions(flags: list[bool]) -> list[int] | None:
    """The positions of False in `flags`, found at C speed (None when more than ALIGNED_LIMIT)."""
    count = flags.count(False)
    if count > ALIGNED_LIMIT:
        return None
    positions, position = [], -1
    for _ in range(count):
        position = flags.index(False, position + 1)
        positions.append(position)
    return positions


def _carry_indexes(
    before: Revision,
    after: Revision,
    rows: tuple[dict[str, str], ...],
    fresh: list[dict[str, str]],
    gone: list[dict[str, str]] | None,
) -> None:
    # a save keeps almost every row: the new revision's indexes are the old ones with the rewritten, added and
    # deleted rows put right (built anew they cost 0.4 s at 100,000 rows, in the rerun that shows the saved
    # file), kept only when they are exactly what building anew gives: no id repeated, ids in row order;
    # `gone`: the rows that may have left (None: any)
    known = before.__dict__
    if "_by_id" not in known or "_key_by_object" not in known or len(before._by_id) != len(before._rows):
        return
    by_id, key_by_object = dict(before._by_id), dict(before._key_by_object)
    for row in fresh:  # a rewritten row takes its id's place in the order; a new id goes last
        by_id[row.get(ID, "").strip()] = row
        key_by_object[id(row)] = row.get(ID, "").strip()
    if gone is None:
        kept = set(map(id, rows))
        left = map(operator.not_, map(kept.__contains__, map(id, before._rows)))
        gone = (
            list(itertools.compress(before._rows, left)) if len(kept) - len(fresh) < len(before._rows) else []
        )
    for row in gone:  # a row the save rewrote or deleted
        del key_by_object[id(row)]
        if by_id.get(row.get(ID, "").strip()) is row:
            del by_id[row.get(ID, "").strip()]
    if len(by_id) == len(rows) and all(map(operator.is_, by_id.values(), rows)):
        after.__dict__["_by_id"], after.__dict__["_key_by_object"] = by_id, key_by_object
        after.__dict__["_own_keys"] = tuple(map(key_by_object.__getitem__, map(id, rows)))
        after.__dict__["_own_distinct"] = True  # one row per id, as len(by_id) == len(rows) says


def _data_records(table: csvfile.Table) -> list[csvfile.Record]:
    # the records that are not blank (Record.blank, inlined); a file without blank lines, the usual one,
    # is told so by two C-speed searches (a loop over 100,000 records cost 0.05 s)
    records = table.records
    cells = list(map(_CELLS, records))
    if () not in cells and ("",) not in cells:
        return list(records)
    return [record for record in records if record.cells and record.cells != ("",)]


def revision_of_bytes(path: Path, data: bytes, sha256: str | None = None) -> Revision:
    """A revision of given bytes (an upload or a backup), as if they were the file at `path`."""
    # a caller that already hashed the bytes passes the hash: 25 MB cost 0.1 s a hash
    return Revision(Path(path), data, sha256 or content_hash(data), csvfile.read_exact(data))
