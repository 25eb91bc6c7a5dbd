"""A saving process killed with SIGKILL at random moments leaves events.csv whole: old or new, byte for byte."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from influence import access, store

DATA = Path(__file__).parent / "data"
KILLS = 600
TIME_LIMIT_SECONDS = 50


def _toggled(snapshot: store.Snapshot) -> store.Changes:
    """Flip E-1's count between 12 and 13, so every save alternates between two known versions."""
    rows = [
        row | {"count": "13" if row["count"] == "12" else "12"} if row["id"] == "E-1" else row
        for row in snapshot.rows()
    ]
    return store.diff(snapshot, rows)


def _save_forever(path: Path, editor: access.Editor) -> None:
    """The child: save, save, save, until killed."""
    try:
        while True:
            snapshot = store.read_snapshot(path)
            store.save(snapshot, _toggled(snapshot), editor=editor)
    finally:
        os._exit(1)  # never return into pytest inside the child


@pytest.mark.slow
def test_sigkill_during_saves_never_leaves_a_torn_file(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    first = store.read_snapshot(path)
    versions = {first.data, store.render(first, _toggled(first))}
    config = access.configure(
        {"editors": {"crash": access.hash_password("pw", iterations=access.MIN_ITERATIONS)}}
    )
    editor = access.login(config, "crash", "pw")
    assert isinstance(editor, access.Editor)
    chance = random.Random(20261124)
    started = time.monotonic()
    kills = mid_write = 0
    while kills < KILLS and time.monotonic() - started < TIME_LIMIT_SECONDS:
        child = os.fork()
        if child == 0:
            _save_forever(path, editor)
        time.sleep(chance.uniform(0.0005, 0.008))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        kills += 1
        mid_write += any(tmp_path.glob("**/.events*.tmp"))
        data = path.read_bytes()
        assert data in versions, f"after kill {kills} events.csv is neither version ({len(data)} bytes)"
        assert len(store.read_snapshot(path).rows()) == 8
    elapsed = time.monotonic() - started
    print(f"\n{kills} kills in {elapsed:.1f} s; {mid_write} landed while a temporary file existed")
    assert kills >= 200
    saves = store.audit_entries(path)
    assert saves, "the children never completed a save: the kills proved nothing"
    # every kept backup is one of the two versions, too
    backups = store.list_backups(path)
    folder = store.backup_folder(path)
    assert backups and {(folder / backup.name).read_bytes() for backup in backups} <= versions
