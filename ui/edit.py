"""The editor's page: read-only for everyone, editable after an editor login (see README, Editing)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from influence import access, csvtext, events, eventslink, failures, serverlog, store
from ui import edit_history, edit_import, edit_login, edit_place, edit_state, edit_table, markup


def render() -> None:
    """Draw the edit page."""
    st.title("Edit events")
    path = events.events_path()
    config = edit_login.configuration()
    editor = edit_login.current_editor(config)
    try:
        snapshot = edit_state.snapshot(path) if editor else store.read_snapshot(path)
    except csvtext.DecodeError as failure:
        st.error(f"{markup.literal(path.name)} cannot be edited here: {markup.literal(failure)}")
        return
    except OSError as failure:
        serverlog.logger().error("the Edit page cannot read %s: %r", path, failure)
        st.error(f"{markup.literal(path.name)} cannot be read: {markup.literal(failures.describe(failure))}")
        return
    if editor is None:
        if not config.enabled:
            st.info(access.HOW_TO_ENABLE)
        st.caption(f"{markup.literal(path.name)}: {len(snapshot.rows())} rows, read-only.")
        st.dataframe(
            pd.DataFrame(snapshot.rows(), columns=list(snapshot.columns)), hide_index=True, key="edit_view"
        )
        return
    _outcome()
    _stale_notice(snapshot)
    table, imports, history, log = st.tabs(["Table", "Import", "Backups", "Audit log"])
    with table:
        rows = edit_table.render(snapshot, editor)
        edit_place.render(snapshot, rows)
    with imports:
        edit_import.render(snapshot, editor, store.diff(snapshot, rows))
    with history:
        edit_history.backups(snapshot, editor)
    with log:
        edit_history.audit(snapshot)


def _outcome() -> None:
    outcome = st.session_state.pop(edit_state.OUTCOME, None)
    if outcome:
        st.success(outcome[1])


def _stale_notice(snapshot: store.Snapshot) -> None:
    # Saving would be refused anyway; saying so early spares the editor work on an old version.
    try:
        current = eventslink.read_bytes(snapshot.path)
    except OSError:
        current = b""
    if current != snapshot.data and edit_state.CONFLICT not in st.session_state:
        st.warning(
            f"{markup.literal(snapshot.path.name)} changed since you loaded it. Save will offer to merge your edits; "
            "or discard your edits to load the new version."
        )
