"""Density layer: a heat map of events (Leaflet.heat, inlined) that stays readable at any count."""

from __future__ import annotations

from typing import ClassVar

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.plugins import HeatMap

from influence.mapping import assets
from influence.mapping import legend as legend_parts
from influence.mapping.context import LayerContext

LABEL = "Density (heat map)"
KEY = "density"
DEFAULT_ON = False
CELL_DEGREES = 0.01  # about 1 km: events are summed per cell so 100,000 events ship as a few thousand cells
# Leaflet.heat divides every weight by 2 ** (maxZoom - zoom); at its default (18) a town of 50 events showed
# only the faint blue end of the scale at zoom 8. From the whole-country zoom (7) on, a cell counts in full.
FULL_WEIGHT_ZOOM = 7


class OfflineHeatMap(HeatMap):
    """folium's HeatMap with Leaflet.heat inlined instead of fetched from a CDN."""

    default_js: ClassVar[list[tuple[str, str]]] = []

    def render(self, **kwargs: object) -> None:
        """Render with Leaflet.heat inlined once."""
        assets.require(self, "leaflet_heat", "heat_pane")
        super().render(**kwargs)


def cells(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Events summed per grid cell: columns lat, lon (cell centre) and weight (log-scaled count)."""
    lat = (events["lat"].to_numpy(dtype=float) / CELL_DEGREES).round().astype(int)
    lon = (events["lon"].to_numpy(dtype=float) / CELL_DEGREES).round().astype(int)
    counts = pd.DataFrame({"lat": lat, "lon": lon}).value_counts().rename("count").reset_index()
    return pd.DataFrame(
        {
            "lat": (counts["lat"] * CELL_DEGREES).round(4),
            "lon": (counts["lon"] * CELL_DEGREES).round(4),
            # log keeps one busy town from washing every other cell out
            "weight": np.log1p(counts["count"].to_numpy(dtype=float)).round(3),
        }
    )


def state(events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict:
    """The live map's part (influence.mapping.livestate): heat points [lat, lon, weight] and their peak."""
    table = cells(events.loc[selected, ["lat", "lon"]])  # its two columns only: a whole-frame copy cost more
    peak = float(table["weight"].max()) if len(table) else 1.0
    return {"points": table[["lat", "lon", "weight"]].to_numpy().tolist(), "max": peak}


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The heat map overlay (an empty layer when there are no events)."""
    table = cells(events)
    peak = float(table["weight"].max()) if len(table) else 1.0
    return OfflineHeatMap(
        table[["lat", "lon", "weight"]].to_numpy().tolist(),
        name=LABEL,
        show=DEFAULT_ON,
        radius=18,
        blur=14,
        min_opacity=0.3,
        max=peak,
        max_zoom=FULL_WEIGHT_ZOOM,
    )


def legend(context: LayerContext) -> list[str]:
    """The heat colour."""
    swatch = legend_parts.icon("circle", "#f03b20", 0.6)
    return [legend_parts.group("Density", [legend_parts.row(swatch, "heat: events per km²")], KEY)]
