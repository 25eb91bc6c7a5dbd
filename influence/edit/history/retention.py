"""Which backups a save leaves behind: bounded history by a declared policy, never the last copy still needed."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from influence.contract import settings
from influence.contract.settings import Retention
from influence.edit.atomicfile import fsync_folder
from influence.edit.history.audit import AuditEntry, audit_entries
from influence.edit.history.backups import Backup, backup_folder, list_backups
from influence.load.identity import content_hash
from influence.runtime import serverlog


def prune(
    path: Path,
    policy: Retention | None = None,
    now: datetime | None = None,
    known: Mapping[str, str] | None = None,
) -> list[str]:
    """Delete the backups of the events file at `path` the policy lets go (call under the save lock);
    `known` gives the full sha256 of backups the caller just wrote, by name, so they are not read again."""
    policy = policy or settings.load().backups
    kept = list_backups(path)
    folder = backup_folder(path)
    hashes = _LazyHashes(folder, kept, known or {})
    names = doomed(kept, hashes, audit_entries(path), policy, now or datetime.now(UTC))
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if names:
        fsync_folder(folder)
        serverlog.logger().info(
            "backups: %d deleted by the retention policy, %d kept", len(names), len(kept) - len(names)
        )
    return names


def doomed(
    backups: Sequence[Backup],
    hashes: Mapping[str, str],
    entries: Sequence[AuditEntry],
    policy: Retention,
    now: datetime,
) -> list[str]:
    """Names of the backups the policy deletes; `hashes` gives each backup's full sha256 by name."""
    newest_first = sorted(backups, key=lambda backup: backup.name, reverse=True)
    cutoff = now.astimezone(UTC) - timedelta(days=policy.keep_daily_days)
    keep = [backup.name for backup in newest_first[: policy.keep_last]]
    days: set[str] = set()
    for backup in newest_first:
        day = backup.time[:10]
        if _moment(backup.time) >= cutoff and day not in days:
            days.add(day)
            keep.append(backup.name)
    # the saves the audit log lists in the same window: the version each replaced keeps one copy
    window = [*entries[-policy.keep_last :], *(e for e in entries if _moment(e.time) >= cutoff)]
    needed = {entry.sha256_before for entry in window}
    for backup in newest_first:
        # a backup's name carries its hash's first 8 digits: only a match needs reading the file
        if any(version.startswith(backup.sha256_prefix) for version in needed):
            version = hashes.get(backup.name)
            if version in needed:
                keep.append(backup.name)
                needed.discard(version)  # the newest copy is enough
    # a second copy of the same bytes is never the only one: keep the newest copy of each version kept
    prefixes = [backup.sha256_prefix for backup in newest_first if backup.name in keep]
    survivors: dict[str, str] = {}
    for backup in newest_first:
        if backup.name in keep:
            same_prefix = prefixes.count(backup.sha256_prefix) > 1
            version = hashes.get(backup.name, backup.name) if same_prefix else backup.sha256_prefix
            survivors.setdefault(version, backup.name)
    kept = set(survivors.values())
    return [backup.name for backup in newest_first if backup.name not in kept]


class _LazyHashes(Mapping[str, str]):
    """Each backup's full sha256, read only when asked: a backup is read only if its name's hash prefix
    matches a version still needed or another backup's (reading 20 copies of 25 MB on every save cost 1 s)."""

    def __init__(self, folder: Path, backups: Sequence[Backup], known: Mapping[str, str]) -> None:
        self._folder = folder
        self._prefixes = {backup.name: backup.sha256_prefix for backup in backups}
        self._known: dict[str, str] = {name: known[name] for name in known if name in self._prefixes}

    def prefix(self, name: str) -> str:
        return self._prefixes[name]

    def __getitem__(self, name: str) -> str:
        if name not in self._known:
            self._known[name] = content_hash((self._folder / name).read_bytes())
        return self._known[name]

    def __iter__(self):
        return iter(self._prefixes)

    def __len__(self) -> int:
        return len(self._prefixes)


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
