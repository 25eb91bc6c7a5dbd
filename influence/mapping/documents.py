"""Rendered live-map documents kept on disk next to the validated rows (influence/load/stored.py), keyed on the
data's content version and on a hash of the code, assets and declarations that compose them, so a server
restarted on an unchanged file sends the map without composing it again (about 2 s at 100,000 events).
A missing, stale or unreadable entry is simply not used. An entry is the HTML text the app would send anyway.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import branca
import folium

from influence.load import stored

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
KEEP = 6  # entries kept; older documents are removed when a new one is written
# what a document depends on besides the events: the composition and its layers, the static assets it inlines,
# the declarations and geodata it draws, and the callouts a link adds
_SOURCES = (PACKAGE / "mapping", PACKAGE / "contract", PACKAGE / "geo", PACKAGE / "brief", ROOT / "layers")
_SUFFIXES = {".py", ".js", ".css", ".png", ".html"}


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of everything besides the events that shapes a document (computed once per process)."""
    digest = hashlib.sha256(f"folium {folium.__version__} branca {branca.__version__}".encode())
    files = sorted(path for base in _SOURCES for path in base.rglob("*") if path.suffix in _SUFFIXES)
    files += [ROOT / name for name in ("vocabulary.toml", "actors.toml", "settings.toml")]
    files += sorted((ROOT / "geodata").glob("*"))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def read(version: str, variant: str = "") -> str | None:
    """The stored document of data `version` (and `variant`, e.g. a link's callouts), or None."""
    try:
        return _path(version, variant).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(version: str, variant: str, document: str) -> None:
    """Store `document` (atomically: a reader never sees half of one); failures are ignored."""
    if version in ("none", "unreadable"):
        return
    path = _path(version, variant)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(document)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        _prune(path)


def _path(version: str, variant: str) -> Path:
    name = hashlib.sha256(f"{version}\n{variant}\n{code_key()}".encode()).hexdigest()[:24]
    return stored.folder() / f"livemap-{name}.html"


def _prune(written: Path) -> None:
    # the entry just written stays whatever the clock's resolution says about ties
    others = [path for path in written.parent.glob("livemap-*.html") if path != written]
    for path in sorted(others, key=lambda path: path.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
        with contextlib.suppress(OSError):
            path.unlink()
