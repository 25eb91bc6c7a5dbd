"""Offline boundaries and gazetteer files from geodata/, read once and cached (rebuilt by scripts/build_geodata.py)."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[2]  # influence/<package>/<module>.py -> the project root
GEODATA = ROOT / "geodata"
CRS = "EPSG:4326"
METRIC_CRS = "EPSG:32637"  # UTM 37N spans Syria; distances in metres for buffers and nearest joins
BORDER_SLACK_KM = 1.0  # simplified borders move up to ~0.5 km; border towns must still count


@lru_cache(maxsize=1)
def governorates() -> gpd.GeoDataFrame:
    """The 14 governorates and the UNDOF strip, with English, Natural Earth and multilingual names."""
    return gpd.read_file(GEODATA / "governorates.geojson").set_crs(CRS, allow_override=True)


@lru_cache(maxsize=1)
def outline() -> BaseGeometry:
    """Syria's outline (UNDOF strip included) as one shapely geometry in lon/lat."""
    return gpd.read_file(GEODATA / "syria.geojson").set_crs(CRS, allow_override=True).geometry.iloc[0]


@lru_cache(maxsize=1)
def neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries' outlines, clipped to a box around Syria."""
    return gpd.read_file(GEODATA / "neighbours.geojson").set_crs(CRS, allow_override=True)


@lru_cache(maxsize=1)
def places() -> pd.DataFrame:
    """The GeoNames gazetteer of Syrian places (one row per place, lat/lon in degrees)."""
    return pd.read_csv(
        GEODATA / "places.csv", dtype={"alternates": str, "name_ar": str}, keep_default_na=False
    )


@lru_cache(maxsize=1)
def governorate_aliases() -> pd.DataFrame:
    """Other spellings of governorate names (columns alias, governorate), as sources write them."""
    return pd.read_csv(GEODATA / "governorate_aliases.csv", dtype=str, keep_default_na=False)


def sites() -> pd.DataFrame:
    """Hand-curated sites the gazetteer lacks (camps, bases, regions), each with its precision."""
    return pd.read_csv(GEODATA / "sites.csv", dtype=str, keep_default_na=False).astype(
        {"lat": float, "lon": float}
    )


def learned_places_path() -> Path:
    """Where place names learned from imports are kept ($LEARNED_PLACES_CSV, else geodata/learned_places.csv)."""
    return Path(os.environ.get("LEARNED_PLACES_CSV") or GEODATA / "learned_places.csv")


def learned_places() -> pd.DataFrame:
    """Place names an editor confirmed from imports with coordinates (the columns of sites.csv + governorate)."""
    path = learned_places_path()
    if not path.exists():
        return pd.DataFrame(
            columns=["name", "name_ar", "alternates", "lat", "lon", "precision", "governorate"]
        )
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype({"lat": float, "lon": float})


@lru_cache(maxsize=1)
def _tolerant_outline() -> BaseGeometry:
    """The outline grown by the border tolerance, prepared for fast point tests."""
    metric = gpd.GeoSeries([outline()], crs=CRS).to_crs(METRIC_CRS)
    grown = metric.buffer(BORDER_SLACK_KM * 1000).to_crs(CRS).iloc[0]
    shapely.prepare(grown)
    return grown


def in_syria(lat: float, lon: float) -> bool:
    """True when the point lies in Syria or within about 1 km of its border."""
    if not all(isinstance(value, int | float) and math.isfinite(value) for value in (lat, lon)):
        return False
    # callers pass lat, lon; shapely wants lon, lat
    return bool(_tolerant_outline().contains(shapely.Point(lon, lat)))


def assign_governorates(
    frame: gpd.GeoDataFrame,
    polygons: gpd.GeoDataFrame | None = None,
    tolerance_km: float = BORDER_SLACK_KM,
) -> pd.Series:
    """Governorate name per row (index-aligned); points just outside take the nearest, else None."""
    polygons = governorates() if polygons is None else polygons
    # a frame without a CRS is taken to be lon/lat, the only CRS the app's data uses
    crs = frame.crs or CRS
    points = gpd.GeoDataFrame(geometry=list(frame.geometry.values), crs=crs).to_crs(CRS)
    areas = polygons[["name", "geometry"]].to_crs(CRS)
    inside = points.sjoin(areas, how="left", predicate="within")
    names = inside[~inside.index.duplicated(keep="first")]["name"].reindex(points.index)

    missing = names.isna() & points.geometry.notna() & ~points.geometry.is_empty
    if missing.any() and tolerance_km > 0:
        near = (
            points[missing]
            .to_crs(METRIC_CRS)
            .sjoin_nearest(areas.to_crs(METRIC_CRS), how="left", max_distance=tolerance_km * 1000)
        )
        near = near[~near.index.duplicated(keep="first")]["name"]
        names = names.fillna(near.reindex(names.index))
    result = names.astype(object).where(names.notna(), None)
    return pd.Series(result.to_numpy(), index=frame.index, name="governorate", dtype=object)
