"""Saving events.csv: byte-exact untouched rows, backups, audit lines, conflicts, confirmations, restore."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from influence.edit import access, store
from tests.edit.conftest import ORIGINAL


def edited(revision: store.Revision, **cells: dict[str, str]) -> list[dict[str, str]]:
    """The revision's rows with some cells replaced, e.g. edited(s, **{"E-2": {"count": "7"}})."""
    return [row | cells.get(row["id"], {}) for row in revision.rows()]


def test_untouched_rows_keep_their_exact_bytes(editor, events: Path) -> None:
    revision = store.read_revision(events)
    rows = edited(revision, **{"E-2": {"count": "7"}})
    rows.append(rows[0] | {"id": "E-9", "description": "New, added row"})
    result = store.save(revision, store.diff(revision, rows), editor=editor())
    assert isinstance(result, store.Saved) and result.written
    old_lines = ORIGINAL.split(b"\r\n")
    new_lines = events.read_bytes().split(b"\r\n")
    assert new_lines[2] == (
        b'E-2,2021-02-01,2021-03-01,Hasakah,,,town,Russia,"Test ""quoted"" actor",training,c1,7,'
        b"Synthetic test row,Synthetic test fixture (2026-11-24),https://example.org/a,confirmed"
    )
    # everything else, the CRLF multi-line description and the Arabic included, is unchanged
    assert new_lines[:2] + new_lines[3:-2] == old_lines[:2] + old_lines[3:-1]
    assert new_lines[-2] == (
        b'E-9,2021-01-15,,Qamishli,,,town,Iran,Test actor,recruitment,c1,12,"New, added row",'
        b"Synthetic test fixture (2026-11-24),,probable"
    )
    assert new_lines[-1] == b""


def test_save_writes_one_exact_audit_line_and_a_backup(editor, events: Path) -> None:
    revision = store.read_revision(events)
    rows = [
        row for row in edited(revision, **{"E-1": {"count": "13", "place": "Hasakah"}}) if row["id"] != "E-5"
    ]
    result = store.save(revision, store.diff(revision, rows), editor=editor("bob"))
    assert isinstance(result, store.Saved)
    lines = store.audit_path(events).read_text(encoding="utf-8").splitlines()
    assert (
        len(lines) == 2
    )  # the intent announced before the rename, then the entry (see influence/journal.py)
    intent, line = json.loads(lines[0]), json.loads(lines[1])
    assert intent == {"intent": line}
    assert line.pop("time").endswith("Z")
    assert line == {
        "user": "bob",
        "method": "password",
        "action": "save",
        "file": "events.csv",
        "sha256_before": revision.sha256,
        "sha256_after": store.read_revision(events).sha256,
        "added": [],
        "deleted": ["E-5"],
        "changed": {"E-1": {"place": ["Qamishli", "Hasakah"], "count": ["12", "13"]}},
        "backup": result.backup,
    }
    backups = store.list_backups(events)
    assert [b.name for b in backups] == [result.backup]
    assert (store.backup_folder(events) / result.backup).read_bytes() == ORIGINAL
    assert result.backup.startswith("events.") and result.backup.endswith(f".{revision.sha256[:8]}.csv")
    assert store.audit_entries(events) == [result.entry]


def test_a_save_without_changes_writes_nothing(editor, events: Path) -> None:
    revision = store.read_revision(events)
    before = events.stat().st_mtime_ns
    result = store.save(revision, store.diff(revision, revision.rows()), editor=editor())
    assert result == store.Saved(False, revision)
    assert events.read_bytes() == ORIGINAL and events.stat().st_mtime_ns == before
    assert store.list_backups(events) == [] and not store.audit_path(events).exists()


def test_second_editor_of_the_same_version_is_refused_by_name(editor, events: Path) -> None:
    first, second = store.read_revision(events), store.read_revision(events)
    saved = store.save(
        first, store.diff(first, edited(first, **{"E-1": {"count": "1"}})), editor=editor("alice")
    )
    assert isinstance(saved, store.Saved)
    after_first = events.read_bytes()
    refused = store.save(
        second, store.diff(second, edited(second, **{"E-2": {"count": "2"}})), editor=editor("bob")
    )
    assert isinstance(refused, store.Conflict)
    assert refused.changed_by == "alice" and refused.changed_at == saved.entry.time
    assert "changed by alice at " + saved.entry.time in refused.message
    assert events.read_bytes() == after_first


def test_a_hand_edit_is_named_as_outside_the_app(editor, events: Path) -> None:
    revision = store.read_revision(events)
    events.write_bytes(ORIGINAL + b"\r\n")
    refused = store.save(
        revision, store.diff(revision, edited(revision, **{"E-1": {"count": "1"}})), editor=editor()
    )
    assert isinstance(refused, store.Conflict) and refused.changed_by is None
    assert "changed outside the app at " in refused.message


def test_merge_reapplies_changes_to_other_ids_and_names_overlaps(editor, events: Path) -> None:
    base = store.read_revision(events)
    store.save(base, store.diff(base, edited(base, **{"E-1": {"count": "1"}})), editor=editor("alice"))
    current = store.read_revision(events)
    mine = store.diff(base, edited(base, **{"E-2": {"count": "2"}}))
    rebased = store.rebase(mine, base, current)
    assert isinstance(rebased, store.Changes)
    assert isinstance(store.save(current, rebased, editor=editor("bob")), store.Saved)
    final = store.read_revision(events).by_id()
    assert (final["E-1"]["count"], final["E-2"]["count"]) == ("1", "2")
    clash = store.rebase(store.diff(base, edited(base, **{"E-1": {"count": "9"}})), base, current)
    assert isinstance(clash, store.MergeConflict) and clash.ids == ("E-1",)


def test_deleting_many_rows_needs_confirmation(editor, events: Path) -> None:
    revision = store.read_revision(events)
    changes = store.diff(revision, revision.rows()[:2])
    refused = store.save(revision, changes, editor=editor())
    assert isinstance(refused, store.Refused) and refused.needs_confirmation
    assert "deletes 6 rows" in refused.message and events.read_bytes() == ORIGINAL
    one = store.diff(revision, revision.rows()[1:])
    assert not store.needs_confirmation(revision, one)
    confirmed = store.save(revision, changes, editor=editor(), confirm_deletions=True)
    assert isinstance(confirmed, store.Saved) and len(store.read_revision(events).rows()) == 2


def test_restore_gives_the_exact_earlier_bytes_and_is_audited(editor, events: Path) -> None:
    revision = store.read_revision(events)
    saved = store.save(
        revision, store.diff(revision, edited(revision, **{"E-3": {"lat": "33.6"}})), editor=editor()
    )
    restored = store.restore(saved.revision, saved.backup, editor=editor("carol"))
    assert isinstance(restored, store.Saved) and events.read_bytes() == ORIGINAL
    entry = store.audit_entries(events)[-1]
    assert (entry.action, entry.user, entry.changed) == (
        "restore",
        "carol",
        {"E-3": {"lat": ("33.6", "33.5138")}},
    )
    assert len(store.list_backups(events)) == 2  # the restore kept the version it replaced


def test_restore_refuses_names_that_are_not_backups(editor, events: Path) -> None:
    revision = store.read_revision(events)
    refused = store.restore(revision, "../events.csv", editor=editor())
    assert isinstance(refused, store.Refused) and "no backup" in refused.message


@pytest.mark.parametrize(
    "credential",
    [None, "alice", access.Editor("alice", "password", 0.0, "forged")],
    ids=["none", "a name", "forged"],
)
def test_a_save_without_a_minted_credential_is_refused(events: Path, credential: object) -> None:
    revision = store.read_revision(events)
    changes = store.diff(revision, edited(revision, **{"E-1": {"count": "1"}}))
    refused = store.save(revision, changes, editor=credential)  # type: ignore[arg-type]
    assert isinstance(refused, store.Refused) and "log" in refused.message
    assert isinstance(store.restore(revision, "x", editor=credential), store.Refused)  # type: ignore[arg-type]
    assert events.read_bytes() == ORIGINAL


def test_a_tampered_credential_is_refused(editor, events: Path) -> None:
    revision = store.read_revision(events)
    tampered = dataclasses.replace(editor("alice"), name="mallory")
    changes = store.diff(revision, edited(revision, **{"E-1": {"count": "1"}}))
    assert isinstance(store.save(revision, changes, editor=tampered), store.Refused)


def test_missing_and_repeated_ids_block_the_save(editor, events: Path) -> None:
    revision = store.read_revision(events)
    rows = revision.rows()
    changes = store.diff(revision, [*rows, rows[0] | {"count": "99"}, rows[0] | {"id": ""}])
    assert changes.problems == ("Rows 1 and 9 share the id 'E-1'.", "Row 10 has no id.")
    assert isinstance(store.save(revision, changes, editor=editor()), store.Refused)


def test_quote_all_lf_file_without_final_newline_keeps_its_style(editor, tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_bytes(b'"id","date","count"\n"A","2021","1"\n"B","2021","2"')
    revision = store.read_revision(path)
    rows = [row | {"count": "5"} if row["id"] == "B" else row for row in revision.rows()]
    store.save(revision, store.diff(revision, rows), editor=editor())
    assert path.read_bytes() == b'"id","date","count"\n"A","2021","1"\n"B","2021","5"'


def test_windows_1256_file_stays_windows_1256(editor, tmp_path: Path) -> None:
    path = tmp_path / "arabic.csv"
    path.write_bytes("id,description\r\nA,وصف\r\nB,نص\r\n".encode("cp1256"))
    revision = store.read_revision(path)
    rows = [row | {"description": "جديد"} if row["id"] == "B" else row for row in revision.rows()]
    store.save(revision, store.diff(revision, rows), editor=editor())
    assert path.read_bytes() == "id,description\r\nA,وصف\r\nB,جديد\r\n".encode("cp1256")
    unwritable = [row | {"description": "Ω"} if row["id"] == "B" else row for row in revision.rows()]
    refused = store.save(store.read_revision(path), store.diff(revision, unwritable), editor=editor())
    assert isinstance(refused, store.Refused) and "cp1256" in refused.message


def test_a_torn_audit_line_is_skipped_and_the_next_starts_fresh(editor, events: Path) -> None:
    store.audit_path(events).write_bytes(b'{"time": "2021-')
    revision = store.read_revision(events)
    store.save(revision, store.diff(revision, edited(revision, **{"E-1": {"count": "1"}})), editor=editor())
    assert [entry.user for entry in store.audit_entries(events)] == ["alice"]


def test_a_missing_file_is_created_with_the_schema_header(editor, tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    revision = store.read_revision(path)
    row = {"id": "X-1", "date": "2021", "precision": "town", "sponsor": "Iran"}
    result = store.save(revision, store.diff(revision, [row]), editor=editor())
    assert isinstance(result, store.Saved) and result.backup is None
    assert path.read_bytes().splitlines()[1] == b"X-1,2021,,,,,town,Iran,,,,,,,,,,"


def test_a_saved_revision_is_what_reading_the_file_again_gives(editor, events: Path) -> None:
    revision = store.read_revision(events)
    rows = edited(revision, **{"E-2": {"description": "now\nmulti-line, with a comma"}})
    rows = [row for row in rows if row["id"] != "E-4"] + [rows[0] | {"id": "E-10"}]
    saved = store.save(revision, store.diff(revision, rows), editor=editor())
    assert isinstance(saved, store.Saved)
    again = store.read_revision(events)
    # built from the kept and written records (no second parse), yet record for record the same
    assert saved.revision.data == again.data and saved.revision.sha256 == again.sha256
    assert saved.revision.table == again.table


@pytest.mark.parametrize(
    "original",
    [
        ORIGINAL,  # CRLF, partly quoted, a multi-line description
        ORIGINAL.replace(b"\r\n", b"\n").rstrip(b"\n"),  # LF, no final line end
        b"\xef\xbb\xbf" + ORIGINAL,  # UTF-8 with a byte-order mark
        b"\r\n" + ORIGINAL.replace(b"\r\n", b"\r\n\r\n", 3),  # blank lines before the header and between rows
        b'"id","date","place","sponsor"\r\n"A-1","2021-01-01","Qamishli","Iran"\r\n',  # every field quoted
        "id,date,place\nA-1,2021-01-01,الحسكة\n".encode("cp1256"),  # Excel's Arabic encoding: read again
    ],
    ids=["crlf", "lf-no-final-end", "bom", "blank-lines", "quote-all", "cp1256"],
)
def test_the_table_a_save_hands_back_is_what_reading_the_saved_file_gives(
    editor, tmp_path: Path, original: bytes
) -> None:
    # the save assembles the new table from the records already read instead of parsing the file again
    path = tmp_path / "events.csv"
    path.write_bytes(original)
    revision = store.read_revision(path)
    rows = revision.rows()
    first, last = rows[0]["id"], rows[-1]["id"]
    middle = rows[len(rows) // 2]["id"] if len(rows) > 2 else None
    rows = [
        row | {"place": 'Line one\nline two, "quoted"'} if row["id"] == first else row
        for row in rows
        if (row["id"] != last or len(rows) == 1) and row["id"] != middle
    ]
    blank = {column: "" for column in revision.columns}
    rows.append(blank | {"id": "NEW-1", "date": "2021-05-05"})
    rows.append(blank | {"id": "NEW-2", "date": "2021-05-06", "place": "two\r\nlines"})
    rows.append(blank | {"id": "NEW-3", "date": "2021-05-07", "place": 'a lone\rreturn, and a "quote"'})
    result = store.save(revision, store.diff(revision, rows), editor=editor(), confirm_deletions=True)
    assert isinstance(result, store.Saved) and result.written
    assert result.revision.data == path.read_bytes()
    assert result.revision.table == store.read_revision(path).table
    assert result.revision.rows() == store.read_revision(path).rows()


@pytest.mark.parametrize("final_line_end", [b"\n", b""])
def test_deleting_every_row_leaves_the_header_as_reading_the_file_gives_it(
    editor, tmp_path: Path, final_line_end: bytes
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"id,date,place\nA-1,2021-01-01,Qamishli\nA-2,2021-01-02,Hasakah" + final_line_end)
    revision = store.read_revision(path)
    result = store.save(revision, store.diff(revision, []), editor=editor(), confirm_deletions=True)
    assert isinstance(result, store.Saved) and result.written
    assert path.read_bytes() == b"id,date,place\n".removesuffix(b"\n" if not final_line_end else b"")
    assert result.revision.table == store.read_revision(path).table


def _swap_first_ids(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    first, second = rows[0]["id"], rows[1]["id"]
    return [rows[0] | {"id": second}, rows[1] | {"id": first}, *rows[2:]]


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: [rows[0] | {"count": "77"}, *rows[1:]],  # one cell rewritten in place
        lambda rows: rows[:1] + rows[2:],  # a row deleted
        lambda rows: [*rows, rows[0] | {"id": "NEW-1"}],  # a row added at the end
        lambda rows: [rows[0] | {"id": "RENAMED-1"}, *rows[1:]],  # an id changed: the new id is not last
        _swap_first_ids,  # two ids swapped: the ids' order changes
    ],
    ids=["cell", "delete", "add", "rename", "swap"],
)
def test_the_indexes_of_a_saved_revision_are_those_of_reading_the_file_again(
    editor, events: Path, change
) -> None:
    # a save carries the id indexes over from the revision it replaced instead of building them anew
    revision = store.read_revision(events)
    revision.prepare()
    rows = change(revision.rows())
    result = store.save(revision, store.diff(revision, rows), editor=editor(), confirm_deletions=True)
    assert isinstance(result, store.Saved) and result.written
    saved, again = result.revision, store.read_revision(events)
    assert list(saved.by_id().items()) == list(again.by_id().items())  # the same rows in the same order
    assert all(saved.index()[key] is row for key, row in saved.by_id().items())
    assert saved.keys(saved.rows()) == again.keys(again.rows())
    assert store.diff(saved, rows[1:]).deleted == store.diff(again, rows[1:]).deleted


def _save_over(editor, tmp_path: Path, original: bytes, edit) -> tuple[store.Revision, store.Saved, Path]:
    """Write `original` as events.csv, save `edit(rows, revision)` over it; the revision before and the save."""
    path = tmp_path / "events.csv"
    path.write_bytes(original)
    revision = store.read_revision(path)
    rows = edit(revision.rows(), revision)
    result = store.save(revision, store.diff(revision, rows), editor=editor(), confirm_deletions=True)
    assert isinstance(result, store.Saved) and result.written
    return revision, result, path


@pytest.mark.parametrize(
    "original",
    [
        ORIGINAL,  # CRLF, partly quoted
        b'"id","date","place","sponsor"\r\n"A-1","2021-01-01","Qamishli","Iran"\r\n"A-2","2021","x","Iran"\r\n',
        b"id,date,place\nA-1,2021-01-01,Qamishli\r\nA-2,2021-01-02,Hasakah\r\nA-3,2021-01-03,Raqqa\n",  # mixed
        b'id,date,place\n"A-1","2021-01-01","Qamishli"\n"A-2","2021-01-02","Hasakah"\nA-3,2021,x\n',  # mostly
    ],
    ids=["crlf", "quote-all", "mixed-ends", "one-unquoted"],
)
def test_a_save_without_deletions_keeps_the_dialect_reading_gives(
    editor, tmp_path: Path, original: bytes
) -> None:
    # without deletions the dialect is carried over, not counted again: it must still be what reading gives
    def edit(rows: list[dict[str, str]], revision: store.Revision) -> list[dict[str, str]]:
        blank = {column: "" for column in revision.columns}
        return [
            *rows[:-1],
            rows[-1] | {"place": "Deir ez-Zor"},
            blank | {"id": "NEW-1", "date": "2021-05-05"},
        ]

    _, result, path = _save_over(editor, tmp_path, original, edit)
    assert result.revision.table.dialect == store.read_revision(path).table.dialect
    assert result.revision.table == store.read_revision(path).table


@pytest.mark.parametrize(
    ("original", "gone"),
    [
        (
            b'"id","date","place"\n"A-1","2021-01-01","Qamishli"\n"A-2","2021-01-02","Hasakah"\nA-3,2021,x\n',
            "A-3",
        ),
        (
            b"id,date,place\nA-1,2021-01-01,Qamishli\r\nA-2,2021-01-02,Hasakah\r\nA-3,2021-01-03,Raqqa\n",
            "A-1",
        ),
    ],
    ids=["last-unquoted-row", "line-end-majority"],
)
def test_a_deletion_that_changes_the_dialect_gives_the_dialect_reading_gives(
    editor, tmp_path: Path, original: bytes, gone: str
) -> None:
    revision, result, path = _save_over(
        editor, tmp_path, original, lambda rows, _: [row for row in rows if row["id"] != gone]
    )
    assert result.revision.table.dialect != revision.table.dialect  # the case this test is about
    assert result.revision.table == store.read_revision(path).table


def test_rows_written_with_other_line_ends_inside_give_the_dialect_reading_gives(
    editor, tmp_path: Path
) -> None:
    # an LF file gains three rows whose quoted places hold CRLF line breaks: CRLF becomes the commonest end
    def edit(rows: list[dict[str, str]], revision: store.Revision) -> list[dict[str, str]]:
        blank = {column: "" for column in revision.columns}
        return [
            *rows,
            *(blank | {"id": f"N-{n}", "date": "2021", "place": "one\r\ntwo\r\nthree"} for n in range(3)),
        ]

    _, result, path = _save_over(editor, tmp_path, b"id,date,place\nA-1,2021-01-01,Qamishli\n", edit)
    assert result.revision.table.dialect.lineterminator == "\r\n"  # the case this test is about
    assert result.revision.table == store.read_revision(path).table


def test_an_id_with_surrounding_spaces_is_one_row_not_a_pending_change(editor, tmp_path: Path) -> None:
    # the diff keys rows by their stripped id: the index and the records it rewrites must use the same keys
    revision, result, path = _save_over(
        editor,
        tmp_path,
        b"id,date,place\n E-1 ,2021-01-01,Qamishli\nE-2,2021-01-02,Hasakah\n",
        lambda rows, _: [rows[0] | {"place": "Hasakah city"}, *rows[1:]],
    )
    assert store.diff(revision, revision.rows()).empty  # opened and nothing edited: nothing to save
    assert [
        change.id for change in result.entry and store.diff(revision, result.revision.rows()).changed
    ] == ["E-1"]
    assert path.read_bytes() == b"id,date,place\n E-1 ,2021-01-01,Hasakah city\nE-2,2021-01-02,Hasakah\n"
