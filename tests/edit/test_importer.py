"""Imports: a preview of new, changed and invalid rows by line and column; caps; an audited save."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from influence.edit import importer, store

DATA = Path(__file__).resolve().parents[1] / "data"
UPLOAD = (DATA / "edit_import.csv").read_bytes()


@pytest.fixture
def revision(tmp_path: Path) -> store.Revision:
    """A revision of a private copy of the editing fixture."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    return store.read_revision(path)


def test_merge_preview_lists_new_changed_and_invalid_rows(revision: store.Revision) -> None:
    plan = importer.preview(revision, UPLOAD, "edit_import.csv")
    assert plan.ready and plan.refusal is None and plan.unchanged == 1
    assert [row["id"] for row in plan.changes.added] == ["N-1"]
    assert plan.changes.changed == (store.RowChange("E-2", (store.FieldChange("count", "", "150"),)),)
    assert [(p.line, p.column) for p in plan.invalid] == [(5, "date"), (6, "sponsor")]
    assert plan.changes.deleted == ()
    assert revision.path.read_bytes() == revision.data  # a preview writes nothing


def test_append_preview_skips_existing_ids(revision: store.Revision) -> None:
    plan = importer.preview(revision, UPLOAD, "edit_import.csv", mode="append")
    assert plan.changes.changed == () and [row["id"] for row in plan.changes.added] == ["N-1"]
    assert any("id E-2 already exists" in note for note in plan.notes)


def test_apply_is_one_audited_import(editor, revision: store.Revision) -> None:
    result = importer.apply(revision, importer.preview(revision, UPLOAD), editor=editor())
    assert isinstance(result, store.Saved)
    entry = store.audit_entries(revision.path)[-1]
    assert (entry.action, entry.added, entry.changed) == ("import", ("N-1",), {"E-2": {"count": ("", "150")}})
    assert store.read_revision(revision.path).by_id()["N-1"]["actor"] == "New actor"


def test_apply_without_a_login_is_refused(revision: store.Revision) -> None:
    result = importer.apply(revision, importer.preview(revision, UPLOAD), editor=None)  # type: ignore[arg-type]
    assert isinstance(result, store.Refused) and revision.path.read_bytes() == revision.data


def test_size_and_row_caps_are_declared_and_explained(
    revision: store.Revision, monkeypatch: pytest.MonkeyPatch
) -> None:
    too_big = importer.preview(revision, b"x" * (importer.MAX_BYTES + 1), "big.csv")
    assert (
        not too_big.ready
        and "the app imports up to 60 MB" in too_big.refusal
        and "cli.py import" in too_big.refusal
    )
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    too_long = importer.preview(revision, UPLOAD, "long.csv")
    assert not too_long.ready and "has 5 rows; the app imports up to 2" in too_long.refusal


def test_a_file_without_required_columns_is_refused_whole(revision: store.Revision) -> None:
    plan = importer.preview(revision, b"id,date\nX,2021\n", "thin.csv")
    assert not plan.ready and "missing column 'precision'" in plan.refusal


def test_pasted_spreadsheet_rows_without_header_take_the_file_columns(revision: store.Revision) -> None:
    row = "N-7\t2022-02-02\t\tQamishli\t\t\ttown\tIran\tActor\trecruitment\t\t\tPasted\tSynthetic source\t\tprobable"
    data = importer.pasted(row + "\n", revision.columns)
    plan = importer.preview(revision, data, "pasted rows")
    assert [r["id"] for r in plan.changes.added] == ["N-7"] and plan.invalid == ()
