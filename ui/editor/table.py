"""The editable events table: every edit checked against the contract, Save blocked while errors remain."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from influence.contract.problems import ERROR, Problem
from influence.edit import access, csvwriter, store, untouched
from influence.load import csvfile, validation
from ui.editor import state
from ui.markup import literal

CONFIRM = "edit_confirm_deletions"


def render(revision: store.Revision, editor: access.Editor) -> tuple[list[dict[str, str]], store.Changes]:
    """Draw the table, its problems and the Save controls; return the rows as edited and their changes."""
    columns = list(revision.columns)
    base = pd.DataFrame(st.session_state[state.BASE], columns=columns).astype(object)
    st.data_editor(
        base,
        key=state.table_key(),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={column: st.column_config.TextColumn(column) for column in columns},
    )
    rows = state.current_rows(columns)
    changes = store.diff(revision, rows)
    problems = check(revision, rows)
    _show_problems(problems, rows, changes)
    # errors already in rows nobody touched do not block (the save leaves those rows as they are); new ones do
    blocked = bool(changes.problems) or bool(untouched.blocking(problems, rows, changes))
    _save_controls(revision, editor, changes, blocked)
    return rows, changes  # the page hands the changes on: diffing once per rerun is enough


def check(revision: store.Revision, rows: list[dict[str, str]]) -> tuple[Problem, ...]:
    """Validate the rows exactly as the loader would read them, with lines mapped to row numbers."""
    dialect = csvfile.Dialect()
    records = [csvwriter.serialise(csvwriter.fields_of(row, revision.columns), dialect) for row in rows]
    data = (csvwriter.serialise(revision.columns, dialect) + "".join(records)).encode("utf-8")
    # a record's file line -> its row number in the table (multi-line descriptions shift lines); counted
    # while writing, as csv counts physical lines, instead of parsing the same bytes a second time
    starts, line = [], 2
    for record in records:
        starts.append(line)
        line += len(io.StringIO(record, newline="").readlines())
    return _validated(data, tuple(starts))


@st.cache_data(max_entries=16, show_spinner=False)
def _validated(data: bytes, starts: tuple[int, ...]) -> tuple[Problem, ...]:
    report = validation.validate_bytes(data, "edits")
    positions = {line: number for number, line in enumerate(starts, start=1)}
    return tuple(
        Problem(positions.get(p.line or 0, p.line), p.column, p.value, p.message, p.severity)
        for p in report.problems
    )


def _show_problems(problems: tuple[Problem, ...], rows: list[dict[str, str]], changes: store.Changes) -> None:
    for message in changes.problems:
        st.error(literal(message))
    if not problems:
        st.caption(f"No problems. Pending: {changes.summary()}.")
        return
    errors = sum(p.severity == ERROR for p in problems)
    touched = untouched.touched_ids(changes)
    new = len(untouched.blocking(problems, rows, changes))
    split = (
        f"; {new} in rows edited now block Save, {errors - new} in untouched rows do not" if errors else ""
    )
    st.markdown(f"**{errors} errors, {len(problems) - errors} warnings** (edits are kept{split})")
    table = pd.DataFrame(
        [
            {
                "row": p.line,
                "id": rows[p.line - 1].get(store.ID, "") if p.line and 0 < p.line <= len(rows) else "",
                "column": p.column or "",
                "value": p.value,
                "problem": p.message,
                "severity": p.severity,
                "row status": untouched.status(p, rows, touched),
            }
            for p in problems
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", key="edit_problems")


def _save_controls(
    revision: store.Revision, editor: access.Editor, changes: store.Changes, blocked: bool
) -> None:
    confirm = False
    if store.needs_confirmation(revision, changes):
        confirm = st.checkbox(
            f"Yes, delete these {len(changes.deleted)} rows: {literal(', '.join(changes.deleted))}",
            key=CONFIRM,
        )
    left, right = st.columns(2)
    if left.button("Save", type="primary", disabled=blocked or changes.empty, key="edit_save"):
        finish(store.save(revision, changes, editor=editor, confirm_deletions=confirm), changes)
    if right.button("Discard my edits", disabled=changes.empty, key="edit_discard"):
        state.load(store.read_revision(revision.path))
        st.rerun()
    conflict = st.session_state.get(state.CONFLICT)
    if conflict is not None:
        _conflict_controls(revision, editor, changes, conflict, confirm)


def finish(result: store.Saved | store.Conflict | store.Refused, changes: store.Changes) -> None:
    """Act on a save's outcome: reload after success, keep the edits otherwise, say what happened."""
    if isinstance(result, store.Saved):
        state.load(result.revision)
        verb = "Saved" if result.written else "Nothing to save"
        st.session_state[state.OUTCOME] = ("success", f"{verb}: {changes.summary()}.")
        st.rerun()
    elif isinstance(result, store.Conflict):
        st.session_state[state.CONFLICT] = result
        st.rerun()
    else:
        st.error(literal(result.message))


def _conflict_controls(
    revision: store.Revision,
    editor: access.Editor,
    changes: store.Changes,
    conflict: store.Conflict,
    confirm: bool,
) -> None:
    st.error(literal(conflict.message))
    left, right = st.columns(2)
    if left.button("Reload (discards my edits)", key="edit_reload"):
        state.load(store.read_revision(revision.path))
        st.rerun()
    if right.button("Merge my edits onto the new file", key="edit_merge"):
        current = store.read_revision(revision.path)
        rebased = store.rebase(changes, revision, current)
        if isinstance(rebased, store.MergeConflict):
            st.error(literal(rebased.message))
            return
        result = store.save(current, rebased, editor=editor, confirm_deletions=confirm)
        if isinstance(result, store.Saved):
            state.load(result.revision)
            st.session_state[state.OUTCOME] = ("success", f"Merged and saved: {rebased.summary()}.")
            st.rerun()
        finish(result, rebased)
