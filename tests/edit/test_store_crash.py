"""A saving process killed with SIGKILL at random moments leaves events.csv whole (old or new, byte for byte)
and never leaves a version without its audit line (the kill between the rename and the audit append included).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from influence.edit import access, store
from influence.edit.history import journal

DATA = Path(__file__).resolve().parents[1] / "data"
KILLS = 600
MIN_KILLS = 200
TIME_LIMIT_SECONDS = 50


def _toggled(revision: store.Revision) -> store.Changes:
    """Flip E-1's count between 12 and 13, so every save alternates between two known versions."""
    rows = [
        row | {"count": "13" if row["count"] == "12" else "12"} if row["id"] == "E-1" else row
        for row in revision.rows()
    ]
    return store.diff(revision, rows)


def _save_forever(path: Path, editor: access.Editor) -> None:
    """The child: save, save, save, until killed."""
    try:
        while True:
            revision = store.read_revision(path)
            store.save(revision, _toggled(revision), editor=editor)
    finally:
        os._exit(1)  # never return into pytest inside the child


def _await_rename(path: Path, child: int, limit: float = 0.5) -> None:
    """Return as soon as `path` is replaced (its inode changes): the saver is then between rename and audit."""
    inode = path.stat().st_ino
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and path.stat().st_ino == inode:
        pass  # a busy poll on purpose: the window lasts about a millisecond


@pytest.mark.slow
def test_sigkill_during_saves_never_leaves_a_torn_file(tmp_path: Path, editor) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    first = store.read_revision(path)
    versions = {first.data, store.render(first, _toggled(first))}
    credential = editor("crash")
    chance = random.Random(20261124)
    started = time.monotonic()
    kills = mid_write = completed = 0
    initial = store.content_hash(first.data)
    # at least MIN_KILLS whatever the machine's load (CI may be slow), then up to KILLS within the time limit
    while kills < KILLS and (kills < MIN_KILLS or time.monotonic() - started < TIME_LIMIT_SECONDS):
        child = os.fork()
        if child == 0:
            _save_forever(path, credential)
        if kills % 2:
            time.sleep(chance.uniform(0.0005, 0.008))  # anywhere in a save
        else:
            _await_rename(path, child)  # right after the rename, before the audit line
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        kills += 1
        mid_write += any(tmp_path.glob("**/.events*.tmp"))
        data = path.read_bytes()
        assert data in versions, f"after kill {kills} events.csv is neither version ({len(data)} bytes)"
        assert len(store.read_revision(path).rows()) == 8
        completed += journal.recover(path) is not None  # what the app does at start-up
        audited = {initial} | {entry.sha256_after for entry in store.audit_entries(path)}
        assert store.content_hash(data) in audited, (
            f"after kill {kills} events.csv is a version with no audit line"
        )
    elapsed = time.monotonic() - started
    print(
        f"\n{kills} kills in {elapsed:.1f} s; {mid_write} landed while a temporary file existed; {completed} "
        "between the rename and the audit line (completed from the intent line); 0 unaudited versions"
    )
    assert kills >= MIN_KILLS
    assert completed >= 20, (
        "few kills landed between the rename and the audit append: the window was not tested"
    )
    saves = store.audit_entries(path)
    assert saves, "the children never completed a save: the kills proved nothing"
    # every kept backup is one of the two versions, too
    backups = store.list_backups(path)
    folder = store.backup_folder(path)
    assert backups and {(folder / backup.name).read_bytes() for backup in backups} <= versions
    # and every version a backup holds was, when it was current, an audited one (or the first)
    audited = {initial} | {entry.sha256_after for entry in store.audit_entries(path)}
    assert {store.content_hash((folder / backup.name).read_bytes()) for backup in backups} <= audited
