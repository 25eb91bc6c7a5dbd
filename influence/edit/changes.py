"""What a save changes: a revision diffed with edited rows, rendered back to bytes, or rebased on a newer file."""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from influence.edit import csvwriter
from influence.edit.eventsfile import ID, Revision
from influence.load import csvfile


@dataclass(frozen=True)
class FieldChange:
    """One cell changed by a save."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """The changed cells of one existing row."""

    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Changes:
    """What a save would do: rows added, cells changed, ids deleted, and reasons it cannot be saved."""

    added: tuple[Mapping[str, str], ...] = ()
    changed: tuple[RowChange, ...] = ()
    deleted: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when saving would change nothing."""
        return not (self.added or self.changed or self.deleted)

    def ids(self) -> set[str]:
        """Every id this change touches."""
        return {row[ID] for row in self.added} | {c.id for c in self.changed} | set(self.deleted)

    def summary(self) -> str:
        """'2 added, 1 changed, 0 deleted'."""
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.deleted)} deleted"


@dataclass(frozen=True)
class MergeConflict:
    """Rows both this editor and the other save touched, so a merge would overwrite someone."""

    ids: tuple[str, ...]
    message: str


def diff(revision: Revision, edited_rows: Sequence[Mapping[str, object]]) -> Changes:
    """Compare the edited rows with the revision by id: rows added, cells changed, ids deleted."""
    keys = revision.keys(edited_rows)
    problems = _id_problems(revision, keys)
    if revision.is_own(edited_rows):
        # nothing edited (a rerun, the page after a save): no row to compare (0.1 s at 100,000 rows)
        return Changes(problems=tuple(problems))
    before = revision.index()
    if len(before) == revision.count() and revision.distinct(keys):
        # no id repeated, in the file or in the table: a row the editor left alone is the revision's own row
        # under its own id, so only the others (edited or added: a few) are compared, found at C speed (a
        # loop over 100,000 rows cost 0.15 s)
        aligned = revision.differing(edited_rows)
        if aligned is not None:  # nothing added or deleted: only an id edited away is gone
            pairs = [(edited_rows[position], keys[position]) for position in aligned]
            now = {key for _, key in pairs}
            gone = (revision.key_at(position) for position in aligned)
            deleted = tuple(key for key in gone if key and key not in now)
            return Changes(*_compared(revision, before, pairs), deleted, tuple(problems))
        seen = set(keys)
        pairs = [(edited_rows[position], keys[position]) for position in revision.fresh(edited_rows)]
    else:
        seen, pairs = set(), []
        for row, key in zip(edited_rows, keys, strict=True):
            if key and key not in seen:  # the first row of a repeated id is the one compared
                seen.add(key)
                pairs.append((row, key))
    added, changed = _compared(revision, before, pairs)
    deleted = () if seen.issuperset(before) else tuple(key for key in before if key not in seen and key)
    return Changes(added, changed, deleted, tuple(problems))


def _compared(
    revision: Revision,
    before: Mapping[str, Mapping[str, str]],
    pairs: Sequence[tuple[Mapping[str, object], str]],
) -> tuple[tuple[dict[str, str], ...], tuple[RowChange, ...]]:
    """The rows added and the cells changed among `pairs` (row, its key) compared with `before` (by id)."""
    added: list[dict[str, str]] = []
    changed: list[RowChange] = []
    for row, key in pairs:
        old = before.get(key) if key else row
        if old is row:
            continue  # the revision's own row, untouched (or a row with no id): nothing to compare
        if old is None:
            added.append(dict(zip(revision.columns, csvwriter.fields_of(row, revision.columns), strict=True)))
            continue
        cells = tuple(
            FieldChange(column, old[column], csvwriter.text_of(row[column]))
            for column in revision.columns
            if column in row and csvwriter.text_of(row[column]) != old[column]
        )
        if cells:
            changed.append(RowChange(key, cells))
    return tuple(added), tuple(changed)


def render(revision: Revision, changes: Changes) -> bytes:
    """The file bytes after applying `changes`: untouched records keep their exact text."""
    return rendition(revision, changes)[0]


def rendition(revision: Revision, changes: Changes) -> tuple[bytes, csvfile.Table]:
    """The file bytes after applying `changes`, and those bytes as read (as csvfile.read_exact reads them).

    Only the records the changes touch are written anew; the table is assembled from the records already
    read, so a save does not parse the whole file again (1.8 s at 100,000 rows). A file in a single-byte
    encoding is read again, since its encoding may be guessed differently once rows are gone."""
    table, dialect = revision.table, revision.table.dialect
    records, terminator = table.records, dialect.lineterminator
    updates = {change.id: {c.field: c.new for c in change.fields} for change in changes.changed}
    # only the first record of a repeated id is the one the editor saw: it is the one changed or deleted
    first = _first_records(revision, set(updates) | set(changes.deleted))
    replaced: dict[int, str | None] = {first[key]: None for key in changes.deleted if key in first}
    cells_of: dict[int, tuple[str, ...]] = {}  # the cells each rewritten record is written from
    for key, cells in updates.items():
        if key in first:
            row = revision.row(records[first[key]]) | cells
            cells_of[first[key]] = csvwriter.fields_of(row, revision.columns)
            replaced[first[key]] = csvwriter.serialise(cells_of[first[key]], dialect)
    body: list[str | None] = list(map(_RAW, records))
    if records and replaced.get(len(records) - 1, "") is not None:
        body[-1] = _terminated(records[-1].raw, terminator)  # the only record that may lack its line end
    for index, text in replaced.items():
        body[index] = text
    added_cells = [csvwriter.fields_of(row, revision.columns) for row in changes.added]
    added = csvwriter.serialise_all(added_cells, dialect)
    head = [_terminated(part, terminator) for part in (*(r.raw for r in table.preamble), table.header.raw)]
    deleting = None in replaced.values()
    texts = [*head, *((text for text in body if text is not None) if deleting else body), *added]
    text = "".join(texts)
    # the encodings read (UTF-8, Windows-1256/1252) all write line ends as the ASCII bytes
    trimmed = bool(revision.data) and not revision.data.endswith((b"\n", b"\r"))
    if trimmed:
        text = text.removesuffix(terminator)  # a file without a final line end stays so
    data = csvwriter.encode(text, table.codec, table.bom)
    if not revision.data or table.encoding not in ("utf-8", "utf-8-sig"):
        return data, csvfile.read_exact(data)
    header = table.header
    # the only texts that can differ from their record's: the changed ones and the last (its line end)
    differs = set(replaced) | ({len(records) - 1} if records and body[-1] is not records[-1].raw else set())
    if trimmed:  # the last text lost its line end: the record holding it says so too
        if added:
            added[-1] = added[-1].removesuffix(terminator)
        elif any(text is not None for text in body):
            index = max(i for i, text in enumerate(body) if text is not None)
            body[index] = str(body[index]).removesuffix(terminator)
            differs.add(index)
        else:
            raw = _terminated(header.raw, terminator).removesuffix(terminator)
            header = csvfile.Record(header.line, header.cells, header.end_line, raw)
    return data, _reassembled(
        table, header, text, body, differs, cells_of, [*zip(added, added_cells, strict=True)]
    )


def _first_records(revision: Revision, keys: set[str]) -> dict[str, int]:
    """The position in the table's records of the first record holding each of `keys` as its id."""
    columns, records = revision.table.columns, revision.table.records
    if not keys or ID not in columns:
        return {}
    position = columns.index(ID)
    try:  # stripped, as the diff's keys are (by C calls: a loop cost 0.07 s at 100,000 rows)
        ids = list(map(str.strip, map(operator.itemgetter(position), map(_CELLS, records))))
    except IndexError:  # a short record (a blank line) holds no id
        ids = [record.cells[position].strip() if len(record.cells) > position else "" for record in records]
    found = {}
    if len(keys) <= 32:  # a few edits: list.index scans at C speed
        for key in keys:
            with contextlib.suppress(ValueError):
                found[key] = ids.index(key)
        return found
    for index, key in enumerate(ids):
        if key in keys and key not in found:
            found[key] = index
    return found


def _reassembled(
    table: csvfile.Table,
    header: csvfile.Record,
    text: str,
    body: list[str | None],
    differs: set[int],
    replaced: dict[int, tuple[str, ...]],
    added: list[tuple[str, tuple[str, ...]]],
) -> csvfile.Table:
    # the records renumbered by the physical lines before them; a rewritten one is the cells it was written
    # from; a record whose text and line did not change is the same object: between two changes, when no
    # line moved, a whole run of records is taken as it is (one edit at 100,000 rows touches one record)
    old = table.records
    records: list[csvfile.Record] = []
    line = header.end_line + 1
    done = 0
    for index in [*sorted(differs), len(old)]:
        run = old[done:index]
        if run and run[0].line == line:
            records += run
        else:
            records += [_moved(record, line + record.line - run[0].line, record.raw) for record in run]
        if run:
            line = records[-1].end_line + 1
        done = index + 1
        raw = body[index] if index < len(old) else None
        if raw is None:
            continue
        record = _written(line, raw, replaced[index]) if index in replaced else _moved(old[index], line, raw)
        records.append(record)
        line = record.end_line + 1
    for raw, cells in added:
        records.append(_written(line, raw, cells))
        line = records[-1].end_line + 1
    final = tuple(records)
    decoded = csvfile.Decoded(text, table.encoding, (), True)
    dialect = _dialect(table, text, final, body, differs, replaced)
    return csvfile.Table(header, final, dialect, decoded, table.problems, table.preamble)


def _dialect(
    table: csvfile.Table,
    text: str,
    final: tuple[csvfile.Record, ...],
    body: list[str | None],
    differs: set[int],
    replaced: dict[int, tuple[str, ...]],
) -> csvfile.Dialect:
    # what dialect_of finds in the new text, without counting through it (0.15 s at 100,000 rows) when the
    # answer cannot have changed: nothing deleted; the texts written hold no line end but the file's own and
    # end in it (so the commonest only gained); all quoted before and all written quoted, or some record
    # still unquoted (one just written, or an old one, none being rewritten)
    dialect, old = table.dialect, table.records
    if None in body or not final:
        return csvfile.dialect_of(text, final)
    # nothing deleted, so the records stand where they stood: the texts written are those that differ
    written = [final[index] for index in sorted(differs)] + list(final[len(old) :])
    ends = dialect.lineterminator
    ends_kept = all(record.raw.endswith(ends) and _only_ends(record.raw, ends) for record in written)
    data = [record for record in written if not record.blank]
    if dialect.quote_all:
        quoting_kept = all(csvfile.fully_quoted(record) for record in data)
    else:
        unquoted_left = not replaced and any(not record.blank for record in old)
        quoting_kept = unquoted_left or not all(csvfile.fully_quoted(record) for record in data)
    return dialect if ends_kept and quoting_kept else csvfile.dialect_of(text, final)


_CELLS, _RAW = operator.itemgetter(1), operator.itemgetter(3)  # a Record's fields, by position (C speed)


def _only_ends(text: str, end: str) -> bool:
    counts = csvfile.line_ends(text)
    return sum(counts.values()) == counts[end]


def _moved(record: csvfile.Record, line: int, raw: str) -> csvfile.Record:
    if record.line == line and record.raw == raw:
        return record
    return csvfile.Record(line, record.cells, line + record.end_line - record.line, raw)


def _written(line: int, raw: str, cells: tuple[str, ...]) -> csvfile.Record:
    # the cells it was written from are what csv reads back; its physical lines are counted as the reader's
    # line splitting counts them (\n, \r and \r\n each end one), at C speed for an import of 100,000 rows
    ends = raw.count("\n") + raw.count("\r") - raw.count("\r\n")
    physical = ends if raw.endswith(("\n", "\r")) else ends + 1
    return csvfile.Record(line, tuple(cells), line + physical - 1, raw)


def rebase(changes: Changes, base: Revision, current: Revision) -> Changes | MergeConflict:
    """This editor's changes re-applied on the newer file, unless the other save touched the same ids."""
    theirs = diff(base, current.rows())
    overlap = sorted(changes.ids() & theirs.ids())
    if overlap:
        return MergeConflict(
            tuple(overlap),
            f"Both you and the other save changed {', '.join(overlap)}: reload and redo those rows.",
        )
    now = current.by_id()
    changed = tuple(
        RowChange(c.id, tuple(FieldChange(f.field, now[c.id].get(f.field, ""), f.new) for f in c.fields))
        for c in changes.changed
    )
    return Changes(changes.added, changed, changes.deleted, changes.problems)


def _id_problems(revision: Revision, keys: Sequence[str]) -> list[str]:
    problems = [] if ID in revision.columns else [f"The file has no '{ID}' column."]
    if all(keys) and revision.distinct(keys):
        return problems  # the common case, checked at C speed
    seen: dict[str, int] = {}
    for number, key in enumerate(keys, start=1):
        if not key:
            problems.append(f"Row {number} has no id.")
        elif key in seen:
            problems.append(f"Rows {seen[key]} and {number} share the id {key!r}.")
        else:
            seen[key] = number
    return problems


def _terminated(text: str, lineterminator: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + lineterminator
