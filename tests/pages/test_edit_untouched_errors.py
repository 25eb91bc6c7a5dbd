"""Saving a file whose untouched rows have errors: allowed; new errors still block; the editor sees which."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_edit_page import DATA, edit, save, session  # the Edit page's own AppTest helpers


@pytest.fixture
def events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The edit fixture plus one imported row with an error (a date that does not exist)."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            "BAD-1,2021-02-30,,Qamishli,,,town,Iran,,presence,,,Fixture row,Fixture Wire (fictional),,alleged\n"
        )
    monkeypatch.setenv("EVENTS_CSV", str(path))
    return path


def _problems(app):
    return next(table.value for table in app.dataframe if "problem" in table.value.columns)


def test_an_error_in_an_untouched_row_does_not_block_saving_other_rows(events: Path) -> None:
    bad_line = events.read_bytes().splitlines()[-1]
    app = session("alice")
    assert app.button(key="edit_save").disabled  # nothing to save yet
    edit(app, {0: {"count": "7"}})
    problems = _problems(app)
    assert list(problems.loc[problems["id"] == "BAD-1", "row status"]) == ["untouched (already in the file)"]
    assert not app.button(key="edit_save").disabled
    save(app)
    saved = events.read_bytes().splitlines()
    assert saved[-1] == bad_line  # the bad row is left exactly as it was
    assert b"E-1,2021-01-15" in saved[1] and b",7," in saved[1]


def test_a_new_error_still_blocks_and_is_marked_as_edited_now(events: Path) -> None:
    app = session("alice")
    edit(app, {0: {"date": "2021-13-45"}})
    problems = _problems(app)
    assert list(problems.loc[problems["id"] == "E-1", "row status"]) == ["edited now"]
    assert app.button(key="edit_save").disabled
