"""The editor's session: the revision it loaded, the working rows under the table, and the last outcome.

st.data_editor loses edits when the data handed to it changes between reruns (streamlit issue 7749),
so the table is always given the same base rows and its edits are read from its keyed state. A change
made by a button (a geocoded place, a map click) folds the edits into new base rows and starts a new
table generation, i.e. a new widget key.

The table shows one page of PAGE_ROWS rows at a time (100,000 rows in one editor took 9 s a rerun); turning
the page folds that page's edits into the base rows first, so no edit is lost. Rows nobody edited stay the
revision's own dicts, which is how the checks and the diff skip them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from influence.edit import preview, store
from influence.geo import gazetteer

REVISION = "edit_revision"
BASE = "edit_base_rows"
GENERATION = "edit_generation"
SHOWN = "edit_page_shown"  # the page whose editor the last run drew (its state holds that page's edits)
PAGE_ROWS = 500
OUTCOME = "edit_outcome"  # (kind, message) shown once after a rerun
CONFLICT = "edit_conflict"


def read(path: Path) -> store.Revision:
    """The events file as it is now, parsed once per version for every session (0.6 s at 100,000 rows)."""
    return glance(path).revision()


def glance(path: Path) -> preview.Preview:
    """The events file as it is now for a visitor's page: counted and paged without parsing it all."""
    try:
        stat = path.stat()
    except OSError:
        return preview.read(path)  # says why in plain words (or reads as empty when missing)
    return _glance_cached(str(path), stat.st_mtime_ns, stat.st_size)


@st.cache_resource(max_entries=2, show_spinner=False)
def _glance_cached(path: str, mtime_ns: int, size: int) -> preview.Preview:
    # shared by sessions: a version is never changed, its full parse is built once (and shared) on request,
    # and its rows are handed out as copies of the list
    return preview.read(path)


_PREPARED: dict[str, threading.Thread] = {}  # by content hash: the versions prepared (the last few)
_PREPARED_LOCK = threading.Lock()


def prepare(version: preview.Preview) -> None:
    """Build what an editor's first run needs in the background, once per version (call after drawing)."""
    # the full parse (0.6 s at 100,000 rows) and the rows and ids (0.4 s), the gazetteer's index (0.25 s,
    # once per server: the first row is located on an editor's first view) and Streamlit's emoji table
    # (0.3 s, once per server: imported at the first alert), built while the visitor who opened the page
    # reads it, not while a login waits; an editor who comes sooner waits for what is under way. Started
    # after the page is drawn, so the thread does not share the interpreter with that drawing.
    with _PREPARED_LOCK:
        if version.sha256 in _PREPARED:
            return
        thread = threading.Thread(target=_prepare, args=(version,), name="edit-prepare", daemon=True)
        _PREPARED[version.sha256] = thread
        while len(_PREPARED) > 4:
            _PREPARED.pop(next(iter(_PREPARED)))
    thread.start()


def _prepare(version: preview.Preview) -> None:
    revision = version.revision()
    revision.prepare()
    rows = revision.rows_between(0, 1)
    gazetteer.geocode(rows[0].get("place", "").strip() if rows else "")
    importlib.import_module("streamlit.emojis")


def revision(path: Path) -> store.Revision:
    """The revision this session edits (read from disk the first time)."""
    if REVISION not in st.session_state or st.session_state[REVISION].path != path:
        load(read(path))
    return st.session_state[REVISION]


def load(fresh: store.Revision) -> None:
    """Start editing `fresh`: new base rows, a new table, no conflict."""
    st.session_state[REVISION] = fresh
    st.session_state[BASE] = fresh.rows()
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state.pop(CONFLICT, None)
    last = max(1, -(-len(st.session_state[BASE]) // PAGE_ROWS))
    st.session_state[SHOWN] = min(shown_page(), last)  # fewer rows than before: stay on a page that exists


def table_key(page: int | None = None) -> str:
    """The key of the current table generation, for `page` (default: the page shown)."""
    page = page or shown_page()
    suffix = f"_p{page}" if page > 1 else ""
    return f"edit_table_{st.session_state.get(GENERATION, 0)}{suffix}"


def shown_page() -> int:
    """The page of the table drawn now (1-based)."""
    return int(st.session_state.get(SHOWN, 1))


def page_span(page: int) -> tuple[int, int]:
    """The positions [start, end) of the base rows on `page`."""
    start = (page - 1) * PAGE_ROWS
    return start, start + PAGE_ROWS


def page_key() -> str:
    """The key of the page number widget (one per table generation, so it starts at the page shown)."""
    return f"edit_page_{st.session_state.get(GENERATION, 0)}"


def turn_page(key: str) -> None:
    """Keep the shown page's edits in the base rows, then show the page the editor chose (a callback)."""
    chosen = int(st.session_state.get(key, 1))
    replace_rows(current_rows(st.session_state[REVISION].columns))
    st.session_state[SHOWN] = chosen


def current_rows(columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows as the editor sees them now: base rows with the shown page's edits applied."""
    base = st.session_state.get(BASE, [])
    start, end = page_span(shown_page())
    state = st.session_state.get(table_key()) or {}
    if not state:
        return list(base)
    edited = rows_from_state(base[start:end], state, columns)
    kept = len(base[start:end]) - len(set(state.get("deleted_rows") or ()))
    return [*base[:start], *edited[:kept], *base[end:], *edited[kept:]]


def replace_rows(rows: list[dict[str, str]]) -> None:
    """Make `rows` (edits included) the new base of a fresh table."""
    st.session_state[BASE] = rows
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def set_cells(position: int, cells: Mapping[str, str], columns: Sequence[str]) -> None:
    """Change cells of the row at `position`, keeping every pending edit (a button callback)."""
    rows = current_rows(columns)
    rows[position] = rows[position] | dict(cells)
    replace_rows(rows)


def rows_from_state(
    base: Sequence[Mapping[str, str]], state: Mapping[str, object], columns: Sequence[str]
) -> list[dict[str, str]]:
    """Apply a data_editor state (edited_rows, added_rows, deleted_rows) to base rows, as plain text."""
    edited = {int(k): v for k, v in dict(state.get("edited_rows") or {}).items()}
    deleted = {int(i) for i in state.get("deleted_rows") or ()}
    # an untouched row stays the same dict (no copy): the checks and the diff skip it by identity
    rows = [
        {c: _text(value) for c, value in (dict(row) | edited[position]).items()}
        if position in edited
        else row
        for position, row in enumerate(base)
        if position not in deleted
    ]
    added = [{c: _text(dict(row).get(c)) for c in columns} for row in state.get("added_rows") or ()]
    return rows + added


def _text(value: object) -> str:
    # the browser sends None for a cleared cell and numbers for numeric-looking text
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
