"""The Edit page at scale: one page of the table at a time, edits kept across pages, only edited rows
checked again, problems grouped by kind with counts (SYNTHETIC rows; scripts/bench_edit.py times 100,000)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from influence.contract.problems import Problem
from influence.edit import access, editcheck, store, throttle
from influence.load import csvfile, dataset, synthetic, validation
from ui.editor import state as edit_state

ROWS = 1_200
PASSWORD = "correct horse"


def page() -> None:
    """The Edit page alone."""
    from ui.editor import page as edit_page

    edit_page.render()


@pytest.fixture
def events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """1,200 SYNTHETIC rows named by $EVENTS_CSV; a fresh login throttle."""
    path = synthetic.write(tmp_path / "synthetic.csv", ROWS, seed=3)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())
    return path


def logged_in() -> AppTest:
    """A session logged in as alice."""
    app = AppTest.from_function(page, default_timeout=60)
    app.secrets["editors"] = {"alice": access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS)}
    app.run()
    app.text_input(key="edit_login_user").input("alice")
    app.text_input(key="edit_login_password").input(PASSWORD)
    next(button for button in app.button if button.label == "Log in").click()
    app.run()
    assert not app.exception, app.exception
    return app


def edit(app: AppTest, cells: dict[int, dict[str, str]]) -> AppTest:
    """Edit cells of the page shown (positions on that page), as the browser sends them."""
    generation, shown = app.session_state["edit_generation"], app.session_state["edit_page_shown"]
    key = f"edit_table_{generation}" + (f"_p{shown}" if shown > 1 else "")
    app.session_state[key] = {"edited_rows": cells, "added_rows": [], "deleted_rows": []}
    return app.run()


def test_the_table_holds_one_page_and_edits_survive_turning_pages(events: Path) -> None:
    app = logged_in()
    assert len(app.data_editor[0].value) == edit_state.PAGE_ROWS  # not all 1,200 rows at once
    edit(app, {2: {"count": "101"}})
    pager = next(widget for widget in app.number_input if str(widget.key).startswith("edit_page_"))
    pager.set_value(3).run()
    assert len(app.data_editor[0].value) == ROWS - 2 * edit_state.PAGE_ROWS
    edit(app, {0: {"count": "303"}})
    app.button(key="edit_save").click()
    app.run()
    assert not app.exception, app.exception
    rows = store.read_revision(events).rows()
    assert rows[2]["count"] == "101" and rows[2 * edit_state.PAGE_ROWS]["count"] == "303"
    [entry] = store.audit_entries(events)
    assert len(entry.changed) == 2


def test_only_the_edited_rows_are_checked_again(events: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = logged_in()
    checked: list[int] = []
    real = validation.validate_bytes

    def counted(data: bytes, name: str = "events.csv") -> validation.Report:
        checked.append(len(csvfile.read(data).records))
        return real(data, name)

    monkeypatch.setattr(validation, "validate_bytes", counted)
    edit(app, {5: {"date": "2021-13-45"}})
    assert checked == [1]  # one edited row, not 1,200
    problems = next(frame.value for frame in app.dataframe if "problem" in frame.value.columns)
    assert list(problems.loc[0, ["row", "column"]]) == [6, "date"]
    assert app.button(key="edit_save").disabled


def test_problems_are_grouped_by_kind_with_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = synthetic.write(tmp_path / "duplicates.csv", ROWS, seed=4)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n in range(2, len(lines), 4):  # every fourth row takes the previous row's id: 300 duplicates
        lines[n] = lines[n - 1].split(",", 1)[0] + "," + lines[n].split(",", 1)[1]
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())
    app = logged_in()
    duplicate_groups = [box for box in app.expander if "duplicate id" in box.label]
    assert len(duplicate_groups) == 1 and duplicate_groups[0].label.startswith("300 errors")
    assert len(app.error) <= 2  # one summary, not 300 boxes
    assert not any(frame for frame in app.dataframe if len(frame.value) > edit_state.PAGE_ROWS)


def test_kinds_leave_out_the_particulars() -> None:
    assert editcheck.kind(Problem(3, "id", "X", "duplicate id: row 2 already uses it")) == "duplicate id"
    far = Problem(4, "lat", "1, 2", "the point is outside Syria, 40 km beyond its boundary")
    assert editcheck.kind(far) == "the point is outside Syria, … km beyond its boundary"


def test_a_large_file_answers_first_and_shows_its_problems_when_the_background_check_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = synthetic.write(tmp_path / "large.csv", ROWS, seed=6)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[700] = lines[700].replace(",town,", ",somewhere,", 1)  # one bad precision in an untouched row
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())
    monkeypatch.setattr(editcheck, "SYNC_ROWS", ROWS // 2)  # "large": over the size checked at once
    app = logged_in()
    revision = app.session_state["edit_revision"]
    assert any("in the background" in box.value for box in app.info)
    assert not any(caption.value.startswith("No problems.") for caption in app.caption)  # not said unchecked
    edit(app, {2: {"date": "2021-13-45"}})  # an edited row is checked at once, and blocks Save
    assert app.button(key="edit_save").disabled
    assert editcheck.wait(revision, timeout=60)
    app.run()
    assert not any("in the background" in box.value for box in app.info)
    shown = pd.concat([frame.value for frame in app.dataframe if "problem" in frame.value.columns])
    assert set(zip(shown["row"], shown["column"], strict=True)) == {(3, "date"), (700, "precision")}


def test_the_editor_takes_the_problems_the_map_found_in_the_same_bytes(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset.load(events)  # the map page of the same server loaded this version
    monkeypatch.setattr(validation, "validate_table", lambda table: pytest.fail("validated a second time"))
    app = logged_in()
    assert not any("in the background" in box.value for box in app.info)


def test_a_save_before_the_background_check_is_done_still_shows_the_untouched_rows_problems_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = synthetic.write(tmp_path / "large.csv", ROWS, seed=8)  # a version no test checked yet
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[700] = lines[700].replace(",town,", ",somewhere,", 1)  # one bad precision in an untouched row
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())
    monkeypatch.setattr(editcheck, "SYNC_ROWS", ROWS // 2)
    start = editcheck.start
    monkeypatch.setattr(editcheck, "start", lambda revision: None)  # the check has not got far yet
    app = edit(logged_in(), {2: {"count": "77"}})
    app.button(key="edit_save").click()
    app.run()
    assert not app.exception, app.exception
    saved = app.session_state["edit_revision"]
    assert saved.rows()[2]["count"] == "77"
    # the rows checked before the save were only the edited ones: they are not all the new version's problems
    monkeypatch.setattr(editcheck, "start", start)
    app.run()
    assert editcheck.wait(saved, timeout=60)
    app.run()
    shown = pd.concat([frame.value for frame in app.dataframe if "problem" in frame.value.columns])
    assert set(zip(shown["row"], shown["column"], strict=True)) == {(700, "precision")}
