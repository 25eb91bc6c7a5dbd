"""Whole fixtures in the ACLED, UCDP GED and a user's own layout: every row converted or reported, by line."""

import csv
import io
from pathlib import Path

import pytest

from influence.intake import conversion, preset, registry
from influence.intake.source import Source
from influence.load import validation

DATA = Path(__file__).resolve().parents[1] / "data"
CASES = {
    "acled": ("acled", "intake_acled.csv"),
    "ucdp": ("ucdp", "intake_ucdp.csv"),
    "generic": (str(DATA / "intake_generic_mapping.toml"), "intake_generic.csv"),
}


def _convert(case: str) -> tuple[conversion.Summary, str]:
    name, file = CASES[case]
    out = io.StringIO()
    summary = conversion.convert(Source.open(DATA / file), preset.load(name), registry.load(), out)
    return summary, out.getvalue()


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_source_row_is_written_or_rejected_with_its_line_and_reason(case):
    summary, text = _convert(case)
    with (DATA / CASES[case][1]).open(encoding="utf-8", newline="") as handle:
        source_rows = sum(1 for _ in csv.reader(handle)) - 1
    written = list(csv.DictReader(io.StringIO(text)))
    assert summary.rows_read == source_rows
    assert summary.written == len(written) and summary.written + summary.rejected_rows == source_rows
    assert len(summary.rejections) == summary.rejected_rows
    assert all(rejected.line >= 2 and rejected.reason for rejected in summary.rejections)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_written_file_is_contract_valid_as_it_stands(case):
    _, text = _convert(case)
    report = validation.validate_bytes(text.encode("utf-8"))
    assert report.errors == ()
    assert len(report.rows) == text.count("\n") - 1


def test_acled_events_of_each_power_are_attributed_from_the_actor_names_alone():
    summary, text = _convert("acled")
    for power in ("Iran", "Russia", "Turkey", "United States", "Syrian government"):
        assert summary.by_sponsor[power] > 0, power
    assert summary.unattributed > 0 and summary.derived > 0
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["SYRFX0003"]["sponsor"] == ""  # derived by validation from the actor, not written in


def test_an_acled_event_after_8_december_2024_is_not_the_assad_governments():
    _, text = _convert("acled")
    report = validation.validate_bytes(text.encode("utf-8"))
    events = report.rows.set_index("id")
    assert events.loc["SYRFX9001", "sponsor"] == "Syrian government"  # 8 December 2024 itself
    assert events.loc["SYRFX9002", "sponsor"] == "Unattributed"  # the day after
    late = events[
        (events["date"] > "2024-12-08") & events["actor"].str.startswith("Military Forces of Syria")
    ]
    assert len(late) and (late["sponsor"] != "Syrian government").all()


def test_rejections_name_the_source_line_and_why():
    summary, _ = _convert("acled")
    reasons = {rejected.line: rejected.reason for rejected in summary.rejections}
    assert "31 Febtember 2023" in reasons[286]
    assert reasons[287].startswith("no location")
    assert "outside Syria" in reasons[288]
    assert reasons[289].startswith("duplicate id")


def test_ucdp_country_and_water_positions_are_rejected_and_a_governorate_is_an_area():
    summary, text = _convert("ucdp")
    assert any(reason.startswith("where_prec: where_prec N") for reason in summary.rejected)
    rows = list(csv.DictReader(io.StringIO(text)))
    governorate_only = [
        row for row in rows if row["place"].endswith("governorate") and "," not in row["place"]
    ]
    assert governorate_only and all(row["precision"] == "region" for row in governorate_only)
    assert all(row["fatalities"].isdigit() for row in rows)


def test_a_generic_csv_with_a_saved_mapping_resolves_town_and_governorate_strings():
    summary, text = _convert("generic")
    report = validation.validate_bytes(text.encode("utf-8"))
    events = report.rows.set_index("id")
    assert events.loc["G-001", "place_resolved"] == "Arīḩā"  # "Ariha, Idlib"
    assert events.loc["G-004", "place_resolved"] == "Arīḩā"  # the same, in Arabic
    assert events.loc["G-003", "precision"] == "region"  # only the governorate is known
    assert events.loc["G-003", "place_resolved"] == "Idlib governorate"
    rejected = {r.line: r.reason for r in summary.rejections}
    assert rejected[3].startswith("place not in the gazetteer")  # "Majdal, Hama" is not Majdal Shams
    assert events.loc["G-006", "sponsor"] == "Russia"  # the file's own sponsor is kept...
    contradiction = [p for p in report.problems if p.column == "sponsor" and p.severity == "warning"]
    assert contradiction and "Turkey" in contradiction[0].message and "Russia" in contradiction[0].message


def test_a_broken_quote_stops_reading_with_the_line_named_not_a_traceback(tmp_path):
    layout = preset.load("acled").layout
    path = tmp_path / "broken.csv"
    path.write_text(",".join(layout) + "\n" + 'SYRFX1,"02 June 2023' + "\n", encoding="utf-8")
    out = io.StringIO()
    summary = conversion.convert(Source.open(path), preset.load("acled"), registry.load(), out)
    assert summary.written == 0
    assert summary.rows_read + (summary.stopped is not None) >= 1
