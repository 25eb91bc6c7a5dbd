"""CSV and GeoJSON exports: contract columns in order, formulas neutralised, numbers kept, validator round-trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from influence.contract import formulas
from influence.contract.schema import COLUMN_NAMES
from influence.export import dataexport
from influence.load import validation
from influence.load.dataset import load, load_bytes

DATA = Path(__file__).resolve().parents[1] / "data"
FORMULAS = DATA / "export_formulas.csv"
SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_events.csv"


def contract(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[list(COLUMN_NAMES)].reset_index(drop=True)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads Arabic text"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize("text", ["=1+1", "+963", "-minus", "@user", "\tx", "\rx", "'=x", "''-x"])
def test_neutralise_prefixes_formula_starts_and_restore_inverts(text: str) -> None:
    neutral = formulas.neutralise(text)
    assert neutral == "'" + text
    assert formulas.restore(neutral) == text


@pytest.mark.parametrize("text", ["", "plain", "'quoted'", "a=b", "36.2", "'", "''"])
def test_neutralise_leaves_harmless_text_alone(text: str) -> None:
    assert formulas.neutralise(text) == text
    assert formulas.restore(text) == text


def test_csv_has_contract_columns_in_order_then_only_the_attribution_note() -> None:
    dataset = load(SEED)
    rows = csv_rows(dataexport.to_csv(dataset.events))
    assert rows[0] == [*COLUMN_NAMES, "attribution"]
    assert len(rows) == len(dataset.events) + 1


def test_csv_neutralises_text_cells_only_and_keeps_numbers() -> None:
    frame = pd.DataFrame(
        {
            **{name: [""] for name in COLUMN_NAMES},
            "id": ["X-1"],
            "date": [pd.Timestamp("2021-01-02")],
            "end_date": [pd.NaT],
            "lat": [-33.25],
            "lon": [-0.5],
            "count": pd.array([12], dtype="Int64"),
            "actor": ["=cmd|' /C calc'!A0"],
            "description": ["-5 fighters"],
            "source": ["@source"],
            "place": ["+place"],
        }
    )
    header, row = csv_rows(dataexport.to_csv(frame))
    cells = dict(zip(header, row, strict=True))
    assert cells["lon"] == "-0.5" and cells["lat"] == "-33.25" and cells["count"] == "12"
    assert cells["actor"] == "'=cmd|' /C calc'!A0"
    assert cells["description"] == "'-5 fighters"
    assert cells["source"] == "'@source"
    assert cells["place"] == "'+place"
    assert cells["date"] == "2021-01-02" and cells["end_date"] == ""


def test_csv_of_formula_fixture_has_no_cell_a_spreadsheet_would_run() -> None:
    dataset = load(FORMULAS)
    assert len(dataset.events) == 3
    _, *rows = csv_rows(dataexport.to_csv(dataset.events))
    for row in rows:
        for name, cell in zip(dataexport.COLUMNS, row, strict=True):
            if name in formulas.TEXT_COLUMNS:
                assert not cell.startswith(formulas.FORMULA_STARTS), (name, cell)


@pytest.mark.parametrize("path", [SEED, FORMULAS], ids=["seed", "formulas"])
def test_csv_round_trips_through_the_validator(path: Path) -> None:
    dataset = load(path)
    again = validation.validate_bytes(dataexport.to_csv(dataset.events), "export.csv")
    assert [p for p in again.problems if p.severity == "error"] == []
    pd.testing.assert_frame_equal(contract(again.rows), contract(dataset.events))


def test_csv_of_no_events_is_a_header_the_validator_accepts() -> None:
    dataset = load(SEED)
    data = dataexport.to_csv(dataset.events.iloc[0:0])
    assert csv_rows(data) == [[*COLUMN_NAMES, "attribution"]]
    assert validation.validate_bytes(data, "empty.csv").problems == ()  # the note column is not "unknown"


def test_geojson_is_rfc7946_points_with_contract_properties() -> None:
    dataset = load(SEED)
    collection = json.loads(dataexport.to_geojson(dataset.events))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(dataset.events)
    for feature, (_, event) in zip(collection["features"], dataset.events.iterrows(), strict=True):
        assert list(feature["properties"]) == [*COLUMN_NAMES, "attribution"]
        # RFC 7946: longitude first
        assert feature["geometry"] == {"type": "Point", "coordinates": [event["lon"], event["lat"]]}
        assert feature["properties"]["date"] == event["date"].date().isoformat()


def test_geojson_reads_back_in_geopandas_and_through_the_validator() -> None:
    dataset = load(FORMULAS)
    data = dataexport.to_geojson(dataset.events)
    frame = gpd.read_file(io.BytesIO(data))
    assert frame.crs.to_epsg() == 4326
    assert shapely.equals(frame.geometry.values, dataset.events.geometry.values).all()
    properties = pd.DataFrame([f["properties"] for f in json.loads(data)["features"]])
    # the properties hold canonical values (text kept as is: JSON runs no formula), so the CSV writer
    # can turn them back into a file the validator reads as the same events
    again = validation.validate_bytes(dataexport.to_csv(properties), "from-geojson.csv")
    pd.testing.assert_frame_equal(contract(again.rows), contract(dataset.events))
    assert properties.loc[0, "actor"].startswith("=")  # not neutralised in GeoJSON


def test_an_event_whose_sponsor_was_derived_says_so_with_the_relation_in_both_exports() -> None:
    header = ",".join(COLUMN_NAMES)
    given = {"id": "D-1", "date": "2019-05-01", "place": "Qamishli", "precision": "town", "event_type": "presence",
             "source": "Fixture Wire (fictional), 2019-05-02", "confidence": "confirmed"}  # fmt: skip
    derived = given | {"actor": "QDW: National Defense Forces"}  # no sponsor: derived from actors.toml
    reported = given | {"id": "D-2", "actor": "Hezbollah", "sponsor": "Iran"}
    lines = [header] + [
        ",".join(f'"{row.get(name, "")}"' for name in COLUMN_NAMES) for row in (derived, reported)
    ]
    dataset = load_bytes(("\n".join(lines) + "\n").encode("utf-8"), "derived.csv")
    relation = "derived from National Defence Forces: proxy or backed of Syrian government"
    _, first, second = csv_rows(dataexport.to_csv(dataset.events))
    cells = dict(zip(dataexport.COLUMNS, first, strict=True))
    assert cells["sponsor"] == "Syrian government" and cells["attribution"].startswith(relation)
    assert dict(zip(dataexport.COLUMNS, second, strict=True))["attribution"] == ""  # reported, not derived
    features = json.loads(dataexport.to_geojson(dataset.events))["features"]
    assert features[0]["properties"]["attribution"].startswith(relation)
    assert features[1]["properties"]["attribution"] is None
