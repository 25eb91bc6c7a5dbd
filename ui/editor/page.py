"""The editor's page: read-only for everyone, editable after an editor login (see README, Editing)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from influence.edit import access, preview, store
from influence.load import csvfile, eventslink
from influence.load.dataset import events_path
from influence.runtime import failures, serverlog
from ui import markup
from ui.editor import history, login, place, state, table, upload

STALE = "edit_stale"  # (revision hash, file time, file size) -> whether the file changed since loaded


def render() -> None:
    """Draw the edit page."""
    st.title("Edit events")
    path = events_path()
    config = login.configuration()
    editor = login.current_editor(config)
    try:
        version: store.Revision | preview.Preview = state.revision(path) if editor else state.glance(path)
    except csvfile.DecodeError as failure:
        st.error(f"{markup.literal(path.name)} cannot be edited here: {markup.literal(failure)}")
        return
    except OSError as failure:
        serverlog.logger().error("the Edit page cannot read %s: %r", path, failure)
        st.error(f"{markup.literal(path.name)} cannot be read: {markup.literal(failures.describe(failure))}")
        return
    if not isinstance(version, store.Revision):  # a visitor: the version is a Preview
        if not config.enabled:
            st.info(access.HOW_TO_ENABLE)
        _read_only_table(version, path)
        state.prepare(version)  # for an editor's login, while this visitor reads the page
        return
    revision = version  # an editor's session: the version it edits, parsed in full
    _outcome()
    _stale_notice(revision)
    table_tab, import_tab, backups_tab, log_tab = st.tabs(["Table", "Import", "Backups", "Audit log"])
    with table_tab:
        rows, pending = table.render(revision, editor)
        place.render(revision, rows)
    with import_tab:
        upload.render(revision, editor, pending)
    with backups_tab:
        history.backups(revision, editor)
    with log_tab:
        history.audit(revision)
    table.check_in_background(revision)


def _outcome() -> None:
    outcome = st.session_state.pop(state.OUTCOME, None)
    if outcome:
        st.success(outcome[1])


def _read_only_table(version: preview.Preview, path: Path) -> None:
    count = version.count()
    pages = max(1, -(-count // state.PAGE_ROWS))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages:,})", 1, pages, 1, key="edit_view_page"))
    start, end = state.page_span(page)
    st.caption(
        f"{markup.literal(path.name)}: {count:,} rows, read-only"
        + (f"; rows {start + 1:,}–{min(end, count):,} shown." if pages > 1 else ".")
    )
    page_rows = version.rows_between(start, end)
    st.dataframe(pd.DataFrame(page_rows, columns=list(version.columns)), hide_index=True, key="edit_view")


def _stale_notice(revision: store.Revision) -> None:
    # Saving would be refused anyway; saying so early spares the editor work on an old version. The file is
    # read again only when its size or time changed (reading 25 MB on every rerun cost 30 ms).
    try:
        stat = os.stat(revision.path)
        mark = (revision.sha256, stat.st_mtime_ns, stat.st_size)
    except OSError:
        mark = (revision.sha256, None, None)
    known = st.session_state.get(STALE)
    if known is None or known[0] != mark:
        try:
            current = eventslink.read_bytes(revision.path)
        except OSError:
            current = b""
        known = st.session_state[STALE] = (mark, current != revision.data)
    if known[1] and state.CONFLICT not in st.session_state:
        st.warning(
            f"{markup.literal(revision.path.name)} changed since you loaded it. Save will offer to merge your edits; "
            "or discard your edits to load the new version."
        )
