"""The Edit page in streamlit's AppTest: read-only without secrets, login, edit, save, invalid edits, conflicts."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from influence.edit import access, store, throttle
from influence.load import synthetic

DATA = Path(__file__).resolve().parents[1] / "data"
PASSWORD = "correct horse"


def page() -> None:
    """The Edit page alone, as app.py's navigation runs it."""
    from ui.editor import page as edit_page

    edit_page.render()


@pytest.fixture
def events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture, named by $EVENTS_CSV as the app reads it."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    return path


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no failed logins counted (the throttle is shared by the whole process)."""
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())


def session(user: str | None = "alice") -> AppTest:
    """A fresh browser session of the page, logged in as `user` (None: configured but not logged in)."""
    app = AppTest.from_function(page, default_timeout=30)
    app.secrets["editors"] = {
        name: access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS) for name in ("alice", "bob")
    }
    app.run()
    if user:
        app.text_input(key="edit_login_user").input(user)
        app.text_input(key="edit_login_password").input(PASSWORD)
        next(button for button in app.button if button.label == "Log in").click()
        app.run()
        assert not app.exception, app.exception
    return app


def edit(app: AppTest, edited_rows: dict[int, dict[str, str]]) -> AppTest:
    """Seed the table's edit state as the browser would send it, then rerun."""
    key = f"edit_table_{app.session_state['edit_generation']}"
    app.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return app.run()


def save(app: AppTest) -> AppTest:
    """Press Save."""
    app.button(key="edit_save").click()
    return app.run()


def test_without_secrets_the_page_is_read_only_and_says_how_to_edit(events: Path) -> None:
    app = AppTest.from_function(page, default_timeout=30).run()
    assert not app.exception
    assert "Editing is off" in app.info[0].value and "hash-password" in app.info[0].value
    assert len(app.data_editor) == 0 and len(app.dataframe) == 1
    assert len(app.dataframe[0].value) == 8


def test_a_visitor_pages_through_a_large_file_as_its_full_parse_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SYNTHETIC rows, with what decides where records end: quoted line breaks and blank lines
    path = synthetic.write(tmp_path / "synthetic-1203.csv", 1203, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n in (7, 600, 1002):  # rows 7, 600 and 1,002 (line 1 is the header)
        lines[n] = lines[n].replace('"SYNTHETIC test data, not', '"SYNTHETIC test data,\r\n\nover lines, not')
    lines[600:600] = ["\n", '""\n']
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("EVENTS_CSV", str(path))
    expected = [row["id"] for row in store.read_revision(path).rows()]
    assert len(expected) == 1203
    app = AppTest.from_function(page, default_timeout=30).run()
    assert not app.exception
    assert "1,203 rows, read-only; rows 1–500 shown" in app.caption[0].value
    assert list(app.dataframe[0].value["id"]) == expected[:500]
    app.number_input(key="edit_view_page").set_value(3).run()
    assert "rows 1,001–1,203 shown" in app.caption[0].value
    shown = app.dataframe[0].value
    assert list(shown["id"]) == expected[1000:]
    assert "\r\n\nover lines" in shown["source"].iloc[1]  # row 1,002, a record of several lines, whole


def test_a_wrong_password_stays_read_only(events: Path) -> None:
    app = session(None)
    app.text_input(key="edit_login_user").input("alice")
    app.text_input(key="edit_login_password").input("wrong")
    next(button for button in app.button if button.label == "Log in").click()
    app.run()
    assert "wrong password" in app.error[0].value and len(app.data_editor) == 0


def test_logged_in_edit_is_saved_with_an_audit_line(events: Path) -> None:
    app = session("alice")
    assert len(app.data_editor) == 1
    edit(app, {1: {"count": "7"}})
    save(app)
    assert not app.exception, app.exception
    assert any("Saved: 0 added, 1 changed, 0 deleted" in s.value for s in app.success)
    assert store.read_revision(events).by_id()["E-2"]["count"] == "7"
    [entry] = store.audit_entries(events)
    assert (entry.user, entry.action, entry.changed) == ("alice", "save", {"E-2": {"count": ("", "7")}})


def test_a_save_draws_the_page_once_and_a_refused_one_says_why_under_the_button(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.editor import table

    app = session("alice")
    key = f"edit_table_{app.session_state['edit_generation']}"
    app.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 1, 2, 3, 4, 5]}
    app.run()
    drawn = []
    real = table.render
    monkeypatch.setattr(table, "render", lambda *a, **k: drawn.append(1) or real(*a, **k))
    save(app)  # six of eight rows deleted, not confirmed
    assert not app.exception, app.exception
    assert any("confirm the deletion" in box.value for box in app.error)
    assert events.read_bytes() == (DATA / "edit_events.csv").read_bytes() and drawn == [1]
    app.checkbox(key="edit_confirm_deletions").check().run()
    drawn.clear()
    save(app)
    assert not app.exception, app.exception
    assert any("Saved: 0 added, 0 changed, 6 deleted" in box.value for box in app.success)
    assert len(store.read_revision(events).rows()) == 2
    assert drawn == [1]  # the save ran in the click's callback: the page was not drawn a second time


def test_an_invalid_edit_blocks_save_and_keeps_the_edit(events: Path) -> None:
    app = session("alice")
    edit(app, {0: {"date": "2021-13-45"}})
    assert app.button(key="edit_save").disabled
    problems = next(table.value for table in app.dataframe if "problem" in table.value.columns)
    assert list(problems.loc[0, ["row", "id", "column"]]) == [1, "E-1", "date"]
    app.run()  # another rerun: the edit is still there, still blocking
    assert app.button(key="edit_save").disabled
    assert app.session_state[f"edit_table_{app.session_state['edit_generation']}"]["edited_rows"]
    assert events.read_bytes() == (DATA / "edit_events.csv").read_bytes()


def test_second_session_on_the_same_version_is_refused_by_name(events: Path) -> None:
    first, second = session("alice"), session("bob")
    save(edit(first, {0: {"count": "1"}}))
    after_first = events.read_bytes()
    save(edit(second, {1: {"count": "2"}}))
    assert any("changed by alice at" in error.value for error in second.error)
    assert events.read_bytes() == after_first
    second.button(key="edit_merge").click()
    second.run()
    assert not second.exception, second.exception
    final = store.read_revision(events).by_id()
    assert (final["E-1"]["count"], final["E-2"]["count"]) == ("1", "2")
    assert [entry.user for entry in store.audit_entries(events)] == ["alice", "bob"]


@pytest.mark.parametrize("editors", ["alice", {"alice": "correct horse"}, {"alice": "pbkdf2_sha256$9$x$y"}])
def test_malformed_editors_are_logged_for_the_operator_never_shown(
    events: Path, editors: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.editor import login

    monkeypatch.setattr(login, "_REPORTED", set())  # logged once per process: start afresh
    app = AppTest.from_function(page, default_timeout=30)
    app.secrets["editors"] = editors
    app.run()
    assert not app.exception, app.exception
    shown = " ".join(
        str(element.value) for kind in (app.error, app.warning, app.info, app.markdown) for element in kind
    )
    assert "ignored" not in shown and "must be a table" not in shown and "Traceback" not in shown
    assert any(
        r.getMessage().startswith("secrets: ")
        and ("'alice'" in r.getMessage() or "[editors]" in r.getMessage())
        for r in caplog.records
    )


HOSTILE_PLACE = "![pixel](http://127.0.0.1:9/pixel.png) [click](javascript:alert(1)) **Qamishli**"


def test_place_text_is_shown_as_text_never_as_markdown(events: Path) -> None:
    from markdown_it import MarkdownIt

    app = edit(session("alice"), {0: {"place": HOSTILE_PLACE}})
    assert not app.exception, app.exception
    shown = [
        element.value
        for kind in (app.success, app.warning, app.error, app.info, app.caption, app.markdown)
        for element in kind
    ] + [button.label for button in app.button]
    assert any("pixel" in text for text in shown), shown  # the row's place is shown somewhere ...
    render = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
    for text in (text for text in shown if "pixel" in text):  # ... and nowhere as an image, link or emphasis
        assert not re.search(r"<(img|a|strong)\b", render(text)), text


def test_an_upload_over_the_apps_limit_is_refused_before_conversion_naming_the_command(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from influence.edit import importer
    from influence.intake import conversion

    acled = (DATA / "intake_acled.csv").read_bytes()
    monkeypatch.setattr(importer, "MAX_BYTES", len(acled) - 1)  # the fixture is one byte over the limit
    monkeypatch.setattr(conversion, "convert_bytes", lambda *a, **k: pytest.fail("converted a refused file"))
    app = session()
    app.get("file_uploader")[0].upload("acled-export.csv", acled, "text/csv").run()
    assert not app.exception, app.exception
    # the page shows literal text (markup.literal writes it as entities, which Markdown turns back)
    [refusal] = [html.unescape(box.value) for box in app.error if "cli" in box.value]
    assert refusal.startswith("acled-export.csv is 0.1 MB; the app imports up to")
    assert refusal.endswith(f"Import it on the command line, which streams any size: {importer.COMMAND}")
