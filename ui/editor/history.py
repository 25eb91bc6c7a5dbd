"""Backups with restore, and the audit log, on the Edit page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from influence.contract import settings
from influence.edit import access, store
from ui.editor import table


def backups(revision: store.Revision, editor: access.Editor) -> None:
    """List kept versions, newest first, and restore one as an audited save."""
    kept = store.list_backups(revision.path)
    if not kept:
        st.caption("No backups yet: every save keeps the version it replaces.")
        return
    size = settings.load().backups.page_size
    pages = -(-len(kept) // size)
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", 1, pages, 1, key="edit_backups_page"))
    shown = kept[(page - 1) * size : page * size]
    st.caption(
        f"{len(kept)} backups, newest first; the oldest are deleted by the retention policy (settings.toml)."
    )
    st.dataframe(
        pd.DataFrame([{"saved over at": b.time, "name": b.name, "bytes": b.size} for b in shown]),
        hide_index=True,
        key="edit_backups",
    )
    name = st.selectbox("Backup to restore", [b.name for b in shown], key="edit_restore_name")
    confirm = st.checkbox("Restoring may delete rows added since: I confirm", key="edit_restore_confirm")
    if st.button("Restore this version", key="edit_restore"):
        result = store.restore(revision, name, editor=editor, confirm_deletions=confirm)
        table.finish(result, store.Changes())


def audit(revision: store.Revision) -> None:
    """The audit log of the events file, newest first."""
    entries = store.audit_entries(revision.path)
    if not entries:
        st.caption("No saves recorded yet.")
        return
    rows = [
        {
            "time": entry.time,
            "user": entry.user,
            "action": entry.action,
            "added": ", ".join(entry.added),
            "deleted": ", ".join(entry.deleted),
            "changed": "; ".join(
                f"{key}: " + ", ".join(f"{name} {old!r} → {new!r}" for name, (old, new) in cells.items())
                for key, cells in entry.changed.items()
            ),
            "sha256 after": entry.sha256_after[:12],
        }
        for entry in reversed(entries)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="edit_audit")
