"""Kept earlier versions of the events file: where they live, how they are named, and which exist."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from influence.edit import atomicfile
from influence.edit.history.audit import format_time
from influence.load.identity import content_hash

BACKUP_FOLDER = "backups"  # next to the events file, unless $EVENTS_BACKUP_DIR names another folder
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"  # sorts by name in time order, to the microsecond


@dataclass(frozen=True)
class Backup:
    """One kept earlier version of the events file."""

    name: str
    time: str
    sha256_prefix: str
    size: int


def backup_folder(path: str | Path) -> Path:
    """Where backups of an events file are kept ($EVENTS_BACKUP_DIR, else backups/ next to it)."""
    configured = os.environ.get("EVENTS_BACKUP_DIR")
    return Path(configured) if configured else Path(path).parent / BACKUP_FOLDER


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
            stamp = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
            found.append(Backup(entry.name, format_time(stamp), match["hash"], entry.stat().st_size))
    return sorted(found, key=lambda backup: backup.name, reverse=True)


def keep_backup(path: Path, data: bytes, sha256: str | None = None) -> str:
    """Keep `data` (the version a save replaces, read from `path` under the save lock) as a new backup and
    return its name: a second name for the file on disk when it holds exactly `data`, else a written copy."""
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    name = f"{_safe_stem(path)}.{stamp}.{(sha256 or content_hash(data))[:8]}.csv"
    if not _linked(path, folder / name, data):
        atomicfile.write_atomic(folder / name, data)
    return name


def _linked(path: Path, backup: Path, data: bytes) -> bool:
    """Give the events file a second name, `backup`, when that keeps `data` as safely as a copy would."""
    # The version a save replaces is already on disk: a hard link keeps it without writing 23 MB and
    # fsyncing them again (at 100,000 rows 0.1-0.3 s of a save). The save's rename then gives the events
    # file a new inode, so nothing written through the events file's name reaches the backup. Only a lone
    # regular file is linked: a symbolic link's target, or a file with other names, stays writable under
    # those names after the save, and a write there would change the backup. Another folder's filesystem
    # (EXDEV) or a filesystem without hard links: the bytes are written as before.
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1 or status.st_size != len(data):
            return False
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        return False
    try:
        with open(backup, "rb") as handle:
            # the bytes read and hashed, not a version swapped in since: else a copy of what was read
            same = os.fstat(handle.fileno()).st_ino == status.st_ino and handle.read() == data
            if same:
                os.fsync(handle.fileno())  # written by another program maybe, not yet on disk
    except OSError:
        same = False
    if not same:
        with contextlib.suppress(OSError):
            backup.unlink()
        return False
    atomicfile.fsync_folder(backup.parent)  # the new name is durable before the old one is replaced
    return True


def remove_temporaries(path: Path) -> None:
    """Delete temporary files a crashed backup write of `path` left (call it under the save lock)."""
    atomicfile.remove_temporaries(backup_folder(path), _safe_stem(path))


def _backup_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(_safe_stem(path))}\.(?P<stamp>\d{{8}}T\d{{6}}\.\d{{6}}Z)\.(?P<hash>[0-9a-f]{{8}})\.csv"
    )


def _safe_stem(path: Path) -> str:
    # The stem starts every backup's file name: a safe alphabet keeps those names portable and parseable.
    return re.sub(r"[^A-Za-z0-9_-]", "_", path.stem) or "events"
