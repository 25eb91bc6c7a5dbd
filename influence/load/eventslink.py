"""Reading the events file without following a symbolic link out of its folder.

An events.csv that is a link to /etc/passwd was listed in full to anonymous visitors. A link to another
file in the same folder (or below it) is still followed; one that leads anywhere else is refused, the
visitor is told in plain words and the operator, in the server log, where it points.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class LinkRefusedError(OSError):
    """The events file is a symbolic link leading out of its folder."""


def outside_target(path: str | Path) -> Path | None:
    """Where `path` really leads when that is outside its own folder (None when it stays inside)."""
    path = Path(path)
    folder = Path(os.path.realpath(path.parent))
    target = Path(os.path.realpath(path))
    return None if target.is_relative_to(folder) else target


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; LinkRefusedError when it is a link out of its folder (FileNotFoundError when missing)."""
    path = Path(path)
    target = outside_target(path)
    if target is not None:
        raise LinkRefusedError(
            errno.ELOOP, "the events file is a link to a file outside its folder", str(path)
        )
    # O_NOFOLLOW on the resolved name: a link swapped in after the check is refused, not followed
    descriptor = os.open(os.path.realpath(path), os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def exists(path: str | Path) -> bool:
    """True when `path` names something (a dangling or refused link counts: reading it says why)."""
    return os.path.lexists(path)
