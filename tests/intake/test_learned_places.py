"""Place names from an import with coordinates are added to a local gazetteer file only when confirmed."""

import csv
import io

import pytest

from influence.geo import gazetteer
from influence.intake import conversion, places, preset, registry
from influence.intake.source import Source


@pytest.fixture
def learned_file(tmp_path, monkeypatch):
    path = tmp_path / "learned_places.csv"
    monkeypatch.setenv("LEARNED_PLACES_CSV", str(path))
    gazetteer.refresh()
    yield path
    monkeypatch.delenv("LEARNED_PLACES_CSV")
    gazetteer.refresh()


def test_a_place_only_the_import_knows_resolves_later_once_confirmed(tmp_path, learned_file):
    layout = preset.load("acled").layout
    row = {
        "event_id_cnty": "SYRFX1", "event_date": "02 June 2023", "time_precision": "1", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Hezbollah", "admin1": "Hama", "location": "Tall Fixtura",
        "latitude": "35.2000", "longitude": "36.9000", "geo_precision": "1", "source": "Fixture Wire (fictional)",
    }  # fmt: skip
    source = tmp_path / "acled.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([layout, [row.get(column, "") for column in layout]])
    assert gazetteer.geocode("Tall Fixtura, Hama").status == "unknown"
    summary = conversion.convert(Source.open(source), preset.load("acled"), registry.load(), io.StringIO())
    assert list(summary.unknown_places) == [("Tall Fixtura, Hama", "town")]
    assert not learned_file.exists()  # nothing is written without the editor's say-so
    assert places.learn(summary.unknown_places, "ACLED import of acled.csv") == 1
    match = gazetteer.geocode("Tall Fixtura, Hama")
    assert (match.status, match.lat, match.lon) == ("exact", 35.2, 36.9)
    written = list(csv.DictReader(learned_file.open(encoding="utf-8")))
    assert written[0]["governorate"] == "Hama" and "ACLED import of acled.csv" in written[0]["source"]
    assert places.learn(summary.unknown_places, "again") == 0  # never twice
