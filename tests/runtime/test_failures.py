"""No traceback reaches a visitor: plain words on the page, the details (paths, errors) in the server log."""

from __future__ import annotations

import errno
import html
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from influence.edit import access, atomicfile, store, throttle
from influence.runtime import failures
from tests.conftest import map_drawn

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = Path(__file__).resolve().parents[1] / "data"
PASSWORD = "correct horse"


def shown(app: AppTest) -> str:
    """Every text the page shows (messages, markdown, captions, the problems table)."""
    kinds = (app.error, app.warning, app.info, app.success, app.markdown, app.caption)
    texts = [str(element.value) for kind in kinds for element in kind]
    texts += [frame.value.to_string() for frame in app.dataframe]
    return html.unescape("\n".join(texts))  # as the browser shows it


def edit_page() -> None:
    """The Edit page as app.py runs it (inside the guard)."""
    from ui import guard
    from ui.editor import page as edit_page

    guard.protect(edit_page.render)()


def test_streamlit_shows_no_error_details_to_visitors() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_a_page_that_fails_shows_plain_words_and_logs_the_details(caplog: pytest.LogCaptureFixture) -> None:
    def failing_page() -> None:
        from ui import guard

        def page() -> None:
            raise RuntimeError("secret detail /srv/app/influence/store.py")

        guard.protect(page)()

    app = AppTest.from_function(failing_page).run()
    assert not app.exception
    assert failures.GENERIC in html.unescape(app.error[0].value) and "/srv" not in shown(app)
    assert any(record.exc_info and "secret detail" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.parametrize("page", ["map", "edit"])
def test_an_events_file_that_is_a_folder_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    folder = tmp_path / "secret-place" / "events.csv"
    folder.mkdir(parents=True)
    monkeypatch.setenv("EVENTS_CSV", str(folder))
    app = AppTest.from_file(APP, default_timeout=60) if page == "map" else AppTest.from_function(edit_page)
    if page == "map":
        map_drawn(app.run())
        assert any("Problems" in block.label for block in app.expander)
        app.session_state["problems"] = True  # the expander is lazy: open it as the analyst would
    app.run()
    assert not app.exception, app.exception
    text = shown(app)
    assert "is a folder on the server" in text
    assert "secret-place" not in text and "Errno" not in text and "Traceback" not in text
    assert any("secret-place" in record.getMessage() for record in caplog.records)


def test_an_unreadable_events_file_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    real = os.open

    def refused(name: object, flags: int, *args: object) -> int:  # as for mode 000 (root reads anything)
        if os.fspath(name) == os.path.realpath(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real(name, flags, *args)

    monkeypatch.setattr(os, "open", refused)
    app = AppTest.from_function(edit_page).run()
    assert not app.exception, app.exception
    assert "permission denied" in shown(app) and str(tmp_path) not in shown(app)


def _disk_full(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_refuses_the_save_in_plain_words_and_changes_nothing(
    editor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    before = path.read_bytes()
    revision = store.read_revision(path)
    rows = [row | {"count": "99"} if row["id"] == "E-1" else row for row in revision.rows()]
    monkeypatch.setattr(atomicfile, "write_atomic", _disk_full)
    result = store.save(revision, store.diff(revision, rows), editor=editor())
    assert result == store.Refused(failures.DISK_FULL)
    assert path.read_bytes() == before and store.audit_entries(path) == []


def test_a_full_disk_on_the_edit_page_keeps_the_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())
    app = AppTest.from_function(edit_page, default_timeout=30)
    app.secrets["editors"] = {"ed": access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS)}
    app.run()
    app.text_input(key="edit_login_user").input("ed")
    app.text_input(key="edit_login_password").input(PASSWORD)
    next(button for button in app.button if button.label == "Log in").click()
    app.run()
    key = f"edit_table_{app.session_state['edit_generation']}"
    app.session_state[key] = {"edited_rows": {0: {"count": "99"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    monkeypatch.setattr(atomicfile, "write_atomic", _disk_full)
    app.button(key="edit_save").click()
    app.run()
    assert not app.exception, app.exception
    # the raw error ("[Errno 28] No space left on device") stays in the log; a bare "28" may be in a backup's
    # name or size on the Backups tab (a save keeps the replaced version as a hard link, which needs no space)
    text = shown(app)
    assert "disk is full" in text and "Errno" not in text and "No space left" not in text
    assert app.session_state[key]["edited_rows"]  # the edit is still there to save later


def test_a_malformed_secrets_file_is_logged_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from ui.editor import login

    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[editors\nalice = "x\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(login, "_REPORTED", set())
    app = AppTest.from_function(edit_page).run()
    assert not app.exception, app.exception
    assert "secrets" not in shown(app).replace("secrets.toml` either", "")  # only the how-to text names it
    assert any("secrets file cannot be read" in record.getMessage() for record in caplog.records)
