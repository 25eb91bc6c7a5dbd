"""Intent lines in the audit log: a save announces itself before its rename, so no version goes unaudited.

A save writes, in this order: an intent line holding its whole audit entry, the new file (atomic rename),
then the entry itself. A crash between the rename and the entry leaves an intent whose after-hash is the
file on disk: `reconcile` (run under the save lock, at start-up and before every save) appends the entry
then. An intent whose rename never happened is marked abandoned. So after a crash at any moment the events
file is either the version before the save, or the new version with its audit line.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from influence.edit import atomicfile
from influence.edit.history.audit import AuditEntry, append_entry, append_line, audit_path, entry_from_json
from influence.load import eventslink
from influence.load.identity import content_hash
from influence.runtime import serverlog

INTENT = "intent"
ABANDONED = "abandoned"


def announce(path: Path, entry: AuditEntry) -> None:
    """Durably record, before the rename, the audit entry the save is about to make true."""
    append_line(path, {INTENT: asdict(entry)})


def reconcile(path: str | Path) -> AuditEntry | None:
    """Resolve the last unfinished save (hold the save lock): the entry appended when its version is on disk."""
    path = Path(path)
    pending = _unresolved_intent(path)
    if pending is None:
        return None
    current = eventslink.read_bytes(path) if eventslink.exists(path) else b""
    if content_hash(current) == pending.sha256_after:
        append_entry(path, pending)
        serverlog.logger().warning(
            "audit: completed the entry of an interrupted %s by %s at %s",
            pending.action,
            pending.user,
            pending.time,
        )
        return pending
    append_line(path, {ABANDONED: {"time": pending.time, "sha256_after": pending.sha256_after}})
    return None


def _unresolved_intent(path: Path) -> AuditEntry | None:
    log = audit_path(path)
    if not log.exists():
        return None
    intent: AuditEntry | None = None
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a line torn by a crash
        if not isinstance(item, dict):
            continue
        if INTENT in item:
            intent = _entry(item[INTENT])
            if intent is not None and intent.file != path.name:
                intent = None
        elif intent is not None and _resolves(item, intent):
            intent = None
    return intent


def _resolves(item: dict, intent: AuditEntry) -> bool:
    if ABANDONED in item:
        marker = item[ABANDONED]
        return isinstance(marker, dict) and marker.get("sha256_after") == intent.sha256_after
    entry = _entry(item)
    return entry == intent


def _entry(item: object) -> AuditEntry | None:
    try:
        return entry_from_json(item)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def recover(path: str | Path) -> AuditEntry | None:
    """At start-up: take the save lock and reconcile the last unfinished save of the events file."""
    path = Path(path)
    if not audit_path(path).exists():
        return None
    with atomicfile.locked(path):
        return reconcile(path)
