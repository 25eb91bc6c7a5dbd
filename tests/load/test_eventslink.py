"""An events file that is a symbolic link out of its folder is refused everywhere, and the operator is told."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from influence.edit import store
from influence.load.dataset import load
from tests.conftest import map_drawn

DATA = Path(__file__).resolve().parents[1] / "data"
APP = str(Path(__file__).resolve().parents[2] / "app.py")
SECRET = "root:x:0:0:SECRET-LINE:/root:/bin/bash\n"


@pytest.fixture
def linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """events.csv in its folder, a link to a file elsewhere (as to /etc/passwd), named by $EVENTS_CSV."""
    elsewhere = tmp_path / "etc" / "passwd"
    elsewhere.parent.mkdir()
    elsewhere.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "app"
    folder.mkdir()
    link = folder / "events.csv"
    link.symlink_to(elsewhere)
    monkeypatch.setenv("EVENTS_CSV", str(link))
    return link


def test_the_loader_refuses_the_link_in_plain_words(linked: Path) -> None:
    dataset = load(linked)
    assert len(dataset.events) == 0 and dataset.rows == 0
    [problem] = dataset.problems
    assert "outside its folder" in problem.message and "SECRET" not in problem.describe()
    with pytest.raises(OSError):
        store.read_revision(linked)


def test_no_page_lists_the_linked_file(linked: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = map_drawn(AppTest.from_file(APP, default_timeout=60).run())
    app.session_state["problems"] = True
    app.run()
    assert not app.exception
    texts = [str(e.value) for kind in (app.markdown, app.caption, app.error, app.warning) for e in kind]
    texts += [frame.value.to_string() for frame in app.dataframe]
    assert "SECRET" not in "\n".join(texts)
    assert any("outside its folder" in html.unescape(text) for text in texts)
    assert any("symbolic link" in r.getMessage() and "passwd" in r.getMessage() for r in caplog.records)

    def edit_page() -> None:
        from ui import guard
        from ui.editor import page as edit_page

        guard.protect(edit_page.render)()

    page = AppTest.from_function(edit_page).run()
    shown = [str(e.value) for kind in (page.error, page.caption, page.markdown) for e in kind]
    shown += [frame.value.to_string() for frame in page.dataframe]
    assert not page.exception and "SECRET" not in "\n".join(shown)
    assert any("outside its folder" in html.unescape(text) for text in shown)


def test_a_link_to_a_file_in_the_same_folder_is_still_read(tmp_path: Path) -> None:
    real = tmp_path / "events-2026.csv"
    shutil.copyfile(DATA / "edit_events.csv", real)
    link = tmp_path / "events.csv"
    link.symlink_to(real.name)
    assert load(link).problems == load(real).problems
    assert store.read_revision(link).data == real.read_bytes()
