"""`cli.py import`: presets recognised, a summary printed, --out a valid file, --into one audited save."""

from pathlib import Path

from cli import main
from influence.edit import store
from influence.load import validation

DATA = Path(__file__).resolve().parents[1] / "data"


def test_import_recognises_acled_writes_a_valid_file_and_prints_the_summary(tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["import", str(DATA / "intake_acled.csv"), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "289 rows read, 285 events written, 4 rejected" in said
    assert "by sponsor:" in said and "unattributed:" in said and "places unresolved:" in said
    assert "intake_acled.csv:286: event_date:" in said  # each rejected row by line and reason
    report = validation.validate_bytes(out.read_bytes())
    assert report.errors == () and len(report.rows) == 285


def test_import_into_an_events_file_is_one_audited_save_by_the_named_editor(tmp_path, capsys):
    target = tmp_path / "events.csv"
    target.write_bytes((DATA / "validation_good.csv").read_bytes())
    before = len(validation.validate_bytes(target.read_bytes()).rows)
    assert main(["import", str(DATA / "intake_ucdp.csv"), "--into", str(target), "--editor", "Dana"]) == 0
    said = capsys.readouterr().out
    assert "saved" in said
    assert (
        "has no column fatalities, other_actors" in said
    )  # an older file's header: named, not silently lost
    assert len(validation.validate_bytes(target.read_bytes()).rows) == before + 180
    (entry,) = store.audit_entries(target)
    assert (entry.user, entry.action) == ("Dana", "import")


def test_a_generic_csv_needs_a_mapping_and_the_message_says_how(tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["import", str(DATA / "intake_generic.csv"), "--out", str(out)]) == 1
    assert "--mapping FILE" in capsys.readouterr().err
    mapping = str(DATA / "intake_generic_mapping.toml")
    assert main(["import", str(DATA / "intake_generic.csv"), "--mapping", mapping, "--out", str(out)]) == 0
    assert "7 events written" in capsys.readouterr().out


def test_into_without_an_editor_is_refused(tmp_path, capsys):
    assert main(["import", str(DATA / "intake_ucdp.csv"), "--into", str(tmp_path / "e.csv")]) == 2
    assert "--editor" in capsys.readouterr().err
