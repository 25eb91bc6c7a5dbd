"""The editor's page: read-only for everyone, editable after an editor login (see README, Editing)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from influence.edit import access, store
from influence.load import csvfile, eventslink
from influence.load.dataset import events_path
from influence.runtime import failures, serverlog
from ui import markup
from ui.editor import history, login, place, state, table, upload


def render() -> None:
    """Draw the edit page."""
    st.title("Edit events")
    path = events_path()
    config = login.configuration()
    editor = login.current_editor(config)
    try:
        revision = state.revision(path) if editor else store.read_revision(path)
    except csvfile.DecodeError as failure:
        st.error(f"{markup.literal(path.name)} cannot be edited here: {markup.literal(failure)}")
        return
    except OSError as failure:
        serverlog.logger().error("the Edit page cannot read %s: %r", path, failure)
        st.error(f"{markup.literal(path.name)} cannot be read: {markup.literal(failures.describe(failure))}")
        return
    if editor is None:
        if not config.enabled:
            st.info(access.HOW_TO_ENABLE)
        st.caption(f"{markup.literal(path.name)}: {len(revision.rows())} rows, read-only.")
        st.dataframe(
            pd.DataFrame(revision.rows(), columns=list(revision.columns)), hide_index=True, key="edit_view"
        )
        return
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


def _outcome() -> None:
    outcome = st.session_state.pop(state.OUTCOME, None)
    if outcome:
        st.success(outcome[1])


def _stale_notice(revision: store.Revision) -> None:
    # Saving would be refused anyway; saying so early spares the editor work on an old version.
    try:
        current = eventslink.read_bytes(revision.path)
    except OSError:
        current = b""
    if current != revision.data and state.CONFLICT not in st.session_state:
        st.warning(
            f"{markup.literal(revision.path.name)} changed since you loaded it. Save will offer to merge your edits; "
            "or discard your edits to load the new version."
        )
