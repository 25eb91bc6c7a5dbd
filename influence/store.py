"""Saving events.csv so nothing is lost: atomic writes, backups, an audit log and optimistic concurrency.

A save rewrites only the records it changes: every other record keeps its exact original text (quoting,
line ends, encoding), so a no-change save leaves the file byte-identical and a one-cell edit is a one-line
diff. Every save checks, under an exclusive lock, that the file is still the version the editor loaded.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from influence import access, csvtext, schema

ID = "id"
AUDIT_NAME = "audit.jsonl"
BACKUP_FOLDER = "backups"  # next to the events file, unless $EVENTS_BACKUP_DIR names another folder
# A save that deletes more rows than this needs confirm_deletions=True.
DELETE_LIMIT_ROWS = 5
DELETE_LIMIT_FRACTION = 0.10


@dataclass(frozen=True)
class Snapshot:
    """The events file as one editor loaded it: its bytes, their sha256 and its records."""

    path: Path
    data: bytes
    sha256: str
    table: csvtext.Table

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names in file order."""
        return self.table.columns

    def rows(self) -> list[dict[str, str]]:
        """Every non-blank record as a dict of column -> text, in file order."""
        return [self.row(record) for record in self.table.records if not record.blank]

    def row(self, record: csvtext.Record) -> dict[str, str]:
        """One record as a dict of column -> text (missing trailing cells are '')."""
        values = (*record.fields, *[""] * (len(self.columns) - len(record.fields)))
        return dict(zip(self.columns, values, strict=False))

    def by_id(self) -> dict[str, dict[str, str]]:
        """Rows keyed by id (the first row wins when an id repeats; validation reports repeats)."""
        found: dict[str, dict[str, str]] = {}
        for row in self.rows():
            found.setdefault(row.get(ID, ""), row)
        return found


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
class AuditEntry:
    """One line of audit.jsonl: who did what to which file, and the file's hash before and after."""

    time: str
    user: str
    method: str
    action: str  # save, import or restore
    file: str
    sha256_before: str
    sha256_after: str
    added: tuple[str, ...]
    deleted: tuple[str, ...]
    changed: Mapping[str, Mapping[str, tuple[str, str]]]  # id -> field -> (old, new)
    backup: str | None = None


@dataclass(frozen=True)
class Saved:
    """A save that succeeded (or had nothing to write when `written` is False)."""

    written: bool
    snapshot: Snapshot
    entry: AuditEntry | None = None
    backup: str | None = None


@dataclass(frozen=True)
class Conflict:
    """The file changed since the editor loaded it; nothing was written."""

    message: str
    changed_by: str | None
    changed_at: str
    current_sha256: str


@dataclass(frozen=True)
class Refused:
    """A save that was not attempted, with the reason in plain words."""

    message: str
    needs_confirmation: bool = False


@dataclass(frozen=True)
class Backup:
    """One kept earlier version of the events file."""

    name: str
    time: str
    sha256_prefix: str
    size: int


@dataclass(frozen=True)
class MergeConflict:
    """Rows both this editor and the other save touched, so a merge would overwrite someone."""

    ids: tuple[str, ...]
    message: str


def read_snapshot(path: str | Path) -> Snapshot:
    """Read the events file (a missing file reads as a header-only file with the schema's columns)."""
    path = Path(path)
    data = path.read_bytes() if path.exists() else b""
    table = csvtext.parse(data or csvtext.serialise(schema.COLUMN_NAMES, csvtext.Dialect()).encode("utf-8"))
    return Snapshot(path, data, _sha256(data), table)


def diff(snapshot: Snapshot, edited_rows: Sequence[Mapping[str, object]]) -> Changes:
    """Compare the edited rows with the snapshot by id: rows added, cells changed, ids deleted."""
    problems = _id_problems(snapshot, edited_rows)
    before = snapshot.by_id()
    seen: set[str] = set()
    added: list[dict[str, str]] = []
    changed: list[RowChange] = []
    for row in edited_rows:
        key = csvtext.text_of(row.get(ID)).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        if key not in before:
            added.append(dict(zip(snapshot.columns, csvtext.fields_of(row, snapshot.columns), strict=True)))
            continue
        cells = tuple(
            FieldChange(column, before[key][column], csvtext.text_of(row[column]))
            for column in snapshot.columns
            if column in row and csvtext.text_of(row[column]) != before[key][column]
        )
        if cells:
            changed.append(RowChange(key, cells))
    deleted = tuple(key for key in before if key not in seen and key)
    return Changes(tuple(added), tuple(changed), deleted, tuple(problems))


def render(snapshot: Snapshot, changes: Changes) -> bytes:
    """The file bytes after applying `changes`: untouched records keep their exact text."""
    table, dialect = snapshot.table, snapshot.table.dialect
    updates = {change.id: {c.field: c.new for c in change.fields} for change in changes.changed}
    deleted = set(changes.deleted)
    parts = [table.header.raw]
    for record in table.records:
        row = snapshot.row(record)
        key = row.get(ID, "")
        if record.blank:
            parts.append(record.raw)
        elif key in deleted:
            deleted.discard(key)  # only the first record of a repeated id is the one the editor saw
        elif key in updates:
            parts.append(
                csvtext.serialise(csvtext.fields_of(row | updates.pop(key), snapshot.columns), dialect)
            )
        else:
            parts.append(record.raw)
    parts.extend(
        csvtext.serialise(csvtext.fields_of(row, snapshot.columns), dialect) for row in changes.added
    )
    text = "".join(_terminated(part, dialect.lineterminator) for part in parts)
    original = snapshot.data.decode(table.encoding, errors="replace") if snapshot.data else "\n"
    if not original.endswith(("\n", "\r")):
        text = text.removesuffix(dialect.lineterminator)  # keep a file without a final line end that way
    return csvtext.encode(text, table.encoding, table.bom)


def needs_confirmation(snapshot: Snapshot, changes: Changes) -> bool:
    """True when the save deletes more rows than DELETE_LIMIT_ROWS or DELETE_LIMIT_FRACTION of them."""
    count, total = len(changes.deleted), max(len(snapshot.rows()), 1)
    return count > DELETE_LIMIT_ROWS or (count > 1 and count > DELETE_LIMIT_FRACTION * total)


def save(
    snapshot: Snapshot,
    changes: Changes,
    *,
    editor: access.Editor,
    confirm_deletions: bool = False,
    action: str = "save",
) -> Saved | Conflict | Refused:
    """Write `changes` atomically if the file is still `snapshot`, keeping a backup and an audit line."""
    refusal = _refusal(snapshot, changes, editor, confirm_deletions)
    if refusal:
        return refusal
    if changes.empty:
        return Saved(False, snapshot)
    try:
        data = render(snapshot, changes)
    except UnicodeEncodeError as error:
        return Refused(
            f"The text {error.object[error.start : error.end]!r} cannot be written in the file's encoding "
            f"({snapshot.table.encoding}); save the file as UTF-8 first."
        )
    return _commit(snapshot, data, changes, editor, action)


def restore(
    snapshot: Snapshot, backup_name: str, *, editor: access.Editor, confirm_deletions: bool = False
) -> Saved | Conflict | Refused:
    """Make an earlier version current again, byte for byte, as an audited save."""
    reason = access.check(editor)
    if reason:
        return Refused(reason)
    names = {backup.name for backup in list_backups(snapshot.path)}
    if backup_name not in names:
        return Refused(f"There is no backup called {backup_name!r}.")
    data = (backup_folder(snapshot.path) / backup_name).read_bytes()
    try:
        changes = diff(snapshot, read_snapshot_bytes(snapshot.path, data).rows())
    except csvtext.DecodeError:
        changes = Changes()
    changes = Changes(changes.added, changes.changed, changes.deleted)  # restoring repairs, never blocks
    if needs_confirmation(snapshot, changes) and not confirm_deletions:
        return Refused(_deletion_message(changes), needs_confirmation=True)
    if data == snapshot.data:
        return Saved(False, snapshot)
    return _commit(snapshot, data, changes, editor, "restore")


def rebase(changes: Changes, base: Snapshot, current: Snapshot) -> Changes | MergeConflict:
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


def list_backups(path: str | Path) -> list[Backup]:
    """Kept earlier versions of the events file, newest first."""
    path = Path(path)
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    pattern = _backup_pattern(path)
    found = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file():
            stamp = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
            found.append(Backup(entry.name, _iso(stamp), match["hash"], entry.stat().st_size))
    return sorted(found, key=lambda backup: backup.name, reverse=True)


def audit_entries(path: str | Path) -> list[AuditEntry]:
    """The audit log of the events file, oldest first (a line torn by a crash is skipped)."""
    path = Path(path)
    log = audit_path(path)
    if not log.exists():
        return []
    entries = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = _entry_from_json(json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if entry.file == path.name:
            entries.append(entry)
    return entries


def _entry_from_json(item: dict) -> AuditEntry:
    # JSON has no tuples: turn lists back into the tuples an AuditEntry holds
    changed = {
        key: {name: tuple(pair) for name, pair in cells.items()} for key, cells in item["changed"].items()
    }
    return AuditEntry(
        **(item | {"added": tuple(item["added"]), "deleted": tuple(item["deleted"]), "changed": changed})
    )


def audit_path(path: str | Path) -> Path:
    """Where the audit log of an events file lives."""
    return Path(path).parent / AUDIT_NAME


def backup_folder(path: str | Path) -> Path:
    """Where backups of an events file are kept ($EVENTS_BACKUP_DIR, else backups/ next to it)."""
    configured = os.environ.get("EVENTS_BACKUP_DIR")
    return Path(configured) if configured else Path(path).parent / BACKUP_FOLDER


def read_snapshot_bytes(path: Path, data: bytes) -> Snapshot:
    """A snapshot of given bytes (an upload or a backup), as if they were the file at `path`."""
    return Snapshot(Path(path), data, _sha256(data), csvtext.parse(data))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that after a crash it holds the old or the new bytes, never a mix."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(path.parent)  # the rename itself is only durable once the folder is synced


def _commit(
    snapshot: Snapshot, data: bytes, changes: Changes, editor: access.Editor, action: str
) -> Saved | Conflict:
    path = snapshot.path
    with _locked(path):
        current = path.read_bytes() if path.exists() else b""
        if _sha256(current) != snapshot.sha256:
            return _conflict(path, current)
        _remove_stale_temporaries(path)
        backup = _keep_backup(path, current) if current else None
        write_atomic(path, data)
        entry = AuditEntry(
            time=_iso(datetime.now(UTC)),
            user=editor.name,
            method=editor.method,
            action=action,
            file=path.name,
            sha256_before=snapshot.sha256,
            sha256_after=_sha256(data),
            added=tuple(row[ID] for row in changes.added),
            deleted=changes.deleted,
            changed={c.id: {f.field: (f.old, f.new) for f in c.fields} for c in changes.changed},
            backup=backup,
        )
        _append_audit(path, entry)
    return Saved(True, read_snapshot_bytes(path, data), entry, backup)


def _refusal(snapshot: Snapshot, changes: Changes, editor: object, confirm: bool) -> Refused | None:
    reason = access.check(editor)
    if reason:
        return Refused(reason)
    if changes.problems:
        return Refused("Cannot save: " + "; ".join(changes.problems))
    if needs_confirmation(snapshot, changes) and not confirm:
        return Refused(_deletion_message(changes), needs_confirmation=True)
    return None


def _deletion_message(changes: Changes) -> str:
    return (
        f"This deletes {len(changes.deleted)} rows ({', '.join(changes.deleted[:10])}"
        f"{', …' if len(changes.deleted) > 10 else ''}): confirm the deletion to save."
    )


def _id_problems(snapshot: Snapshot, rows: Sequence[Mapping[str, object]]) -> list[str]:
    problems = [] if ID in snapshot.columns else [f"The file has no '{ID}' column."]
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        key = csvtext.text_of(row.get(ID)).strip()
        if not key:
            problems.append(f"Row {number} has no id.")
        elif key in seen:
            problems.append(f"Rows {seen[key]} and {number} share the id {key!r}.")
        else:
            seen[key] = number
    return problems


def _conflict(path: Path, current: bytes) -> Conflict:
    current_hash = _sha256(current)
    by_app = [entry for entry in audit_entries(path) if entry.sha256_after == current_hash]
    if by_app:
        last = by_app[-1]
        return Conflict(
            f"{path.name} was changed by {last.user} at {last.time} ({last.action}) after you loaded it. "
            "Reload to see their version, or merge your changes on top of it.",
            last.user,
            last.time,
            current_hash,
        )
    when = (
        _iso(datetime.fromtimestamp(path.stat().st_mtime, UTC)) if path.exists() else _iso(datetime.now(UTC))
    )
    what = "changed outside the app" if current else "deleted or emptied outside the app"
    return Conflict(
        f"{path.name} was {what} at {when} after you loaded it. Reload, or merge your changes on top of it.",
        None,
        when,
        current_hash,
    )


def _keep_backup(path: Path, data: bytes) -> str:
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    name = f"{_safe_stem(path)}.{stamp}.{_sha256(data)[:8]}.csv"
    write_atomic(folder / name, data)
    return name


def _append_audit(path: Path, entry: AuditEntry) -> None:
    line = json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    log = audit_path(path)
    created = not log.exists()
    descriptor = os.open(log, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(descriptor).st_size
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            line = b"\n" + line  # a crash tore the last line: start on a fresh one
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if created:
        _fsync_folder(log.parent)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    # flock is released by the kernel when the holder dies, so a crashed save never blocks the next one
    lock = path.parent / f".{path.name}.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_stale_temporaries(path: Path) -> None:
    # Called under the lock: any temporary file left is from a writer that crashed.
    leftovers = [
        *path.parent.glob(f".{glob.escape(path.name)}.*.tmp"),
        *backup_folder(path).glob(f".{glob.escape(_safe_stem(path))}.*.tmp"),
    ]
    for leftover in leftovers:
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _backup_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(_safe_stem(path))}\.(?P<stamp>\d{{8}}T\d{{6}}\.\d{{6}}Z)\.(?P<hash>[0-9a-f]{{8}})\.csv"
    )


def _safe_stem(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", path.stem) or "events"


def _terminated(text: str, lineterminator: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + lineterminator


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
