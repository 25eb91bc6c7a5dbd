"""Basemaps: an offline 'boundaries' map drawn from geodata/ (the default), and optional online tiles."""

from __future__ import annotations

import json

import folium
import xyzservices.providers as providers

from influence.mapping.context import LayerContext
from influence.mapping.htmltext import escape

BOUNDARIES = "boundaries"
LABEL = "Boundaries (offline)"
OVERLAY_LABEL = "Borders and places"
PLACE_LABELS = 30  # the most populous places get a label; more would crowd the country view
SEA = "#d4e6f1"
# key -> (label in the layer control, xyzservices provider); online, so never the default
TILES = {
    "osm": ("OpenStreetMap (online)", providers.OpenStreetMap.Mapnik),
    # CARTO now wants an API key (xyzservices warns), so the light map is Esri's keyless grey canvas
    "light": ("Light grey, Esri (online)", providers.Esri.WorldGrayCanvas),
    "satellite": ("Satellite, Esri World Imagery (online)", providers.Esri.WorldImagery),
}
KEYS: tuple[str, ...] = (BOUNDARIES, *TILES)


def add_to(m: folium.Map, context: LayerContext, chosen: str = BOUNDARIES) -> dict[str, folium.map.Layer]:
    """Add every basemap to `m` (only `chosen` shown) plus the borders-and-places overlay; returns the
    basemaps by key (the live map reports which one the analyst picks in the layer control)."""
    if chosen not in KEYS:
        raise ValueError(f"unknown basemap {chosen!r}; choose one of {', '.join(KEYS)}")
    land = folium.FeatureGroup(name=LABEL, overlay=False, show=chosen == BOUNDARIES)
    _shapes(context.neighbours, fill="#ecebe6", line="#9a9a9a", weight=1).add_to(land)
    _shapes(context.outline, fill="#fdfcf8", line="#fdfcf8", weight=0).add_to(land)
    land.add_to(m)
    added: dict[str, folium.map.Layer] = {BOUNDARIES: land}
    for key, (label, provider) in TILES.items():
        added[key] = folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=label,
            overlay=False,
            show=key == chosen,
            max_zoom=provider.get("max_zoom", 18),
        ).add_to(m)
    borders(context).add_to(m)
    return added


def borders(context: LayerContext) -> folium.FeatureGroup:
    """Governorate lines, the national border and labels of the major places (all offline)."""
    group = folium.FeatureGroup(name=OVERLAY_LABEL, overlay=True, show=True)
    _shapes(context.governorates, fill=None, line="#7a7a7a", weight=1, dash="4 3").add_to(group)
    _shapes(context.outline, fill=None, line="#333333", weight=2).add_to(group)
    places = context.places
    if len(places):
        for row in places.nlargest(PLACE_LABELS, "population").itertuples():
            folium.Marker(
                [row.lat, row.lon],
                icon=folium.DivIcon(
                    html=f'<div class="place-label"><span class="place-dot"></span>{escape(row.name)}</div>',
                    icon_size=(0, 0),
                    class_name="place-icon",
                ),
                interactive=False,
            ).add_to(group)
    return group


def style() -> str:
    """CSS for the offline basemap (sea colour behind the land, unobtrusive place labels)."""
    return (
        f".folium-map.leaflet-container {{ background: {SEA}; }}"
        ".place-icon { pointer-events: none; }"
        # Chrome outlines a clicked SVG path (a governorate picked on the map) with a black focus box
        ".leaflet-interactive:focus { outline: none; }"
        ".place-label { position: absolute; transform: translate(-3px, -7px); white-space: nowrap;"
        " font: 11px/1.2 sans-serif; color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }"
        ".place-dot { display: inline-block; width: 5px; height: 5px; margin-right: 3px;"
        " border-radius: 50%; background: #333; vertical-align: middle; }"
    )


def _shapes(frame, *, fill: str | None, line: str, weight: float, dash: str | None = None) -> folium.GeoJson:
    # one style for the whole layer: a style_function per feature would write one JS case per feature
    shape_style = {
        "color": line,
        "weight": weight,
        "fill": fill is not None,
        "fillColor": fill or line,
        "fillOpacity": 1 if fill else 0,
        "dashArray": dash,
    }
    return folium.GeoJson(
        _geojson(frame), style_function=lambda _: shape_style, interactive=False, control=False
    )


_GEOJSON: dict[int, tuple[object, dict]] = {}


def _geojson(frame) -> dict:
    # the context's frames live for the whole process: serialise each once, not on every rerun
    cached = _GEOJSON.get(id(frame))
    if cached is None or cached[0] is not frame:
        data = (
            json.loads(frame[["geometry"]].to_json())
            if len(frame)
            else {"type": "FeatureCollection", "features": []}
        )
        cached = _GEOJSON[id(frame)] = (frame, data)
    return cached[1]
