"""The names the Edit page, the importer, the command line and their tests use for saving events.csv, in one import.

This module only gathers them: the save and restore live in saving, the file as loaded in eventsfile, what a
save changes in changes, the history (backups, audit log) in history/.
"""

from __future__ import annotations

from influence.edit.changes import Changes, FieldChange, MergeConflict, RowChange, diff, rebase, render
from influence.edit.eventsfile import ID, Revision, read_revision, revision_of_bytes
from influence.edit.history.audit import AuditEntry, audit_entries, audit_path
from influence.edit.history.backups import backup_folder, list_backups
from influence.edit.saving import (
    DELETE_LIMIT_FRACTION,
    DELETE_LIMIT_ROWS,
    Conflict,
    Refused,
    Saved,
    needs_confirmation,
    restore,
    save,
)
from influence.load.identity import content_hash

__all__ = [
    "DELETE_LIMIT_FRACTION",
    "DELETE_LIMIT_ROWS",
    "ID",
    "AuditEntry",
    "Changes",
    "Conflict",
    "FieldChange",
    "MergeConflict",
    "Refused",
    "Revision",
    "RowChange",
    "Saved",
    "audit_entries",
    "audit_path",
    "backup_folder",
    "content_hash",
    "diff",
    "list_backups",
    "needs_confirmation",
    "read_revision",
    "rebase",
    "render",
    "restore",
    "revision_of_bytes",
    "save",
]
