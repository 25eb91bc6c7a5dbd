"""What every layer may read besides the events: the vocabulary and the offline geodata."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from influence.contract import vocabulary
from influence.contract.vocabulary import Vocabulary
from influence.geo import geodata

CRS = "EPSG:4326"


def _empty_shapes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": pd.Series(dtype=str)}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


@dataclass(frozen=True)
class LayerContext:
    """Declarations and geodata shared by the layers (frames in EPSG:4326; empty frames draw nothing)."""

    vocabulary: Vocabulary
    governorates: gpd.GeoDataFrame = field(default_factory=_empty_shapes)
    outline: gpd.GeoDataFrame = field(default_factory=_empty_shapes)
    neighbours: gpd.GeoDataFrame = field(default_factory=_empty_shapes)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)


def load_context() -> LayerContext:
    """The context from vocabulary.toml and the committed geodata/ files."""
    shapes = _geodata()
    return LayerContext(vocabulary.load(), *shapes)


@lru_cache(maxsize=1)
def _geodata() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    # simplified once: ~100 m is invisible at country zoom and keeps the page small
    tolerance = 0.001
    governorates = geodata.governorates()[["name", "geometry"]]
    governorates = governorates.assign(geometry=governorates.simplify(tolerance, preserve_topology=True))
    outline = gpd.GeoDataFrame({"name": ["Syria"]}, geometry=[geodata.outline()], crs=CRS)
    neighbours = geodata.neighbours()
    neighbours = neighbours.assign(geometry=neighbours.simplify(tolerance, preserve_topology=True))
    if "name" not in neighbours.columns:
        neighbours = neighbours.assign(name="")
    return governorates, outline, neighbours[["name", "geometry"]], geodata.places()
