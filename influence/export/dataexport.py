"""The events shown, written as CSV or GeoJSON: the contract's columns, re-readable by the validator, then the
derived note of schema.EXPORTED_COLUMNS ("derived from <tie>" when the sponsor came from actors.toml)."""

from __future__ import annotations

import csv
import io
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd

from influence.contract.formulas import TEXT_COLUMNS, neutralise
from influence.contract.schema import BY_NAME, COLUMN_NAMES, EXPORTED_COLUMNS

COLUMNS: tuple[str, ...] = (*COLUMN_NAMES, *EXPORTED_COLUMNS)  # what an export writes, in order


def to_csv(events: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so Excel keeps Arabic text) of COLUMNS in order, formulas neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in _records(events):
        writer.writerow(_csv_cell(name, record[name]) for name in COLUMNS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_geojson(events: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 FeatureCollection (EPSG:4326): one Point per event, properties = COLUMNS (null when empty)."""
    features = []
    for record in _records(events):
        properties = {name: _plain(name, record[name]) for name in COLUMNS}
        # RFC 7946 positions are [longitude, latitude]: the reverse of the lat, lon columns
        coordinates = [properties["lon"], properties["lat"]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": coordinates},
                "properties": properties,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _records(events: pd.DataFrame) -> list[dict]:
    """Plain dicts of COLUMNS (other derived columns and the geometry left out; a missing note is empty)."""
    return events.reindex(columns=list(COLUMNS)).to_dict("records")


def _missing(value: object) -> bool:
    return (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value)
    )


def _plain(name: str, value: object) -> object:
    """Canonical Python value of one cell: ISO date text, float, int, str or None."""
    if _missing(value):
        return None
    kind = BY_NAME[name].kind if name in BY_NAME else "text"  # the exported notes are text
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    return str(value)


def _csv_cell(name: str, value: object) -> str:
    plain = _plain(name, value)
    if plain is None:
        return ""
    if isinstance(plain, float):
        # positional and shortest-exact: the validator accepts no exponent (1e-05) and must read back the same float
        return np.format_float_positional(plain, trim="-")
    text = str(plain)
    return neutralise(text) if name in TEXT_COLUMNS or name in EXPORTED_COLUMNS else text
