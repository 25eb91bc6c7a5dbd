"""Validation derives an empty sponsor from the actor registry, says so, and warns when a sponsor disagrees."""

from influence.contract.schema import COLUMN_NAMES
from influence.load import validation


def _validate(*rows: dict) -> validation.Report:
    lines = [",".join(COLUMN_NAMES)]
    for row in rows:
        base = {"id": "A-1", "date": "2019-05-01", "place": "Qamishli", "precision": "town",
                "event_type": "presence", "source": "Fixture Wire (fictional), 2019-05-02",
                "confidence": "confirmed"}  # fmt: skip
        base.update(row)
        lines.append(",".join(f'"{base.get(name, "")}"' for name in COLUMN_NAMES))
    return validation.validate_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def test_an_empty_sponsor_is_derived_from_the_actors_tie_and_the_row_says_from_which():
    report = _validate({"actor": "QDW: National Defense Forces", "sponsor": ""})
    row = report.rows.iloc[0]
    assert report.errors == ()
    assert row["sponsor"] == "Syrian government"
    assert row["attribution"].startswith(
        "derived from National Defence Forces: proxy or backed of Syrian government"
    )


def test_a_derived_sponsor_is_never_surer_than_its_tie():
    row = _validate({"actor": "Wagner", "sponsor": "", "confidence": "confirmed"}).rows.iloc[0]
    assert (row["sponsor"], row["confidence"]) == ("Russia", "probable")
    row = _validate({"actor": "Wagner", "sponsor": "", "confidence": "alleged"}).rows.iloc[0]
    assert row["confidence"] == "alleged"


def test_after_the_fall_of_assad_his_forces_tie_no_longer_derives_a_sponsor():
    report = _validate({"actor": "Syrian Arab Army", "sponsor": "", "date": "2025-01-10"})
    assert len(report.rows) == 0
    (error,) = report.errors
    assert error.column == "sponsor" and "2024-12-08" in error.message and "Unattributed" in error.message


def test_a_sponsor_contradicting_the_registry_is_kept_with_a_warning_naming_both():
    report = _validate({"actor": "Hezbollah", "sponsor": "Russia"})
    assert report.rows.iloc[0]["sponsor"] == "Russia"
    (warning,) = [p for p in report.problems if p.column == "sponsor"]
    assert warning.severity == "warning" and "Russia" in warning.message and "Iran" in warning.message


def test_an_unknown_actor_with_no_sponsor_is_an_error_that_says_what_to_do():
    (error,) = _validate({"actor": "Liwa al-Fixture", "sponsor": ""}).errors
    assert "not in actors.toml" in error.message and "Unattributed" in error.message
