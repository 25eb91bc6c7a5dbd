"""Validation problems of the events file: a badge with the count and an expander with every problem."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from influence.contract.problems import ERROR, Problem
from ui import markup


def badge(problems: Sequence[Problem]) -> None:
    """A warning badge with the number of problems (nothing when there are none)."""
    if problems:
        errors = sum(problem.severity == ERROR for problem in problems)
        st.badge(f"{len(problems)} problems ({errors} errors)", icon=":material/warning:", color="orange")


def render(problems: Sequence[Problem], file_name: str) -> None:
    """An expander listing every problem by file line and column; valid events stay on the map."""
    if not problems:
        return
    label = f"Problems in {markup.literal(file_name)} ({len(problems)})"
    expander = st.expander(label, icon=":material/warning:", key="problems", on_change="rerun")
    if not expander.open:
        return  # lazy: the list is built and sent only when the analyst opens it
    with expander:
        st.caption(
            "Rows with errors are left off the map; rows with warnings are shown. Fix them on the Edit page."
        )
        table = pd.DataFrame(
            [(p.line, p.column or "", p.value, p.message, p.severity) for p in problems],
            columns=["line", "column", "value", "message", "severity"],
        ).astype({"line": "Int64"})
        st.dataframe(table, hide_index=True, width="stretch", height=min(400, 40 + 35 * len(table)))
