"""A cell over Python's csv default limit (131,072 characters) never makes rows vanish: cells are read up to
a declared cap, and a cell over the cap is one error on its own line, in the CLI, the map, the Edit page and
the import."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from influence.edit import access, importer, store, throttle
from influence.load import csvfile, validation
from influence.load import dataset as events

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
BIG = 200_000  # over csv's default field limit, under the cap
HUGE = csvfile.MAX_CELL_CHARACTERS + 1


def with_big_cell(tmp_path: Path, size: int, name: str = "big.csv") -> Path:
    """The 8-row Edit fixture (SYNTHETIC) with row 3's description made `size` characters long."""
    with open(DATA / "edit_events.csv", encoding="utf-8", newline="") as handle:
        header, *rows = [row for row in csv.reader(handle) if row]
    assert rows[2][0] == "E-3", "the fixture changed: row 3 should be E-3"
    rows[2][header.index("description")] = "x" * size
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return path


def test_a_cell_over_the_csv_default_is_read_and_no_row_vanishes(tmp_path: Path) -> None:
    plain = validation.validate_bytes((DATA / "edit_events.csv").read_bytes())
    report = validation.validate_bytes(with_big_cell(tmp_path, BIG).read_bytes())
    assert report.records == plain.records
    assert set(plain.rows["id"]) - set(report.rows["id"]) <= {"E-3"}  # every row after it is read
    assert {p.line for p in report.problems} == {4}  # at most the over-long text of that one row


def test_a_cell_over_the_cap_is_one_error_and_the_rest_are_read(tmp_path: Path) -> None:
    plain = validation.validate_bytes((DATA / "edit_events.csv").read_bytes())
    report = validation.validate_bytes(with_big_cell(tmp_path, HUGE).read_bytes())
    assert report.records == plain.records and len(report.rows) == len(plain.rows) - 1
    [cap] = [p for p in report.problems if "over the cap" in p.message]
    assert cap.column == "description" and cap.line == 4 and f"{HUGE:,} characters" in cap.message
    assert len(cap.value) < 100  # the value shown is a short prefix, not a megabyte


def test_the_cli_and_the_map_keep_every_other_row(tmp_path: Path) -> None:
    path = with_big_cell(tmp_path, HUGE)
    assert len(events.load(path).events) == len(events.load(DATA / "edit_events.csv").events) - 1
    done = subprocess.run(
        [sys.executable, "cli.py", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert sum("over the cap" in line for line in done.stdout.splitlines()) == 1
    assert "big.csv:4 [description] error" in done.stdout


def test_the_edit_page_and_the_import_take_the_big_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(with_big_cell(tmp_path, HUGE), path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())

    def page() -> None:
        from ui.editor import page as edit_page

        edit_page.render()

    app = AppTest.from_function(page, default_timeout=60)
    app.secrets["editors"] = {"ed": access.hash_password("pw", iterations=access.MIN_ITERATIONS)}
    app.run()
    assert not app.exception and len(app.dataframe[0].value) == 8  # the visitor's read-only table
    app.text_input(key="edit_login_user").input("ed")
    app.text_input(key="edit_login_password").input("pw")
    next(button for button in app.button if button.label == "Log in").click()
    app.run()
    assert not app.exception, app.exception
    assert len(app.data_editor[0].value) == 8
    assert any("over the cap" in box.label for box in app.expander)
    plain = store.read_revision(DATA / "edit_events.csv")
    upload = with_big_cell(tmp_path, HUGE, "upload.csv").read_bytes()
    plan = importer.preview(plain, upload.replace(b"E-3,", b"E-30,"), "upload.csv")
    assert plan.refusal is None
    assert [p.line for p in plan.invalid if "over the cap" in p.message] == [4]
