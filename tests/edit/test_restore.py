"""Restoring a backup repairs whatever the current file has become."""

from __future__ import annotations

import shutil
from pathlib import Path

from influence.edit import store

DATA = Path(__file__).resolve().parents[1] / "data"
ORIGINAL = (DATA / "edit_events.csv").read_bytes()


def test_a_file_whose_header_lost_its_id_column_is_restored_and_audited(editor, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    revision = store.read_revision(path)
    rows = [row | {"count": "13"} if row["id"] == "E-1" else row for row in revision.rows()]
    saved = store.save(revision, store.diff(revision, rows), editor=editor())
    assert isinstance(saved, store.Saved)
    path.write_bytes(b"ID" + path.read_bytes()[2:])  # someone renamed the column outside the app
    broken = store.read_revision(path)
    restored = store.restore(broken, str(saved.backup), editor=editor("carol"))
    assert isinstance(restored, store.Saved) and path.read_bytes() == ORIGINAL
    entry = store.audit_entries(path)[-1]
    assert (entry.action, entry.user, entry.sha256_before) == ("restore", "carol", broken.sha256)
