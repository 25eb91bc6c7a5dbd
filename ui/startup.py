"""Once per server process, before the first page: finish an interrupted save's audit, tell the operator."""

from __future__ import annotations

import streamlit as st

from influence.edit.history import journal
from influence.load import eventslink
from influence.load.dataset import events_path
from influence.runtime import serverlog
from ui.editor import login


def run() -> None:
    """The start-up checks of the events file named by $EVENTS_CSV (cached: once per process and path)."""
    _checked(str(events_path()))


@st.cache_resource(show_spinner=False)
def _checked(path: str) -> bool:
    outside = eventslink.outside_target(path)
    if outside is not None:
        serverlog.logger().warning(
            "start-up: the events file %s is a symbolic link to %s, outside its folder: it is refused",
            path,
            outside,
        )
    try:
        completed = journal.recover(path)
    except OSError as failure:  # unreadable or read-only folder: the pages say so in plain words
        serverlog.logger().error("start-up: cannot check the audit log of %s: %r", path, failure)
        completed = None
    if completed is not None:
        serverlog.logger().warning(
            "start-up: %s's interrupted save of %s is now audited", completed.user, path
        )
    login.configuration()  # malformed editor entries go to the server log now, not at the first login
    return True
