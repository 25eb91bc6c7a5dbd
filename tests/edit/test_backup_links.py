"""A save keeps the version it replaces as a second name for that file (a hard link), not a second 23 MB write,
and only where nothing else can write to it; the backup stays the exact bytes, restorable, through later saves.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from influence.edit import access, store
from tests.edit.conftest import DATA, ORIGINAL


def _save_count(path: Path, count: str, who: access.Editor) -> store.Saved:
    revision = store.read_revision(path)
    rows = [row | {"count": count} if row["id"] == "E-1" else row for row in revision.rows()]
    saved = store.save(revision, store.diff(revision, rows), editor=who)
    assert isinstance(saved, store.Saved) and saved.written
    return saved


def test_the_replaced_version_is_kept_under_a_second_name_and_survives_later_saves(
    editor, events: Path
) -> None:
    who = editor()
    versions, names = [], []
    for count in ("13", "14", "15"):
        inode, before = events.stat().st_ino, events.read_bytes()
        saved = _save_count(events, count, who)
        backup = store.backup_folder(events) / str(saved.backup)
        assert backup.stat().st_ino == inode  # the old file itself, not a copy written again
        assert events.stat().st_ino != inode  # the events file is a new file: writes to it never reach it
        versions.append(before)
        names.append(saved.backup)
    # a program writing into the events file in place afterwards leaves every backup as it was
    with open(events, "ab") as handle:
        handle.write(b"\r\n")
    folder = store.backup_folder(events)
    assert [(folder / str(name)).read_bytes() for name in names] == versions
    assert versions[0] == ORIGINAL
    restored = store.restore(store.read_revision(events), str(names[0]), editor=who)
    assert isinstance(restored, store.Saved) and events.read_bytes() == ORIGINAL
    assert (folder / str(names[0])).read_bytes() == ORIGINAL  # restoring copied it back, it did not move it


@pytest.mark.parametrize("other_name", ["hard link", "symbolic link"])
def test_a_file_reachable_by_another_name_is_copied_not_linked(
    editor, events: Path, tmp_path: Path, other_name: str
) -> None:
    # after the save that other name still leads to the old file: a write through it must not reach the backup
    other = tmp_path / "current.csv"
    if other_name == "hard link":
        os.link(events, other)
    else:
        events.rename(other)
        events.symlink_to(other.name)
    saved = _save_count(events, "13", editor())
    backup = store.backup_folder(events) / str(saved.backup)
    assert backup.stat().st_ino != other.stat().st_ino
    with open(other, "r+b") as handle:
        handle.write(b"XX")
    assert backup.read_bytes() == ORIGINAL
    assert _lone_file_linked(editor, tmp_path / "lone")  # while a lone file's backup is its second name


def _lone_file_linked(editor, folder: Path) -> bool:
    folder.mkdir()
    path = folder / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    inode = path.stat().st_ino
    saved = _save_count(path, "13", editor())
    return (store.backup_folder(path) / str(saved.backup)).stat().st_ino == inode


def test_where_a_link_cannot_be_made_the_bytes_are_written(
    editor, events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # e.g. $EVENTS_BACKUP_DIR on another filesystem (EXDEV)
    tried = []

    def refuse(*arguments: object, **options: object) -> None:
        tried.append(arguments)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    inode = events.stat().st_ino
    saved = _save_count(events, "13", editor())
    backup = store.backup_folder(events) / str(saved.backup)
    assert tried, "no link was tried: the backup was written as a copy without trying"
    assert backup.read_bytes() == ORIGINAL and backup.stat().st_ino != inode
    assert not list(backup.parent.glob(".*.tmp"))


def test_a_save_that_fails_on_a_full_disk_leaves_no_backup_and_the_next_save_links_again(
    editor, events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from influence.edit import saving

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    revision = store.read_revision(events)
    rows = [row | {"count": "13"} if row["id"] == "E-1" else row for row in revision.rows()]
    with monkeypatch.context() as patched:
        patched.setattr(saving.atomicfile, "write_atomic", full)
        refused = store.save(revision, store.diff(revision, rows), editor=editor())
    assert isinstance(refused, store.Refused)
    assert events.read_bytes() == ORIGINAL
    assert store.list_backups(events) == []  # no backup of a version that was never replaced
    assert events.stat().st_nlink == 1  # nor a second name left for the live file
    inode = events.stat().st_ino
    saved = _save_count(events, "13", editor())  # the retried save keeps the old file itself, not a copy
    assert (store.backup_folder(events) / str(saved.backup)).stat().st_ino == inode
