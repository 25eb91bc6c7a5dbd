"""Which problems block a save: errors in rows the editor touched do; errors already in untouched rows do not.

An imported file may arrive with a few bad rows. If one of them blocked every save, the file could not be
fixed from the app at all; so old errors in rows nobody touched are shown but let the save through (the save
rewrites only the rows it changes, so it cannot make them worse), while every new error still blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from influence.contract.problems import ERROR, Problem
from influence.edit import store

TOUCHED, UNTOUCHED = "edited now", "untouched (already in the file)"


def touched_ids(changes: store.Changes) -> set[str]:
    """The ids of rows added or changed by these changes."""
    return {str(row.get(store.ID, "")) for row in changes.added} | {change.id for change in changes.changed}


def status(problem: Problem, rows: Sequence[Mapping[str, str]], touched: set[str]) -> str:
    """TOUCHED when the problem's table row (1-based) was added or edited, or it is about the whole file."""
    if not problem.line or not 0 < problem.line <= len(rows):
        return TOUCHED
    key = str(rows[problem.line - 1].get(store.ID, "")).strip()
    return TOUCHED if not key or key in touched else UNTOUCHED


def blocking(
    problems: Sequence[Problem], rows: Sequence[Mapping[str, str]], changes: store.Changes
) -> list[Problem]:
    """The errors that keep the save back: those in touched rows (and any not tied to a row)."""
    touched = touched_ids(changes)
    return [p for p in problems if p.severity == ERROR and status(p, rows, touched) == TOUCHED]
