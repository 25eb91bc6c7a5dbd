"""The import panel: upload or paste rows, preview new, changed and invalid rows, then import in one save.

A file in a publisher's layout (ACLED, UCDP GED, a saved mapping) is recognised by its header and converted
first (ui/editor/convert.py); any other layout gets the mapping builder (ui/editor/mapping.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from influence.edit import access, importer, store
from ui.editor import convert, table
from ui.markup import literal


def render(revision: store.Revision, editor: access.Editor, pending: store.Changes) -> None:
    """Draw the import panel; nothing is written until the Import button."""
    if not pending.empty:
        st.info(f"Save or discard your table edits first ({pending.summary()}).")
        return
    mode = st.radio(
        "How",
        importer.MODES,
        horizontal=True,
        key="edit_import_mode",
        format_func={
            "merge": "merge: add new ids, update existing ones",
            "append": "append new ids only",
        }.get,
    )
    upload = st.file_uploader(
        f"CSV file: events.csv's own columns, an ACLED export, UCDP GED or any layout you map (up to "
        f"{importer.MAX_BYTES / 1e6:.0f} MB here; larger files with `cli.py import`)",
        type=["csv", "txt"],
        key="edit_import_file",
    )
    text = st.text_area("…or paste rows from a spreadsheet (header optional)", key="edit_import_text")
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    elif text.strip():
        data, name = importer.pasted(text, revision.columns), "pasted rows"
    else:
        return
    too_large = importer.size_refusal(data, name)
    if too_large:  # before any conversion: an oversized ACLED export is refused at once, with the command
        st.error(literal(too_large))
        return
    if not importer.is_contract(data) and upload is not None:
        converted = convert.render(data, name)  # a publisher's layout: converted, with its summary
        if converted is None:
            return
        data = converted
    plan = importer.preview(revision, data, name, mode=mode)
    show(plan)
    if plan.ready and st.button(f"Import ({plan.changes.summary()})", type="primary", key="edit_import_go"):
        table.finish(importer.apply(revision, plan, editor=editor), plan.changes)


SHOWN_ROWS = 2_000  # the preview lists this many new rows; all of them are imported


def show(plan: importer.Preview) -> None:
    """The preview: counts, new rows, field diffs of changed rows, and invalid rows by line and column."""
    if plan.refusal:
        st.error(literal(plan.refusal))
        return
    st.markdown(
        f"**{len(plan.changes.added)} new, {len(plan.changes.changed)} changed, {plan.unchanged} unchanged, "
        f"{len({p.line for p in plan.invalid})} invalid rows**"
    )
    if plan.changes.added:
        shown = list(plan.changes.added[:SHOWN_ROWS])
        more = (
            f" (the first {SHOWN_ROWS:,} of {len(plan.changes.added):,})"
            if len(shown) < len(plan.changes.added)
            else ""
        )
        st.caption(f"New rows{more}")
        st.dataframe(pd.DataFrame(shown), hide_index=True, key="edit_import_new")
    if plan.changes.changed:
        st.caption("Changed rows")
        diffs = [
            {"id": change.id, "column": cell.field, "now": cell.old, "after import": cell.new}
            for change in plan.changes.changed
            for cell in change.fields
        ]
        st.dataframe(pd.DataFrame(diffs), hide_index=True, key="edit_import_changed")
    if plan.invalid:
        st.caption("Invalid rows (left out)")
        problems = [
            {"line": p.line, "column": p.column or "", "value": p.value, "problem": p.message}
            for p in plan.invalid
        ]
        st.dataframe(pd.DataFrame(problems), hide_index=True, key="edit_import_invalid")
    for note in plan.notes:
        st.caption(literal(note))
