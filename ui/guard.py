"""No traceback reaches a visitor: a page that fails says so in plain words; the details go to the server log."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

import streamlit as st

from influence.runtime import failures, serverlog
from ui import markup


def protect(page: Callable[[], None]) -> Callable[[], None]:
    """`page`, drawing a plain message instead of a traceback when it raises (st.rerun and st.stop pass)."""

    @functools.wraps(page)
    def guarded() -> None:
        try:
            page()
        except Exception as failure:  # Streamlit's rerun and stop are BaseExceptions and pass through
            show(failure)

    return guarded


def show(failure: BaseException) -> None:
    """Log `failure` with its traceback under a short reference, and show the visitor plain words."""
    reference = uuid.uuid4().hex[:8]
    serverlog.logger().error("page failed (reference %s)", reference, exc_info=failure)
    st.error(f"{markup.literal(failures.describe(failure))} (reference {reference})", icon=":material/error:")
