"""The one map composition used by the browser and every export: basemap, layers, legend, controls."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
from branca.element import Element, MacroElement

from influence.mapping import basemap as basemaps
from influence.mapping import livestate
from influence.mapping.assets import OfflineMap, Raw, RawScript, to_script_json
from influence.mapping.context import LayerContext, load_context
from influence.mapping.htmltext import escape
from influence.mapping.layer import Registry
from influence.mapping.legend import Legend

# Syria's bounding box (south-west, north-east), padded a little so border towns are not on the edge
SYRIA_BOUNDS = ((32.2, 35.5), (37.5, 42.5))
MAX_ZOOM = 18  # with tiles=None folium sets none, and Leaflet needs one for aggregation and clusters
MIN_ZOOM = 4
DEFAULT_HEIGHT = 640  # CSS pixels of the map frame in the page (the map fills its frame)
# basemap key -> label, for the page's basemap choice (the offline one first: it is the default)
BASEMAPS: dict[str, str] = {
    basemaps.BOUNDARIES: basemaps.LABEL,
    **{k: v[0] for k, v in basemaps.TILES.items()},
}


def compose(
    events: gpd.GeoDataFrame,
    *,
    registry: Registry,
    layers: Sequence[str] | None = None,
    basemap: str = basemaps.BOUNDARIES,
    view: tuple[float, float, float] | None = None,
    title: str | None = None,
    context: LayerContext | None = None,
    legend_position: str = "bottomright",
    selected: Sequence[bool] | None = None,
    live: bool = False,
) -> folium.Map:
    """The analyst's map of `events`: every `registry` layer (shown when in `layers`), legend and controls.

    The map draws the events `selected` marks (all by default) through the same state the live map receives
    (influence.mapping.livestate); `live` leaves the state to the app's bridge (ui/explore/livemap.py), so nothing is
    drawn until it arrives.
    """
    context = context or load_context()
    shown = registry.shown(layers)
    centre, zoom = ((view[0], view[1]), view[2]) if view else (_centre(), 7)
    m = OfflineMap(
        location=centre,
        zoom_start=zoom,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=MIN_ZOOM,
        control_scale=True,
        height="100%",
        font_size="13px",
    )
    bases = basemaps.add_to(m, context, basemap)
    built = {}
    for layer in registry:
        element = layer.build(events, context)
        element.show = layer.KEY in shown
        element.wait_for_state = live
        element.add_to(m)
        built[layer.KEY] = element
    m.get_root().header.add_child(Element(f"<style>{basemaps.style()}</style>"), name="basemap_css")
    # Controls stay off the busy corners: Damascus-Daraa (south-west) and Hasakah-Qamishli (north-east).
    # The title, zoom, full screen and the collapsed layer list sit top left; the legend (every part: the
    # browser hides what is not on the map) bottom right, or top right in exports, where the stamp is below.
    # each layer brings its own legend groups (top-drawn first; a group two layers share is listed once)
    groups: list[str] = []
    for layer in reversed(registry.layers):
        groups += [part for part in layer.legend(context) if part not in groups]
    Legend(context.vocabulary, groups=groups, built=built, position=legend_position).add_to(m)
    if title:
        Title(title).add_to(m)
        # the document's own title: a PDF printed from it is named after the map, not "about:blank"
        m.get_root().header.add_child(Raw(f"<title>{escape(title)}</title>"), name="document_title")
    FullscreenButton().add_to(m)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)
    if view is None:
        m.fit_bounds(SYRIA_BOUNDS)
    initial = None
    if not live:
        chosen = [True] * len(events) if selected is None else selected
        initial = livestate.state(
            events, chosen, context, registry=registry, layers=shown, title=escape(title or ""),
            basemap=basemap,
        )  # fmt: skip
    LiveHook(built, initial, SYRIA_BOUNDS if view is None else None, bases).add_to(m)
    return m


def render_html(m: folium.Map) -> str:
    """The map as one self-contained HTML document (every script and style inlined), its map at window.__map."""
    document = m.get_root().render()
    # one named handle for the page scripts that frame or await the map (folium names it map_<random id>),
    # set after folium's script has made the map
    handle = f"<script>window.__map = {m.get_name()};</script>"
    at = document.lower().rfind("</html>")
    return document + handle if at < 0 else document[:at] + handle + "\n" + document[at:]


def _centre() -> tuple[float, float]:
    (south, west), (north, east) = SYRIA_BOUNDS
    return (south + north) / 2, (west + east) / 2


class Title(RawScript, MacroElement):
    """A title box at the top of the map (escaped text)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Title"
        self.text = text

    def script_text(self) -> str:
        """A control holding the escaped title."""
        name, parent = self.get_name(), self._parent.get_name()
        return (
            f'var {name} = L.control({{position: "topleft"}});\n'
            f'{name}.onAdd = function () {{ var div = L.DomUtil.create("div", "map-title");'
            f" div.innerHTML = {to_script_json(escape(self.text))}; return div; }};\n"
            f"{name}.addTo({parent});"
        )


class FullscreenButton(RawScript, MacroElement):
    """The full-screen button (static/app/fullscreen.js), top left under the zoom buttons."""

    assets = ("map_fullscreen",)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FullscreenButton"

    def script_text(self) -> str:
        """The control added to the map."""
        return f"var {self.get_name()} = new L.Control.FullscreenButton().addTo({self._parent.get_name()});"


class LiveHook(RawScript, MacroElement):
    """L.liveMap (static/app/livemap.js): applies a state (exports) or takes states from the app's bridge."""

    assets = ("live_map",)

    def __init__(
        self,
        layers: dict[str, MacroElement],
        initial: dict | None,
        bounds: object = None,
        bases: dict[str, MacroElement] | None = None,
    ):
        super().__init__()
        self._name = "LiveHook"
        self.layers = layers
        self.initial = initial
        self.bounds = bounds
        self.bases = bases or {}

    def script_text(self) -> str:
        """The liveMap call naming each registry layer's and each basemap's JavaScript variable."""
        pairs, bases = _variables(self.layers), _variables(self.bases)
        initial, bounds = to_script_json(self.initial), to_script_json(self.bounds)
        return (
            f"var {self.get_name()} = L.liveMap({self._parent.get_name()}, {{{pairs}}}, {initial},"
            f" {{bounds: {bounds}, bases: {{{bases}}}}});"
        )


def _variables(elements: dict[str, MacroElement]) -> str:
    """`"key": variable` pairs of a JavaScript object naming each element's variable (keys as JSON)."""
    return ", ".join(f"{to_script_json(key)}: {element.get_name()}" for key, element in elements.items())
