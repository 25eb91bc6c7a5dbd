"""Locating one row: the gazetteer's match and near matches for its place, or a click on a small map."""

from __future__ import annotations

import base64
from functools import cache
from typing import ClassVar

import folium
import streamlit as st

from influence.edit import store
from influence.geo import gazetteer, geodata
from influence.mapping.assets import STATIC
from ui.editor import state
from ui.markup import literal

SYRIA_CENTRE = (35.0, 38.5)  # lat, lon


@cache
def _data_uri(relative: str, media_type: str) -> str:
    return f"data:{media_type};base64," + base64.b64encode((STATIC / relative).read_bytes()).decode("ascii")


class ClickMap(folium.Map):
    """A folium map that st_folium can draw with no network."""

    # st_folium drops inline header scripts and loads each element's default_js/default_css by URL
    # (folium's are CDN links: offline the map died with "L is not defined"); data: URIs of the
    # vendored Leaflet load with no network at all.
    default_js: ClassVar[list[tuple[str, str]]] = [
        ("leaflet", _data_uri("leaflet/leaflet.js", "text/javascript"))
    ]
    default_css: ClassVar[list[tuple[str, str]]] = [
        ("leaflet_css", _data_uri("leaflet/leaflet.css", "text/css"))
    ]


def render(revision: store.Revision, rows: list[dict[str, str]]) -> None:
    """Pick a row of the page shown, see how its place geocodes, and set its place or coordinates in one click."""
    if not rows:
        return
    columns = revision.columns
    start, end = state.page_span(state.shown_page())
    positions = range(min(start, len(rows) - 1), min(end, len(rows)))  # the page's rows: a short list
    labels = {n: f"{n + 1}: {rows[n].get(store.ID, '')} {rows[n].get('place', '')}" for n in positions}
    chosen = st.selectbox("Row to locate", positions, format_func=labels.__getitem__, key="edit_locate_row")
    row = rows[chosen]
    _gazetteer(chosen, row, columns)
    _click_map(chosen, row, columns)


def _gazetteer(position: int, row: dict[str, str], columns: tuple[str, ...]) -> None:
    place = row.get("place", "").strip()
    if not place:
        st.caption("No place name in this row: type one in the table, or click the map below.")
        return
    match = gazetteer.geocode(place)
    if match.status == "exact":
        st.success(
            f"{literal(place)} → {literal(match.name)} ({match.lat:.4f}, {match.lon:.4f}), "
            f"precision {literal(match.precision)}."
        )
    elif match.status == "fuzzy":
        st.warning(f"{literal(place)} is not in the gazetteer; nearest is {literal(match.name)}.")
        _use_name(position, match.name or "", columns)
    else:
        what = "could be several places" if match.status == "ambiguous" else "is not in the gazetteer"
        st.warning(f"{literal(place)} {what}. Suggestions:")
        for candidate in match.candidates:
            _use_name(position, candidate, columns)
    if match.lat is not None and match.lon is not None:
        cells = {"lat": f"{match.lat:.5f}", "lon": f"{match.lon:.5f}"}
        label = f"Write the gazetteer's coordinates ({cells['lat']}, {cells['lon']}) into lat and lon"
        _set_cells_button(label, position, cells, columns, f"edit_use_coordinates_{position}")


def _use_name(position: int, name: str, columns: tuple[str, ...]) -> None:
    _set_cells_button(
        f"Use “{literal(name)}”", position, {"place": name}, columns, f"edit_use_place_{position}_{name}"
    )


def _set_cells_button(
    label: str, position: int, cells: dict[str, str], columns: tuple[str, ...], key: str
) -> None:
    """A button that writes `cells` into the row at `position`, keeping the editor's other pending edits."""
    st.button(label, on_click=state.set_cells, args=(position, cells, columns), key=key)


def _click_map(position: int, row: dict[str, str], columns: tuple[str, ...]) -> None:
    with st.expander("Set the location by clicking on a map"):
        from streamlit_folium import st_folium  # imported here: the page works without it until this opens

        clicked = st_folium(
            _map(row), height=320, returned_objects=["last_clicked"], key=f"edit_click_map_{position}"
        )
        point = (clicked or {}).get("last_clicked")
        if not point:
            st.caption("Click where the event happened.")
            return
        cells = {"lat": f"{point['lat']:.5f}", "lon": f"{point['lng']:.5f}"}
        label = f"Set row {position + 1} to {cells['lat']}, {cells['lon']}"
        _set_cells_button(label, position, cells, columns, f"edit_use_click_{position}")


def _map(row: dict[str, str]) -> folium.Map:
    figure = ClickMap(location=SYRIA_CENTRE, zoom_start=6, tiles=None, max_zoom=14)
    outline = geodata.outline()
    folium.GeoJson(
        outline.__geo_interface__, style_function=lambda _: {"color": "#555", "fill": False}
    ).add_to(figure)
    try:
        lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
    except ValueError:
        return figure
    folium.CircleMarker((lat, lon), radius=6, color="#d62728").add_to(figure)  # folium takes lat, lon
    return figure
