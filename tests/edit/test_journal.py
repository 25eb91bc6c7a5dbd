"""A save that dies between its rename and its audit line: the intent line lets start-up finish the audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from influence.edit import atomicfile, saving, store
from influence.edit.history import journal

DATA = Path(__file__).resolve().parents[1] / "data"


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it in the save runs."""


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """A private copy of the fixture."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    return path


def _count_of(revision: store.Revision, value: str) -> store.Changes:
    rows = [row | {"count": value} if row["id"] == "E-1" else row for row in revision.rows()]
    return store.diff(revision, rows)


def _die(*_: object) -> None:
    raise Killed


def test_a_save_killed_after_its_rename_is_audited_at_start_up(
    editor, events: Path, monkeypatch: pytest.MonkeyPatch
):
    loaded = store.read_revision(events)
    with monkeypatch.context() as patched:
        patched.setattr(saving, "append_entry", _die)  # the audit line the save would write next
        with pytest.raises(Killed):
            store.save(loaded, _count_of(loaded, "41"), editor=editor("alice"))
    assert store.read_revision(events).by_id()["E-1"]["count"] == "41"  # the new version is on disk ...
    assert store.audit_entries(events) == []  # ... and its audit line is missing
    completed = journal.recover(events)  # the app's start-up
    assert completed is not None and completed.user == "alice"
    [entry] = store.audit_entries(events)
    assert (
        entry.sha256_after == store.content_hash(events.read_bytes())
        and entry.changed["E-1"]["count"][1] == "41"
    )
    assert journal.recover(events) is None  # reconciled once, not twice


def test_the_next_editor_is_told_who_saved_not_that_it_changed_outside_the_app(
    editor, events: Path, monkeypatch: pytest.MonkeyPatch
):
    loaded = store.read_revision(events)
    with monkeypatch.context() as patched:
        patched.setattr(saving, "append_entry", _die)  # the audit line the save would write next
        with pytest.raises(Killed):
            store.save(loaded, _count_of(loaded, "41"), editor=editor("alice"))
    refused = store.save(loaded, _count_of(loaded, "42"), editor=editor("bob"))  # bob loaded the old version
    assert isinstance(refused, store.Conflict) and refused.changed_by == "alice"
    assert "outside the app" not in refused.message


def test_a_save_killed_before_its_rename_leaves_no_new_version_and_no_entry(
    editor, events: Path, monkeypatch: pytest.MonkeyPatch
):
    before = events.read_bytes()
    loaded = store.read_revision(events)
    with monkeypatch.context() as patched:
        patched.setattr(atomicfile, "write_atomic", _die)
        with pytest.raises(Killed):
            store.save(loaded, _count_of(loaded, "41"), editor=editor("alice"))
    assert journal.recover(events) is None and events.read_bytes() == before
    assert store.audit_entries(events) == []
    # the abandoned intent never turns into an entry later, even when a save makes the same version
    saved = store.save(loaded, _count_of(loaded, "41"), editor=editor("bob"))
    assert isinstance(saved, store.Saved)
    assert [entry.user for entry in store.audit_entries(events)] == ["bob"]
    assert journal.recover(events) is None


def test_the_app_reconciles_at_start_up(editor, events: Path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    loaded = store.read_revision(events)
    with monkeypatch.context() as patched:
        patched.setattr(saving, "append_entry", _die)  # the audit line the save would write next
        with pytest.raises(Killed):
            store.save(loaded, _count_of(loaded, "41"), editor=editor("alice"))
    monkeypatch.setenv("EVENTS_CSV", str(events))
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert [entry.user for entry in store.audit_entries(events)] == ["alice"]
