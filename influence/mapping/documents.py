"""Rendered live-map documents and the states sent to them, kept on disk next to the validated rows
(influence/load/stored.py), keyed on the data's content version and on a hash of the code, assets and
declarations that compose them, so a server restarted on an unchanged file sends the map without composing it
again (about 2 s at 100,000 events) nor computing its first state (the influence and flows layers' data, about
0.8 s). A missing, stale or unreadable entry is simply not used. An entry is the HTML or JSON the app would send
anyway, never code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import branca
import folium

from influence.load import stored

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
KEEP = 6  # documents kept; older ones are removed when a new one is written
KEEP_STATES = 64  # states kept (a few KB to a few hundred KB each)
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


def served() -> Path:
    """The folder holding only the documents, which the app serves to the browser by address (ui/explore/livemap.py):
    the parquet and state entries stay next to it, never in it."""
    return stored.folder() / "documents"


def stored_file(version: str, variant: str = "") -> Path | None:
    """The file holding the document of data `version` and `variant`, if there is one."""
    path = _path(version, variant)
    return path if path.is_file() else None


def read(version: str, variant: str = "") -> str | None:
    """The stored document of data `version` (and `variant`, e.g. a link's callouts), or None."""
    try:
        return _path(version, variant).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(version: str, variant: str, document: str) -> None:
    """Store `document` (atomically: a reader never sees half of one); failures are ignored."""
    _write(_path(version, variant), version, document, "livemap-*.html", KEEP)


def read_state(version: str, variant: str) -> dict | None:
    """The stored live state of data `version` for `variant` (what was asked: filters, layers, title...), or None."""
    try:
        kept = json.loads(_path(version, variant, "livestate", ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) else None


def write_state(version: str, variant: str, state: dict) -> None:
    """Store the live `state` of data `version` for `variant`; failures (and states JSON cannot hold) are ignored."""
    try:
        text = json.dumps(state, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return
    _write(_path(version, variant, "livestate", ".json"), version, text, "livestate-*.json", KEEP_STATES)


def _write(path: Path, version: str, text: str, pattern: str, keep: int) -> None:
    if version in ("none", "unreadable"):
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        _prune(path, pattern, keep)


def _path(version: str, variant: str, kind: str = "livemap", suffix: str = ".html") -> Path:
    folder = served() if kind == "livemap" else stored.folder()
    # stored.code_key: the same bytes validated by other code are other rows, so another document and state
    key = f"{version}\n{variant}\n{code_key()}\n{stored.code_key()}"
    name = hashlib.sha256(key.encode()).hexdigest()[:24]
    return folder / f"{kind}-{name}{suffix}"


def _prune(written: Path, pattern: str, keep: int) -> None:
    # the entry just written stays whatever the clock's resolution says about ties
    others = [path for path in written.parent.glob(pattern) if path != written]
    for path in sorted(others, key=lambda path: path.stat().st_mtime_ns, reverse=True)[keep - 1 :]:
        with contextlib.suppress(OSError):
            path.unlink()
