"""The append-only audit log next to the events file: one JSON line per save, import or restore."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from influence.edit.atomicfile import fsync_folder

AUDIT_NAME = "audit.jsonl"


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


def audit_path(path: str | Path) -> Path:
    """Where the audit log of an events file lives."""
    return Path(path).parent / AUDIT_NAME


def audit_entries(path: str | Path) -> list[AuditEntry]:
    """The audit log of the events file, oldest first (a line torn by a crash is skipped)."""
    path = Path(path)
    log = audit_path(path)
    if not log.exists():
        return []
    entries = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = entry_from_json(json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if entry.file == path.name:
            entries.append(entry)
    return entries


def append_entry(path: Path, entry: AuditEntry) -> None:
    """Add `entry` as one durable line to the audit log of the events file at `path`."""
    append_line(path, asdict(entry))


def append_line(path: Path, item: Mapping[str, object]) -> None:
    """Add `item` as one durable JSON line to the audit log of the events file at `path`."""
    line = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
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
        fsync_folder(log.parent)


def format_time(moment: datetime) -> str:
    """A moment as the audit log writes it: UTC to the second, '2025-01-31T12:00:00Z'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_from_json(item: dict) -> AuditEntry:
    """An audit entry from its JSON object (raises KeyError, TypeError or AttributeError on other shapes)."""
    # JSON has no tuples: turn lists back into the tuples an AuditEntry holds
    changed = {
        key: {name: tuple(pair) for name, pair in cells.items()} for key, cells in item["changed"].items()
    }
    return AuditEntry(
        **(item | {"added": tuple(item["added"]), "deleted": tuple(item["deleted"]), "changed": changed})
    )
