"""Callouts placed on the map: a click adds a label, an arrow or a circled area, or moves the chosen callout.

The map is the stamped composition every export draws (snapshot.compose, callouts included), shown in the
project's live-map component (ui/explore/livemap.py), which reports a click that hits no event as
(lat, lon). The click runs before the script, so the callout list and the form show the new callout at once.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import replace

import streamlit as st

from influence.export import snapshot, stamp
from influence.load.dataset import Dataset
from influence.mapping import livestate
from influence.mapping.context import load_context
from influence.mapping.htmltext import escape
from influence.view import query, rules, viewfile
from influence.view.model import Annotation, View
from layers import LAYERS
from ui.explore import livemap

MODE = "brief_click_mode"  # session key of the radio: what a click on the map does
PICK = "brief_callout_pick"  # session key of the callout list (0: a new callout)
VIEW = "brief_view"
MAP_KEY = "brief_click_map"
ADD = {"Adds a label": "label", "Adds an arrow": "arrow", "Adds a circled area": "circle"}
MOVE_POINT, MOVE_LABEL, NOTHING = (
    "Moves the chosen callout's point",
    "Moves its label (a circle: its edge)",
    "Nothing",
)
MODES = (*ADD, MOVE_POINT, MOVE_LABEL, NOTHING)
NEW_TEXT = {"label": "New label", "arrow": "New arrow", "circle": "New area"}
# a new label sits this many screen pixels up and left of its point, a new circle is this many across
LABEL_OFFSET_PX, CIRCLE_RADIUS_PX = 70, 45
KM_PER_DEGREE = 111.32


def render(dataset: Dataset, view: View, *, generation: int, height: int, container: str) -> int:
    """Draw the view's map (callouts and stamp as exported) in the container .st-key-`container` and take its
    clicks; returns the number of events shown."""
    shown = query.apply(dataset.events, view.filters)
    state = livestate.state(
        shown, [True] * len(shown), load_context(), registry=LAYERS, layers=LAYERS.shown(view.layers),
        title=escape(view.title.strip() or stamp.DEFAULT_TITLE), basemap=view.basemap,
    )  # fmt: skip
    # keyed on what it shows, not on its HTML: folium names its elements afresh on each composition, and a
    # new key would reload the map, which reruns the page, which composes it again. The extent is left out:
    # the map keeps the analyst's pan itself, and a pan must not reload it
    shape = viewfile.to_json(replace(view, extent=None))
    drawn = hashlib.sha1(f"{dataset.version}\n{shape}".encode()).hexdigest()[:16]
    # the live map follows the window's height (the Explore page's rule); here it shares a column with the
    # callout form, so its frame keeps a fixed height instead
    st.html(
        f"<style>.st-key-{container} iframe {{ height: {height}px !important; }}"
        f".st-key-{container} .stElementContainer {{ height: auto !important; }}</style>"
    )
    livemap.show(
        key=f"{MAP_KEY}_{generation}",
        doc_key=drawn,
        document=lambda: snapshot.compose(shown, view, dataset.version, registry=LAYERS).html,
        state=state,
        view=view.extent.as_tuple() if view.extent else None,
        height=height,
        on_click=lambda lat, lon, _shift: clicked(lat, lon),
        on_basemap=lambda _key: None,  # the view's basemap is the view file's; the control is not offered
    )
    return len(shown)


def clicked(lat: float, lon: float) -> None:
    """A click on the map: add or move a callout as the mode says (runs before the script)."""
    view: View | None = st.session_state.get(VIEW)
    mode = st.session_state.get(MODE, MODES[0])
    if view is None or mode == NOTHING:
        return
    chosen = int(st.session_state.get(PICK) or 0)
    items = list(view.annotations)
    if mode in ADD:
        item = new(ADD[mode], lat, lon, _zoom(view))
        if len(items) >= rules.MAX_ITEMS:
            return
        items.append(item)
        st.session_state[PICK] = len(items)  # the form opens on the new callout: type its text there
    elif 0 < chosen <= len(items):
        items[chosen - 1] = moved(items[chosen - 1], lat, lon, label=mode == MOVE_LABEL)
    st.session_state[VIEW] = replace(view, annotations=tuple(items))


def new(kind: str, lat: float, lon: float, zoom: float) -> Annotation:
    """A callout of `kind` about the clicked point, its label up and left of it, sized for the zoom shown."""
    degrees = _pixels_in_degrees(LABEL_OFFSET_PX, zoom)
    if kind == "circle":
        radius = _pixels_in_degrees(CIRCLE_RADIUS_PX, zoom) * KM_PER_DEGREE
        return Annotation(kind, NEW_TEXT[kind], lat, lon, radius_km=round(min(max(radius, 0.5), 500.0), 1))
    to_lat = min(lat + degrees * 0.6, 89.9)
    to_lon = max(lon - degrees, -179.9)
    return Annotation(kind, NEW_TEXT[kind], lat, lon, round(to_lat, 4), round(to_lon, 4))


def moved(item: Annotation, lat: float, lon: float, *, label: bool) -> Annotation:
    """The callout with its point, or its label (a circle: its edge, so its radius), at the click."""
    if not label:
        return replace(item, lat=lat, lon=lon)
    if item.kind != "circle":
        return replace(item, to_lat=lat, to_lon=lon)
    shrink = math.cos(math.radians(item.lat))
    distance = math.hypot(lat - item.lat, (lon - item.lon) * shrink) * KM_PER_DEGREE
    return replace(item, radius_km=round(min(max(distance, 0.5), 500.0), 1))


def _pixels_in_degrees(pixels: float, zoom: float) -> float:
    # a Web Mercator world is 256 * 2**zoom pixels around: degrees of longitude per pixel at this zoom
    return pixels * 360.0 / (256.0 * 2.0**zoom)


def _zoom(view: View) -> float:
    """The zoom the map shows now: the address's view= (written on every pan), else the view's own."""
    written = st.query_params.get("view", "")
    try:
        return float(written.split(",")[2])
    except (IndexError, ValueError):
        return view.extent.zoom if view.extent else 6.0
