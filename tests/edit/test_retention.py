"""Backups stay bounded by the declared policy, and never lose the last copy of a version still needed."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from influence.contract import settings
from influence.edit import access, store
from influence.edit.history import retention
from influence.edit.history.audit import AuditEntry
from influence.edit.history.backups import Backup

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def policy_file(tmp_path: Path, text: str) -> Path:
    """A settings.toml holding `text`."""
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_twenty_saves_leave_only_what_the_policy_keeps(
    editor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    declared = policy_file(tmp_path, "[backups]\nkeep_last = 5\nkeep_daily_days = 0\n")
    monkeypatch.setenv("INFLUENCE_SETTINGS", str(declared))
    who = editor()
    for count in range(20):
        revision = store.read_revision(path)
        rows = [row | {"count": str(100 + count)} if row["id"] == "E-1" else row for row in revision.rows()]
        assert isinstance(store.save(revision, store.diff(revision, rows), editor=who), store.Saved)
    kept = store.list_backups(path)
    assert len(kept) == 5  # without a policy: 20 backups, one per save
    # the five kept are the versions the last five saves replaced: each of those saves can be undone
    entries = store.audit_entries(path)
    folder = store.backup_folder(path)
    assert {store.content_hash((folder / b.name).read_bytes()) for b in kept} == {
        e.sha256_before for e in entries[-5:]
    }
    assert len(entries) == 20  # the audit log keeps every save


def _backup(moment: datetime, tag: str) -> Backup:
    stamp = moment.strftime("%Y%m%dT%H%M%S.%fZ")
    return Backup(f"events.{stamp}.{tag[:8]:0<8}.csv", moment.strftime("%Y-%m-%dT%H:%M:%SZ"), tag[:8], 1)


def _entry(moment: datetime, before: str) -> AuditEntry:
    when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return AuditEntry(when, "ed", "password", "save", "events.csv", before, "after", (), (), {})


def test_the_newest_of_each_day_is_kept_for_the_declared_days() -> None:
    backups = [_backup(NOW - timedelta(hours=6 * n), f"v{n}") for n in range(40)]  # 4 a day for 10 days
    hashes = {b.name: b.sha256_prefix for b in backups}
    policy = settings.Retention(keep_last=2, keep_daily_days=5)
    doomed = set(retention.doomed(backups, hashes, [], policy, NOW))
    kept = [b for b in backups if b.name not in doomed]
    days = sorted({b.time[:10] for b in kept})
    assert kept[:2] == backups[:2]  # the newest two
    assert days == [(NOW - timedelta(days=d)).strftime("%Y-%m-%d") for d in range(5, -1, -1)]
    assert len(kept) == 2 + 5  # two newest (today) + the newest of each of the 5 earlier days in the window


def test_the_only_copy_of_a_version_a_recent_save_replaced_is_never_deleted() -> None:
    x, y = "0a0a0a0a" + "1" * 56, "0b0b0b0b" + "2" * 56
    old = _backup(NOW - timedelta(days=90), x)  # outside every rule of the policy ...
    new = _backup(NOW - timedelta(minutes=1), y)
    hashes = {old.name: x, new.name: y}
    entries = [_entry(NOW - timedelta(minutes=2), x)]  # ... but the last save replaced version x
    policy = settings.Retention(keep_last=1, keep_daily_days=0)
    assert retention.doomed([new, old], hashes, entries, policy, NOW) == []
    assert retention.doomed([new, old], hashes, [], policy, NOW) == [old.name]  # no save needs it: it goes


def test_a_second_copy_of_the_same_bytes_goes_first() -> None:
    first, again = (
        _backup(NOW - timedelta(hours=2), "aaaa0000"),
        _backup(NOW - timedelta(hours=1), "aaaa0000"),
    )
    hashes = {first.name: "same", again.name: "same"}
    doomed = retention.doomed([again, first], hashes, [], settings.Retention(keep_last=5), NOW)
    assert doomed == [first.name]  # the newest copy stays, so no version loses its only copy


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[backups]\nkeep_last = 0\n", "keep_last = 0"),
        ("[backups]\nkeep_daily_days = -1\n", "keep_daily_days = -1"),
        ('[backups]\npage_size = "20"\n', "page_size = '20'"),
        ("[backups\n", "not valid TOML"),
    ],
)
def test_a_bad_setting_is_an_error_naming_file_key_and_value(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(settings.SettingsError, match=r"settings\.toml") as raised:
        settings.load(policy_file(tmp_path, text))
    assert named in str(raised.value)


def test_the_bundled_settings_declare_the_policy() -> None:
    declared = settings.load(settings.SETTINGS_TOML).backups
    assert declared.keep_last >= 1 and declared.keep_daily_days >= 0 and declared.page_size >= 1


def test_the_backups_tab_lists_one_page_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from influence.edit import throttle

    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    folder = store.backup_folder(path)
    folder.mkdir()
    for n in range(45):  # 45 kept versions (written by hand: a policy that keeps them all)
        stamp = (NOW - timedelta(hours=n)).strftime("%Y%m%dT%H%M%S.%fZ")
        (folder / f"events.{stamp}.{n:08x}.csv").write_bytes(path.read_bytes())
    monkeypatch.setenv("EVENTS_CSV", str(path))
    monkeypatch.setenv("INFLUENCE_SETTINGS", str(policy_file(tmp_path, "[backups]\npage_size = 20\n")))
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle())

    def page() -> None:
        from ui.editor import page as edit_page

        edit_page.render()

    app = AppTest.from_function(page, default_timeout=30)
    app.secrets["editors"] = {"ed": access.hash_password("pw", iterations=access.MIN_ITERATIONS)}
    app.run()
    app.text_input(key="edit_login_user").input("ed")
    app.text_input(key="edit_login_password").input("pw")
    next(button for button in app.button if button.label == "Log in").click()
    app.run()
    listed = next(frame.value for frame in app.dataframe if "saved over at" in frame.value.columns)
    assert len(listed) == 20 and listed.iloc[0]["name"].endswith(".00000000.csv")
    app.number_input(key="edit_backups_page").set_value(3).run()
    listed = next(frame.value for frame in app.dataframe if "saved over at" in frame.value.columns)
    assert len(listed) == 5 and listed.iloc[-1]["name"].endswith(f".{44:08x}.csv")
    assert not app.exception
