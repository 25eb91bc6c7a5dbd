"""Saving events.csv so nothing is lost: the save and restore that tie revision, changes, backups and audit together.

A save rewrites only the records it changes: every other record keeps its exact original text (quoting,
line ends, encoding), so a no-change save leaves the file byte-identical and a one-cell edit is a one-line
diff. Every save checks, under an exclusive lock, that the file is still the version the editor loaded.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from influence.contract import settings
from influence.edit import access, atomicfile
from influence.edit.changes import Changes, diff, rendition
from influence.edit.eventsfile import ID, Revision, revision_of_bytes, successor
from influence.edit.history import backups, journal, retention
from influence.edit.history.audit import AuditEntry, append_entry, audit_entries, format_time
from influence.edit.history.backups import backup_folder, list_backups
from influence.load import csvfile, eventslink
from influence.load.identity import content_hash
from influence.runtime import failures, serverlog

# A save that deletes more rows than this needs confirm_deletions=True.
DELETE_LIMIT_ROWS = 5
DELETE_LIMIT_FRACTION = 0.10


@dataclass(frozen=True)
class Saved:
    """A save that succeeded (or had nothing to write when `written` is False)."""

    written: bool
    revision: Revision
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


def needs_confirmation(revision: Revision, changes: Changes) -> bool:
    """True when the save deletes more rows than DELETE_LIMIT_ROWS or DELETE_LIMIT_FRACTION of them."""
    count, total = len(changes.deleted), max(len(revision.rows()), 1)
    return count > DELETE_LIMIT_ROWS or (count > 1 and count > DELETE_LIMIT_FRACTION * total)


def save(
    revision: Revision,
    changes: Changes,
    *,
    editor: access.Editor,
    confirm_deletions: bool = False,
    action: str = "save",
) -> Saved | Conflict | Refused:
    """Write `changes` atomically if the file is still `revision`, keeping a backup and an audit line."""
    reason = access.check(editor)
    if reason:
        return Refused(reason)
    if changes.problems:
        return Refused("Cannot save: " + "; ".join(changes.problems))
    refusal = _deletion_refusal(revision, changes, confirm_deletions)
    if refusal:
        return refusal
    if changes.empty:
        return Saved(False, revision)
    try:
        data, table = rendition(revision, changes)
    except UnicodeEncodeError as error:
        return Refused(
            f"The text {error.object[error.start : error.end]!r} cannot be written in the file's encoding "
            f"({revision.table.encoding}); save the file as UTF-8 first."
        )
    return _guarded_commit(revision, data, changes, editor, action, table)


def restore(
    revision: Revision, backup_name: str, *, editor: access.Editor, confirm_deletions: bool = False
) -> Saved | Conflict | Refused:
    """Make an earlier version current again, byte for byte, as an audited save."""
    reason = access.check(editor)
    if reason:
        return Refused(reason)
    names = {backup.name for backup in list_backups(revision.path)}
    if backup_name not in names:
        return Refused(f"There is no backup called {backup_name!r}.")
    data = (backup_folder(revision.path) / backup_name).read_bytes()
    try:
        # a file whose header lost its id column has no rows to key by: the audit line then says only
        # which version replaced which (its added ids would be rows with no id: a KeyError reached the page)
        changes = (
            diff(revision, revision_of_bytes(revision.path, data).rows())
            if ID in revision.columns
            else Changes()
        )
    except csvfile.DecodeError:
        changes = Changes()
    changes = Changes(changes.added, changes.changed, changes.deleted)  # restoring repairs, never blocks
    refusal = _deletion_refusal(revision, changes, confirm_deletions)
    if refusal:
        return refusal
    if data == revision.data:
        return Saved(False, revision)
    return _guarded_commit(revision, data, changes, editor, "restore")


def _guarded_commit(
    revision: Revision,
    data: bytes,
    changes: Changes,
    editor: access.Editor,
    action: str,
    table: csvfile.Table | None = None,
) -> Saved | Conflict | Refused:
    try:
        return _commit(revision, data, changes, editor, action, table)
    except OSError as failure:  # a full disk, a read-only folder: nothing is half-written (see atomicfile)
        serverlog.logger().error("%s of %s by %s failed: %r", action, revision.path, editor.name, failure)
        return Refused(failures.describe(failure))


def _commit(
    revision: Revision,
    data: bytes,
    changes: Changes,
    editor: access.Editor,
    action: str,
    table: csvfile.Table | None,
) -> Saved | Conflict:
    path = revision.path
    with atomicfile.locked(path):
        journal.reconcile(path)  # a save killed after its rename gets its audit line before anything else
        current = eventslink.read_bytes(path) if eventslink.exists(path) else b""
        current_sha256, after = content_hash(current), content_hash(data)
        if current_sha256 != revision.sha256:
            return _conflict(path, current)
        atomicfile.remove_temporaries(path.parent, path.name)
        backups.remove_temporaries(path)
        backup = backups.keep_backup(path, current, current_sha256) if current else None
        entry = AuditEntry(
            time=format_time(datetime.now(UTC)),
            user=editor.name,
            method=editor.method,
            action=action,
            file=path.name,
            sha256_before=revision.sha256,
            sha256_after=after,
            added=tuple(row[ID] for row in changes.added),
            deleted=changes.deleted,
            changed={c.id: {f.field: (f.old, f.new) for f in c.fields} for c in changes.changed},
            backup=backup,
        )
        try:  # the intent before the rename: a crash from here on is reconciled (see journal)
            journal.announce(path, entry)
            atomicfile.write_atomic(path, data)
        except OSError:
            _drop_unneeded_backup(path, backup, current_sha256)
            raise
        append_entry(path, entry)
        _prune(path, {backup: current_sha256} if backup else {})
    # the table the rendition assembled is what reading `data` gives: the file is not parsed again
    saved = (
        successor(revision, data, after, table) if table is not None else revision_of_bytes(path, data, after)
    )
    return Saved(True, saved, entry, backup)


def _drop_unneeded_backup(path: Path, backup: str | None, sha256: str) -> None:
    # a save that failed before its rename (a full disk) leaves the events file as it was: the backup it
    # made is then a copy no audit line names, or a second name for the live file, which would make the
    # next save copy 23 MB instead of linking. It goes only while the events file still holds its bytes.
    if backup is None:
        return
    with contextlib.suppress(OSError):
        if content_hash(eventslink.read_bytes(path)) == sha256:
            (backup_folder(path) / backup).unlink()


def _prune(path: Path, known: dict[str, str]) -> None:
    # the save is done and audited: a failure to tidy old backups is the operator's to see, not the editor's
    try:
        retention.prune(path, known=known)
    except (OSError, settings.SettingsError) as failure:
        serverlog.logger().error("backups of %s not pruned: %r", path, failure)


def _deletion_refusal(revision: Revision, changes: Changes, confirm: bool) -> Refused | None:
    if not needs_confirmation(revision, changes) or confirm:
        return None
    return Refused(
        f"This deletes {len(changes.deleted)} rows ({', '.join(changes.deleted[:10])}"
        f"{', …' if len(changes.deleted) > 10 else ''}): confirm the deletion to save.",
        needs_confirmation=True,
    )


def _conflict(path: Path, current: bytes) -> Conflict:
    current_hash = content_hash(current)
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
    moment = datetime.fromtimestamp(path.stat().st_mtime, UTC) if path.exists() else datetime.now(UTC)
    when = format_time(moment)
    what = "changed outside the app" if current else "deleted or emptied outside the app"
    return Conflict(
        f"{path.name} was {what} at {when} after you loaded it. Reload, or merge your changes on top of it.",
        None,
        when,
        current_hash,
    )
