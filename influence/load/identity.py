"""A file's identity: the sha256 of its bytes; the data version shown and cached on is its short form."""

from __future__ import annotations

import hashlib

SHORT_LENGTH = 12  # hex digits: enough to tell versions apart on a page, in a file name, in a stamp


def content_hash(data: bytes) -> str:
    """The sha256 of `data` in hex: how saves tell one version of a file from another."""
    return hashlib.sha256(data).hexdigest()


def short(digest: str) -> str:
    """The data version naming one version of the events: the first digits of its content hash."""
    return digest[:SHORT_LENGTH]
