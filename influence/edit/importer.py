"""Importing a CSV upload or pasted rows: a preview of new, changed and invalid rows before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from influence.contract.problems import ERROR, Problem
from influence.edit import access, csvwriter, store
from influence.load import csvfile, validation

# The app holds an import in memory and previews it; beyond these sizes the command line streams instead.
MAX_BYTES = 60_000_000
MAX_ROWS = 400_000
COMMAND = "python cli.py import FILE --into events.csv --editor NAME"
MODES: tuple[str, ...] = ("merge", "append")  # merge updates rows whose id exists; append only adds


@dataclass(frozen=True)
class Preview:
    """What an import would do: the changes, the rows left out and why, or why nothing can be imported."""

    name: str
    mode: str
    changes: store.Changes
    invalid: tuple[Problem, ...]  # errors that keep a row out, by file line and column
    notes: tuple[str, ...]  # rows skipped for other reasons, warnings, counts
    unchanged: int
    refusal: str | None = None

    @property
    def ready(self) -> bool:
        """True when importing would add or change at least one row."""
        return self.refusal is None and not self.changes.empty


def preview(
    revision: store.Revision, data: bytes, name: str = "upload.csv", *, mode: str = "merge"
) -> Preview:
    """Compare an uploaded CSV with the revision by id; nothing is written."""
    if mode not in MODES:
        return _refused(name, mode, f"Unknown import mode {mode!r}: use one of {', '.join(MODES)}.")
    too_large = size_refusal(data, name)
    if too_large:
        return _refused(name, mode, too_large)
    try:
        table = csvfile.read_exact(data)
    except csvfile.DecodeError as failure:
        return _refused(name, mode, str(failure))
    if len(table.records) > MAX_ROWS:
        return _refused(
            name,
            mode,
            f"{name} has {len(table.records):,} rows; the app imports up to {MAX_ROWS:,}. "
            f"Import it on the command line, which streams any size: {COMMAND}",
        )
    return plan(revision, data, name, mode=mode, table=table)


def size_refusal(data: bytes, name: str) -> str | None:
    """Why a file is too large for the app (naming the command that imports it), or None when it is not.

    The upload panel asks before converting a publisher's layout, so an oversized file costs no conversion."""
    if len(data) <= MAX_BYTES:
        return None
    return (
        f"{name} is {len(data) / 1e6:.1f} MB; the app imports up to {MAX_BYTES / 1e6:.0f} MB. "
        f"Import it on the command line, which streams any size: {COMMAND}"
    )


def plan(
    revision: store.Revision,
    data: bytes,
    name: str = "upload.csv",
    *,
    mode: str = "merge",
    table: csvfile.Table | None = None,
) -> Preview:
    """The preview without the app's size limits (the command line's `import --into` uses it)."""
    if table is None:
        try:
            table = csvfile.read_exact(data)
        except csvfile.DecodeError as failure:
            return _refused(name, mode, str(failure))
    report = validation.validate_table(table)  # the bytes are decoded and split once, here
    fatal = [p for p in report.problems if p.severity == ERROR and (p.line is None or p.line == 1)]
    if fatal:
        return _refused(name, mode, "The file cannot be imported: " + "; ".join(p.message for p in fatal))
    return _compare(revision, table, report.problems, name, mode)


def is_contract(data: bytes) -> bool:
    """True when the file's header is events.csv's own (an id and a date column), not a publisher's layout."""
    first = csvfile.decode(data[: 1 << 16]).text.split("\n", 1)[0] if data else ""
    names = {cell.strip().strip('"').lower() for cell in first.split(",")}
    return {"id", "date", "source"} <= names


def pasted(text: str, columns: Sequence[str]) -> bytes:
    """Rows pasted from a spreadsheet (tab- or comma-separated, header optional) as UTF-8 CSV bytes."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        return b""
    delimiter = "\t" if "\t" in lines[0] else ","
    rows = [record.cells for record in csvfile.records(lines, keep_raw=False, delimiter=delimiter)]
    has_header = store.ID in {cell.strip().lower() for cell in rows[0]}
    written = csvwriter.serialise_all(rows if has_header else [tuple(columns), *rows], csvfile.Dialect())
    return "".join(written).encode("utf-8")


def apply(
    revision: store.Revision, plan: Preview, *, editor: access.Editor
) -> store.Saved | store.Conflict | store.Refused:
    """Write a previewed import as one audited save (refused if the file changed since the preview)."""
    if plan.refusal:
        return store.Refused(plan.refusal)
    return store.save(revision, plan.changes, editor=editor, action="import")


def _compare(
    revision: store.Revision, table: csvfile.Table, problems: Sequence[Problem], name: str, mode: str
) -> Preview:
    """The import as edited rows (the file's rows with the upload merged in by id), diffed like the table."""
    # Header names are matched as the validator matches them: trimmed and case-folded.
    positions = {cell.strip().lower(): index for index, cell in reversed(list(enumerate(table.columns)))}
    shared = [column for column in revision.columns if column in positions]
    bad_lines = {p.line for p in problems if p.severity == ERROR}
    invalid = tuple(p for p in problems if p.severity == ERROR)
    notes = [p.describe(name) for p in problems if p.severity != ERROR]
    dropped = [
        column
        for column, index in sorted(positions.items(), key=lambda item: item[1])
        if column not in revision.columns
        and any(index < len(r.cells) and r.cells[index].strip() for r in table.records)
    ]
    if dropped:
        # nothing silently lost: the store rewrites rows under the file's own header
        notes.append(
            f"{name}: the events file has no column {', '.join(dropped)}: those values are not imported; add the "
            "column to the file's header first to keep them"
        )
    rows = revision.rows()
    index: dict[str, int] = {}
    for position, row in enumerate(rows):
        index.setdefault(row.get(store.ID, ""), position)  # the first row of a repeated id, as by_id
    existing = set(index)
    touched: set[str] = set()
    for record in table.records:
        if record.blank or record.line in bad_lines:
            continue
        cells = {c: record.cells[positions[c]].strip() for c in shared if positions[c] < len(record.cells)}
        key = cells.get(store.ID, "")
        if key not in existing:
            index[key] = len(rows)
            rows.append({column: cells.get(column, "") for column in revision.columns})
        elif mode == "append":
            notes.append(
                f"{name}:{record.line}: id {key} already exists, skipped (choose 'merge' to update it)"
            )
        else:
            rows[index[key]] = rows[index[key]] | cells
            touched.add(key)
    found = store.diff(revision, rows)
    # an import adds and updates; it never deletes, and the file's own id problems are not the upload's
    changes = store.Changes(found.added, found.changed)
    unchanged = len(touched) - len({change.id for change in found.changed} & touched)
    return Preview(name, mode, changes, invalid, tuple(notes), unchanged)


def _refused(name: str, mode: str, message: str) -> Preview:
    return Preview(name, mode, store.Changes(), (), (), 0, message)
