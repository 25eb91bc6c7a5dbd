"""Offline assets: Leaflet and its plugins inlined into the page, so a map needs no CDN and no network."""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import folium
from branca.element import Element, Figure

STATIC = Path(__file__).resolve().parent / "static"

# name -> (kind, file under influence/mapping/static); the name is the key in the figure header, so
# each asset is inlined once however many layers ask for it.
ASSETS: dict[str, tuple[str, str]] = {
    "leaflet_css": ("css", "leaflet/leaflet.css"),
    "leaflet": ("js", "leaflet/leaflet.js"),
    "leaflet_heat": ("js", "heat/leaflet-heat.js"),
    "heat_pane": ("js", "app/heatpane.js"),  # extends leaflet_heat: keep it after
    "markercluster_css": ("css", "markercluster/MarkerCluster.css"),
    "markercluster_default_css": ("css", "markercluster/MarkerCluster.Default.css"),
    "markercluster": ("js", "markercluster/leaflet.markercluster.js"),
    # hand-written for this project (see each file's header for why no library does it)
    "event_canvas": ("js", "app/eventcanvas.js"),
    "event_marks": ("js", "app/eventmarks.js"),  # extends event_canvas: keep it after
    "flow_arrows": ("js", "app/flowarrows.js"),
    "map_legend": ("js", "app/legend.js"),
    "map_fullscreen": ("js", "app/fullscreen.js"),
    "influence_shading": ("js", "app/influenceshading.js"),
    "live_map": ("js", "app/livemap.js"),
}

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


@lru_cache(maxsize=16)
def text(name: str) -> str:
    """The asset `name` as text ready to inline (source maps dropped, CSS images as data URIs)."""
    kind, relative = ASSETS[name]
    path = STATIC / relative
    body = path.read_text(encoding="utf-8")
    body = _SOURCE_MAP.sub("", body)  # a source-map comment makes devtools fetch a file we do not ship
    if kind == "css":
        body = _CSS_URL.sub(lambda match: f"url({_data_uri(path.parent / match.group(1))})", body)
    # "</" inside an inline <script> or <style> would end it early
    return body.replace("</", "<\\/")


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def to_script_json(payload: object) -> str:
    """JSON that is safe inside an inline <script> (no '</' can close it early)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class Inline(Element):
    """One vendored asset pasted into the page header as <script> or <style>."""

    def __init__(self, name: str):
        super().__init__()
        self.asset = name

    def render(self, **kwargs: object) -> str:
        """The <script> or <style> element holding the asset."""
        kind = ASSETS[self.asset][0]
        tag = "script" if kind == "js" else "style"
        return f"<{tag} data-asset={self.asset!r}>{text(self.asset)}</{tag}>"


def require(element: Element, *names: str) -> None:
    """Inline the assets `names` into the header of the figure holding `element` (once each)."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("render the element inside a folium.Map first")
    for name in names:
        figure.header.add_child(Inline(name), name=name)


class Raw(Element):
    """Text put into the page as is.

    branca renders a MacroElement's script and then compiles that output AGAIN as a Jinja template, so
    '{{ ... }}' in user text would run on the server. Everything here that carries data goes through Raw.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        """The text, untouched."""
        return self.text


class RawScript:
    """Mixin for folium elements whose header and script are built in Python and placed raw (see Raw)."""

    assets: tuple[str, ...] = ()

    def header_text(self) -> str:
        """CSS or other header markup (empty for none)."""
        return ""

    def script_text(self) -> str:
        """The element's JavaScript; it must define `var <self.get_name()>`."""
        raise NotImplementedError

    def render(self, **kwargs: object) -> None:
        """Inline the assets, then add header and script without a second Jinja pass."""
        require(self, *self.assets)
        figure = self.get_root()
        header = self.header_text()
        if header:
            figure.header.add_child(Raw(header), name=self.get_name())
        script = self.script_text()
        if isinstance(self, folium.map.Layer) and self.show:
            script += f"\n{self.get_name()}.addTo({self._parent.get_name()});"
        figure.script.add_child(Raw(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class OfflineMap(folium.Map):
    """A folium.Map that inlines Leaflet and loads nothing else (no jQuery, Bootstrap, Font Awesome)."""

    # folium's defaults are CDN links; the layers here use none of jQuery, Bootstrap or awesome-markers
    default_js: ClassVar[list[tuple[str, str]]] = []
    default_css: ClassVar[list[tuple[str, str]]] = []

    def render(self, **kwargs: object) -> None:
        """Render the map with Leaflet inlined ahead of every other script."""
        require(self, "leaflet_css", "leaflet")
        super().render(**kwargs)
