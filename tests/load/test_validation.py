"""Every kind of bad input in tests/data/validation_*.csv gets one plain message naming its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from influence.geo.gazetteer import normalise
from influence.load.validation import Report, validate_bytes

DATA = Path(__file__).resolve().parents[1] / "data"


def check(name: str) -> Report:
    """Validate one committed fixture file."""
    return validate_bytes((DATA / f"validation_{name}.csv").read_bytes(), name)


def found(report: Report, line: int | None, column: str | None, severity: str = "error") -> list[str]:
    """Messages of the problems at one line and column."""
    return [p.message for p in report.problems if (p.line, p.column, p.severity) == (line, column, severity)]


def ids(report: Report) -> list[str]:
    return list(report.rows["id"])


def test_good_file_loads_every_row_without_problems():
    report = check("good")
    assert report.problems == ()
    assert ids(report) == ["G-1", "G-2", "G-3"]
    assert list(report.rows["line"]) == [2, 3, 4]
    assert report.rows.loc[2, "location_source"] == "coordinates"
    assert normalise(report.rows.loc[0, "place_resolved"]) == normalise("Al Qamishli")


def test_byte_order_mark_is_not_part_of_the_first_column():
    report = check("bom")
    assert report.problems == () and ids(report) == ["B-1"] and report.encoding == "utf-8-sig"


def test_crlf_line_ends_are_read_and_not_kept_in_values():
    report = check("crlf")
    assert report.problems == ()
    assert list(report.rows["confidence"]) == ["probable", "probable"]


def test_windows_1256_is_named_and_arabic_is_kept():
    report = check("cp1256")
    assert report.encoding == "cp1256"
    assert any("Windows-1256" in p.message and p.severity == "warning" for p in report.problems)
    assert report.rows.loc[0, "description"] == "تجنيد في القامشلي"
    assert normalise(report.rows.loc[0, "place_resolved"]) == normalise("Al Qamishli")
    assert ids(report) == ["W-1", "W-2"]


def test_blank_rows_are_reported_and_do_not_shift_line_numbers():
    report = check("blank_rows")
    assert found(report, 3, None, "warning") == ["blank row ignored"]
    assert found(report, 4, None, "warning") == ["blank row ignored"]
    assert list(report.rows["line"]) == [2, 5]


def test_rows_with_too_many_or_too_few_cells():
    report = check("cell_count")
    assert "an unquoted comma?" in found(report, 2, None)[0]
    assert "a separator is missing" in found(report, 3, None)[0]
    assert "ignored" in found(report, 4, None, "warning")[0]
    assert ids(report) == ["N-3", "N-4"]


def test_duplicate_id_names_the_first_line():
    report = check("duplicate_ids")
    assert found(report, 3, "id") == ["duplicate id: line 2 already uses it"]
    assert ids(report) == ["D-1", "D-2"]


def test_missing_required_column_is_named_and_nothing_is_invented():
    report = check("header_missing")
    assert found(report, 1, "sponsor") == ["missing column 'sponsor': no event can be read"]
    assert report.rows.empty


def test_duplicate_column_is_an_error_and_the_first_is_used():
    report = check("header_duplicate")
    assert "duplicate column" in found(report, 1, "lat")[0]


def test_unknown_columns_are_named_with_a_suggestion():
    report = check("header_unknown")
    assert "did you mean 'lat'?" in found(report, 1, "lattitude", "warning")[0]
    assert found(report, 1, "notes", "warning") == ["unknown column, ignored"]
    assert found(report, 1, "lat", "warning") == ["missing column 'lat': treated as empty"]


def test_dates_are_never_guessed():
    report = check("dates")
    assert "ambiguous date: it could be 2021-04-03 or 2021-03-04" in found(report, 2, "date")[0]
    assert "if you mean 2021-01-15" in found(report, 3, "date")[0]
    assert "ISO 8601" in found(report, 4, "date")[0]
    assert found(report, 5, "end_date") == ["end_date is before date"]
    assert "not a real calendar date" in found(report, 6, "date")[0]
    assert ids(report) == ["T-6", "T-7"]
    month = report.rows.iloc[0]
    assert (month["date"].isoformat()[:10], month["end_date"].isoformat()[:10]) == (
        "2021-01-01",
        "2021-01-31",
    )


def test_decimal_comma_is_named_not_misread():
    report = check("decimal_comma")
    assert found(report, 2, "lat") == ["decimal comma: write 33.5138 with a dot"]
    assert found(report, 2, "lon") == ["decimal comma: write 36.2765 with a dot"]
    assert ids(report) == ["M-2"]


def test_coordinates_checked_against_the_boundary_and_the_gazetteer():
    report = check("coordinates")
    assert found(report, 2, "lat") == ["coordinates out of range"]
    assert "outside Syria" in found(report, 3, "lat")[0]  # Beirut
    assert "outside Syria" in found(report, 4, "lat")[0]  # Baghdad
    assert "swapped" in found(report, 5, "lat")[0]  # Damascus, lat and lon exchanged
    assert "from Damascus in the gazetteer" in found(report, 6, "lat", "warning")[0]
    assert found(report, 7, "lon") == ["lat and lon must be given together"]
    assert ids(report) == ["X-5", "X-7"]


def test_places_resolve_exactly_fuzzily_or_are_reported():
    report = check("places")
    assert "place not in the gazetteer" in found(report, 2, "place")[0]
    assert "matched by spelling to 'Al Q" in found(report, 3, "place", "warning")[0]
    assert "no location" in found(report, 4, "place")[0]
    assert found(report, 5, "place", "warning") == []
    assert "ambiguous place" in found(report, 6, "place")[0]
    assert ids(report) == ["P-2", "P-4"]


def test_sponsor_aliases_are_normalised_and_unknown_ones_get_a_suggestion():
    report = check("sponsors")
    assert "did you mean 'Russia'?" in found(report, 2, "sponsor")[0]
    assert "unknown sponsor" in found(report, 5, "sponsor")[0]
    assert "unknown event type" in found(report, 6, "event_type")[0]
    assert "unknown confidence" in found(report, 7, "confidence")[0]
    assert dict(zip(report.rows["id"], report.rows["sponsor"], strict=True)) == {
        "S-2": "Turkey",
        "S-3": "Russia",
    }


def test_text_over_the_limit_is_a_warning_that_keeps_the_event():
    report = check("long_text")
    expected = "text is 2,100 characters long, over the 2,000 expected: kept"
    assert found(report, 2, "description", "warning") == [expected]
    assert found(report, 3, "actor", "warning") == [
        "text is 200 characters long, over the 160 expected: kept"
    ]
    assert ids(report) == ["L-1", "L-2", "L-3"]
    assert len(report.rows.loc[0, "description"]) == 2100  # kept whole, never cut


def test_only_http_links_are_accepted():
    report = check("urls")
    for line in (2, 3, 4):
        assert "http:// or https://" in found(report, line, "source_url")[0]
    assert ids(report) == ["R-4"]


def test_unclosed_quote_names_the_lines_it_swallowed():
    report = check("unclosed_quote")
    messages = [p.message for p in report.problems if p.line == 2]
    assert any("unclosed quote" in message for message in messages), report.problems


def test_counts_must_be_whole_numbers():
    report = check("counts")
    assert found(report, 3, "count")[0].startswith("the count must be a whole number")
    assert found(report, 4, "count") == ["write the count without separators: 1000"]
    assert found(report, 5, "count")[0].startswith("the count must be a whole number")
    assert report.rows["count"].tolist() == [205]


@pytest.mark.parametrize("data", [b"", b"\n", b"\xff\xfe\x00", b'"', b"id\n1\n"])
def test_nothing_raises_on_garbage(data: bytes):
    report = validate_bytes(data)
    assert report.errors, "garbage must be reported as an error"
    assert report.rows.empty


def test_one_bad_row_never_hides_another():
    report = check("dates")
    lines_with_errors = sorted({p.line for p in report.errors})
    assert lines_with_errors == [2, 3, 4, 5, 6]
