"""The diff, the row keys and the checks take shortcuts for rows edited in place; whatever the editor does
(cells, ids changed, swapped or repeated, rows deleted or added, a file with repeated ids), they give what
comparing every row gives (SYNTHETIC rows)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from influence.edit import csvwriter, editcheck, store
from influence.edit.changes import Changes, FieldChange, RowChange
from influence.load import synthetic


def reference_diff(revision: store.Revision, rows: Sequence[Mapping[str, object]]) -> Changes:
    """Every row compared by id, the first row of a repeated id winning (the diff before its shortcuts)."""
    keys = [csvwriter.text_of(row.get("id")).strip() for row in rows]
    before: dict[str, dict[str, str]] = {}
    for row in revision.rows():
        before.setdefault(row["id"].strip(), row)
    seen: set[str] = set()
    added, changed = [], []
    for row, key in zip(rows, keys, strict=True):
        if not key or key in seen:
            continue
        seen.add(key)
        old = before.get(key)
        if old is None:
            added.append(dict(zip(revision.columns, csvwriter.fields_of(row, revision.columns), strict=True)))
            continue
        cells = tuple(
            FieldChange(column, old[column], csvwriter.text_of(row[column]))
            for column in revision.columns
            if column in row and csvwriter.text_of(row[column]) != old[column]
        )
        if cells:
            changed.append(RowChange(key, cells))
    deleted = tuple(key for key in before if key not in seen and key)
    return Changes(tuple(added), tuple(changed), deleted)


def _edited(revision: store.Revision, chance: random.Random) -> list[dict[str, str]]:
    rows = revision.rows()
    ids = [row["id"] for row in rows]
    for _ in range(chance.randint(1, 6)):
        position = chance.randrange(len(rows))
        action = chance.choice(["cell", "new id", "existing id", "swap", "blank id", "delete", "add", "move"])
        if action == "cell":
            rows[position] = rows[position] | {"count": str(chance.randint(1, 99))}
        elif action == "new id":
            rows[position] = rows[position] | {"id": f"SYN-NEW-{chance.randint(1, 5)}"}
        elif action == "existing id":
            rows[position] = rows[position] | {"id": chance.choice(ids)}
        elif action == "swap":
            other = chance.randrange(len(rows))
            rows[position], rows[other] = rows[other], rows[position]
        elif action == "blank id":
            rows[position] = rows[position] | {"id": " "}
        elif action == "delete" and len(rows) > 2:
            del rows[position]
        elif action == "add":
            rows.append(rows[position] | {"id": f"SYN-ADDED-{chance.randint(1, 3)}"})
        elif action == "move":  # the same dicts, in place: an untouched row at another position
            rows.insert(chance.randrange(len(rows)), rows.pop(position))
    return rows


@pytest.mark.parametrize("repeated", [False, True], ids=["unique ids", "a file with repeated ids"])
def test_shortcuts_give_what_comparing_every_row_gives(tmp_path: Path, repeated: bool) -> None:
    path = synthetic.write(tmp_path / "synthetic.csv", 60, seed=5)
    if repeated:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[9] = lines[8].split(",", 1)[0] + "," + lines[9].split(",", 1)[1]
        path.write_text("".join(lines), encoding="utf-8")
    revision = store.read_revision(path)
    chance = random.Random(7 + repeated)
    aligned = 0
    for attempt in range(300):
        rows = _edited(revision, chance)
        aligned += revision.differing(rows) is not None
        found, expected = store.diff(revision, rows), reference_diff(revision, rows)
        assert (found.added, found.changed, found.deleted) == (
            expected.added,
            expected.changed,
            expected.deleted,
        )
        assert revision.keys(rows) == [csvwriter.text_of(row.get("id")).strip() for row in rows]
        own = {id(row) for row in revision.rows()}
        assert revision.fresh(rows) == [n for n, row in enumerate(rows) if id(row) not in own]
        if attempt % 10 == 0:  # every row checked anew (copies: none is the revision's own) finds the same
            copies = [dict(row) for row in rows]
            assert editcheck.problems(revision, rows) == editcheck.problems(revision, copies)
    assert 50 < aligned < 250  # both ways taken: rows edited in place, and rows added, deleted or moved


def test_the_revision_a_save_carries_over_is_the_file_read_anew(editor, tmp_path: Path) -> None:
    path = synthetic.write(tmp_path / "synthetic.csv", 60, seed=9)
    chance = random.Random(11)
    who = editor()
    revision = store.read_revision(path)
    for _ in range(25):
        revision.prepare()  # the indexes a session has built are the ones carried over
        rows = [row for row in _edited(revision, chance) if row["id"].strip()]
        unique = {row["id"]: row for row in rows}  # a save refuses repeated ids: keep one row of each
        changes = store.diff(revision, list(unique.values()))
        saved = store.save(revision, changes, editor=who, confirm_deletions=True)
        assert isinstance(saved, store.Saved), saved
        again = store.read_revision(path)
        kept = saved.revision
        assert kept.rows() == again.rows() and kept.by_id() == again.by_id()
        assert kept.keys(kept.rows()) == again.keys(again.rows())
        assert kept.distinct(kept.keys(kept.rows()))
        revision = kept
