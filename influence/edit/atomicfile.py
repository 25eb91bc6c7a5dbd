"""Writing files so a crash never leaves a mix: atomic replace, fsync of file and folder, an exclusive lock."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that after a crash it holds the old or the new bytes, never a mix."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
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
    fsync_folder(path.parent)  # the rename itself is only durable once the folder is synced


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a new or renamed file) durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (through a lock file beside it) for the `with` block."""
    # flock is released by the kernel when the holder dies, so a crashed save never blocks the next one
    lock = path.parent / f".{path.name}.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_temporaries(folder: Path, prefix: str) -> None:
    """Delete write_atomic's temporary files in `folder` for names starting with `prefix`."""
    # Only safe under the lock: then any temporary file left is from a writer that crashed.
    for leftover in list(folder.glob(f".{glob.escape(prefix)}.*{TEMPORARY_SUFFIX}")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
