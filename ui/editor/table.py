"""The editable events table: every edit checked against the contract, Save blocked while errors remain."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from influence.contract.problems import ERROR, Problem
from influence.edit import access, editcheck, store, untouched
from ui.editor import state
from ui.markup import literal

CONFIRM = "edit_confirm_deletions"
REFUSED = "edit_save_refused"  # why the last save was refused, shown once under the Save button
SHOW_PROBLEMS = 1_000  # rows of one problem group sent to the browser


def render(revision: store.Revision, editor: access.Editor) -> tuple[list[dict[str, str]], store.Changes]:
    """Draw the table, its problems and the Save controls; return the rows as edited and their changes."""
    columns = list(revision.columns)
    everything = st.session_state[state.BASE]
    start, end = state.page_span(_pager(len(everything)))
    base = pd.DataFrame(everything[start:end], columns=columns).astype(object)
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
    whole = editcheck.ready(revision)  # a large file is checked in the background: the page answers now
    problems = check(revision, rows, whole=whole)
    if not whole:
        count = len(revision.table.records)
        st.info(
            f"Checking the file's {count:,} rows in the background: their problems appear here when done. "
            "The rows you edit are checked now, and Save needs only those."
        )
    _show_problems(problems, rows, changes, whole)
    # errors already in rows nobody touched do not block (the save leaves those rows as they are); new ones do
    blocked = bool(changes.problems) or bool(untouched.blocking(problems, rows, changes))
    _save_controls(revision, editor, changes, blocked, problems)
    return rows, changes  # the page hands the changes on: diffing once per rerun is enough


def check(revision: store.Revision, rows: list[dict[str, str]], *, whole: bool = True) -> tuple[Problem, ...]:
    """Every problem of the rows as the loader would read them, by table row (only edited rows re-checked);
    with whole=False, those of untouched rows only once the background check knows them."""
    return editcheck.problems(revision, rows, whole=whole)


def check_in_background(revision: store.Revision) -> None:
    """Start the whole file's check if it is not known yet, and rerun the page when it is (call it last)."""
    # last, so the check's thread does not share the interpreter with the drawing of this very page
    if not editcheck.known(revision):
        editcheck.start(revision)
        _await_check(revision)


@st.fragment(run_every=1.0)
def _await_check(revision: store.Revision) -> None:
    # polls the background check without rerunning the page; the page reruns once, when the check is done
    if editcheck.known(revision):
        st.rerun()


def _pager(total: int) -> int:
    """The page number control (when there is more than one page); returns the page to show."""
    pages = max(1, -(-total // state.PAGE_ROWS))
    page = min(state.shown_page(), pages)
    if pages > 1:
        key = state.page_key()
        left, right = st.columns([1, 3], vertical_alignment="bottom")
        left.number_input(
            f"Page (of {pages:,})", 1, pages, page, key=key, on_change=state.turn_page, args=(key,)
        )
        first, last = (page - 1) * state.PAGE_ROWS + 1, min(page * state.PAGE_ROWS, total)
        right.caption(f"Rows {first:,}–{last:,} of {total:,}; edits on other pages are kept.")
    return page


def _show_problems(
    problems: tuple[Problem, ...], rows: list[dict[str, str]], changes: store.Changes, whole: bool = True
) -> None:
    if changes.problems:
        st.error(f"{len(changes.problems):,} problems keep the table from being saved (listed below).")
        _group(
            "cannot be saved", [Problem(None, None, "", message) for message in changes.problems], rows, None
        )
    if not problems:
        found = (
            "No problems"
            if whole
            else "No problems in the header and the rows edited (the rest: being checked)"
        )
        st.caption(f"{found}. Pending: {changes.summary()}.")
        return
    errors = sum(p.severity == ERROR for p in problems)
    touched = untouched.touched_ids(changes)
    new = len(untouched.blocking(problems, rows, changes))
    split = (
        f"; {new:,} in rows edited now block Save, {errors - new:,} in untouched rows do not"
        if errors
        else ""
    )
    st.markdown(
        f"**{errors:,} errors, {len(problems) - errors:,} warnings** (edits are kept{split}); grouped by kind:"
    )
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.severity, problem.column or "", editcheck.kind(problem)), []).append(
            problem
        )
    ordered = sorted(groups.items(), key=lambda item: (item[0][0] != ERROR, -len(item[1]), item[0]))
    for (severity, column, kind), found in ordered:
        label = f"{len(found):,} {severity}{'s' if len(found) > 1 else ''} · {column or 'row'}: {kind}"
        _group(label, list(found), rows, touched)


def _group(label: str, found: list[Problem], rows: list[dict[str, str]], touched: set[str] | None) -> None:
    """One expandable group of problems; its table is built only when opened (at most SHOW_PROBLEMS rows)."""
    key = "edit_problems_" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:12]
    box = st.expander(literal(label), expanded=len(found) <= 20, key=key, on_change="rerun")
    if not box.open:
        return
    shown = found[:SHOW_PROBLEMS]
    table = pd.DataFrame(
        [
            {
                "row": p.line,
                "id": rows[p.line - 1].get(store.ID, "") if p.line and 0 < p.line <= len(rows) else "",
                "column": p.column or "",
                "value": p.value,
                "problem": p.message,
                "severity": p.severity,
                **({"row status": untouched.status(p, rows, touched)} if touched is not None else {}),
            }
            for p in shown
        ]
    ).astype({"row": "Int64"})
    with box:
        st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
        if len(found) > len(shown):
            st.caption(f"The first {len(shown):,} of {len(found):,}.")


def _save_controls(
    revision: store.Revision,
    editor: access.Editor,
    changes: store.Changes,
    blocked: bool,
    problems: tuple[Problem, ...],
) -> None:
    confirm = False
    if store.needs_confirmation(revision, changes):
        confirm = st.checkbox(
            f"Yes, delete these {len(changes.deleted)} rows: {literal(', '.join(changes.deleted))}",
            key=CONFIRM,
        )
    left, right = st.columns(2)
    # saved in the click's callback, before the page runs: the page then draws once, with the saved file
    # (a save in the page's own run drew the table with the edits, then ran the whole page again)
    left.button(
        "Save",
        type="primary",
        disabled=blocked or changes.empty,
        key="edit_save",
        on_click=_save_clicked,
        args=(revision, editor),
    )
    refusal = st.session_state.pop(REFUSED, None)
    if refusal:
        st.error(literal(refusal))
    if right.button("Discard my edits", disabled=changes.empty, key="edit_discard"):
        state.load(store.read_revision(revision.path))
        st.rerun()
    conflict = st.session_state.get(state.CONFLICT)
    if conflict is not None:
        _conflict_controls(revision, editor, changes, conflict, confirm)


def _save_clicked(revision: store.Revision, editor: access.Editor) -> None:
    """Save the table's edits (the Save button's callback): the rows, changes and checks as the page has them."""
    if st.session_state.get(state.REVISION) is not revision:
        return  # another file was loaded since the button was drawn: the page shows it, nothing is saved
    rows = state.current_rows(revision.columns)
    changes = store.diff(revision, rows)
    whole = editcheck.ready(revision)
    problems = check(revision, rows, whole=whole)
    if changes.empty or changes.problems or untouched.blocking(problems, rows, changes):
        return  # the edits changed since the button was drawn enabled: the page now says why not
    confirm = bool(st.session_state.get(CONFIRM, False))
    result = store.save(revision, changes, editor=editor, confirm_deletions=confirm)
    # the problems of the saved rows stand for the new version only when the whole file's were known
    settle(result, changes, problems if whole else None)


def finish(
    result: store.Saved | store.Conflict | store.Refused,
    changes: store.Changes,
    problems: tuple[Problem, ...] | None = None,
) -> None:
    """Act on a save's outcome: reload after success, keep the edits otherwise, say what happened."""
    settle(result, changes, problems)
    if not isinstance(result, store.Refused):
        st.rerun()
    refusal = st.session_state.pop(REFUSED, None)
    if refusal:
        st.error(literal(refusal))


def settle(
    result: store.Saved | store.Conflict | store.Refused,
    changes: store.Changes,
    problems: tuple[Problem, ...] | None = None,
) -> None:
    """Keep a save's outcome in the session (`problems`: the saved rows' whole problems, if known): the new
    version loaded after success, the conflict to resolve, or the refusal to show; the edits kept otherwise."""
    if isinstance(result, store.Saved):
        if problems is not None and result.written:
            editcheck.remember(result.revision, problems)  # the saved rows were just checked: no full pass
        state.load(result.revision)
        verb = "Saved" if result.written else "Nothing to save"
        st.session_state[state.OUTCOME] = ("success", f"{verb}: {changes.summary()}.")
    elif isinstance(result, store.Conflict):
        st.session_state[state.CONFLICT] = result
    else:
        st.session_state[REFUSED] = result.message


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
