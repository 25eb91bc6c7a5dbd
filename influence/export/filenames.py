"""Safe file names for exports, built by the program from a fixed alphabet and never from raw user text."""

from __future__ import annotations

import re
from datetime import date

from influence.view.query import Filters

PREFIX = "syria-influence"
# Names are built only from this alphabet so that no title, search text or sponsor alias
# can smuggle a path separator, a control character or a shell metacharacter into a download.
SAFE_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")
EXTENSIONS = frozenset({"png", "pdf", "html", "csv", "geojson", "json", "gif", "mp4"})
_HEX = re.compile(r"[^0-9a-f]")


def export_name(filters: Filters, version: str, extension: str, kind: str = "") -> str:
    """`syria-influence[-kind]_<start>_<end>_<version>.<extension>`; unknown extensions are refused."""
    if extension not in EXTENSIONS:
        raise ValueError(f"unknown export extension {extension!r}; known: {', '.join(sorted(EXTENSIONS))}")
    if kind not in ("", "events", "view", "playback-week", "playback-month"):
        raise ValueError(f"unknown export kind {kind!r}")
    stem = f"{PREFIX}-{kind}" if kind else PREFIX
    # the version is a hex content hash; anything else (e.g. "none" for a missing file) becomes "unversioned"
    version_part = _HEX.sub("", version.lower())[:12] or "unversioned"
    name = f"{stem}_{_day(filters.start, 'start')}_{_day(filters.end, 'end')}_{version_part}.{extension}"
    assert set(name) <= SAFE_ALPHABET, (
        name
    )  # built from safe parts only; a failure here is a programming error
    return name


def _day(value: date | None, open_end: str) -> str:
    return value.isoformat() if value is not None else open_end
