"""What went wrong, in plain words a visitor may read: no paths, no error numbers, no code (those go to the log)."""

from __future__ import annotations

import errno

from influence.contract.vocabulary import VocabularyError

DISK_FULL = (
    "The server's disk is full: nothing was saved and your edits are kept. Ask the operator to free some "
    "space, then save again."
)
_BY_ERRNO = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EACCES: "The server is not allowed to read or write a file it needs (permission denied).",
    errno.EPERM: "The server is not allowed to read or write a file it needs (permission denied).",
    errno.EISDIR: "A file the app needs is a folder on the server, not a file.",
    errno.ENOENT: "A file the app needs does not exist on the server.",
    errno.EROFS: "The server's disk is read-only: nothing was saved and your edits are kept.",
    errno.ELOOP: "The events file is a link to a file outside its folder, which the server refuses to read.",
}
GENERIC = (
    "Something went wrong on the server. Nothing you had is lost; the operator can find the details in the "
    "server log."
)


def describe(failure: BaseException) -> str:
    """A failure as one or two plain sentences for the page (the details belong in the server log)."""
    if isinstance(failure, VocabularyError):
        return f"The vocabulary file has an error, so the map cannot be drawn: {failure}"
    if isinstance(failure, OSError) and failure.errno in _BY_ERRNO:
        return _BY_ERRNO[failure.errno]
    if isinstance(failure, OSError):
        return "The server could not read or write a file it needs."
    return GENERIC
