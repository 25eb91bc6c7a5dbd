"""A view's annotations drawn on its map: labels with leader lines, arrows and circled areas.

Drawn as one folium FeatureGroup added to the same composition every export uses (snapshot.compose),
so a PNG, a PDF and an HTML file all show them. Every text goes through htmltext.escape.
"""

from __future__ import annotations

import hashlib
import math

import folium
from branca.element import MacroElement

from influence.mapping.assets import RawScript
from influence.mapping.htmltext import escape
from influence.view.model import Annotation

LABEL = "Annotations"
INK = "#111111"  # no sponsor is near black, so a callout never reads as an event
HALO = "#ffffff"
HEAD_SHARE = 0.22  # the arrow head's length as a share of the arrow, up to HEAD_MAX_DEGREES
HEAD_MAX_DEGREES = 0.25
HEAD_ANGLE = math.radians(24)
KM_PER_DEGREE = 111.32
# the label box, centred on its point; icon_size 0 lets the text set its own width
_BOX = (
    "<div class='brief-callout' data-callout{} style=\"transform:translate({});display:inline-block;"
    "white-space:nowrap;background:#ffffff;border:2px solid #111111;border-radius:3px;padding:2px 6px;"
    'font:600 13px/1.3 system-ui,sans-serif;color:#111111;box-shadow:0 1px 3px rgba(0,0,0,.35)">{}</div>'
)
# A circle's label goes beside its circle, never over what it circles: drawn at the centre, then shifted by
# the page to the side (east, west, south, north, in that order of preference) where it covers the fewest
# place names, other callouts and map controls and stays on the map; again after every zoom or pan.
PLACE_CIRCLE_LABELS = """
(function (map) {
  var GAP = 6, SIDES = ["east", "west", "south", "north"];
  // every map control (title, legend, zoom, layers, scale: an export hides some, the live map shows them)
  var BUSY = ".place-label, .leaflet-control, .influence-stamp, [data-callout]:not([data-radius-km])";
  function overlap(a, b) {
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
  }
  function place() {
    var frame = map.getContainer().getBoundingClientRect(), placed = [];
    var busy = Array.prototype.map.call(document.querySelectorAll(BUSY), function (e) {
      return e.getBoundingClientRect();
    });
    document.querySelectorAll("[data-callout][data-radius-km]").forEach(function (label) {
      var lat = +label.dataset.lat, lon = +label.dataset.lon;
      var centre = map.latLngToContainerPoint([lat, lon]);
      var rim = map.latLngToContainerPoint([lat + label.dataset.radiusKm / %(km)s, lon]);
      var r = Math.abs(centre.y - rim.y), x = frame.left + centre.x, y = frame.top + centre.y;
      label.style.transform = "none";
      var own = label.getBoundingClientRect(), w = own.width, h = own.height, best = null;
      [[x + r + GAP, y - h / 2], [x - r - GAP - w, y - h / 2], [x - w / 2, y + r + GAP],
       [x - w / 2, y - r - GAP - h]].forEach(function (corner, side) {
        var box = {left: corner[0], top: corner[1], right: corner[0] + w, bottom: corner[1] + h};
        var cost = 4 * (w * h - overlap(box, frame));
        busy.concat(placed).forEach(function (other) { cost += overlap(box, other); });
        if (best === null || cost < best.cost - 0.5) best = {cost: cost, box: box, side: side};
      });
      label.style.transform = "translate(" + (best.box.left - own.left) + "px," + (best.box.top - own.top) + "px)";
      label.dataset.side = SIDES[best.side];
      placed.push(best.box);
    });
  }
  map.whenReady(function () { requestAnimationFrame(place); });
  map.on("zoomend moveend resize", place);
})(%(map)s);
"""


def feature_group(annotations: tuple[Annotation, ...]) -> folium.FeatureGroup:
    """Every annotation as map elements in one overlay named "Annotations"."""
    # not in the layer control: compose adds that control before this group exists, and it would list an
    # undefined layer; a brief's callouts are always shown
    group = folium.FeatureGroup(name=LABEL, overlay=True, control=False, show=True)
    for item in annotations:
        for element in elements(item):
            element.add_to(group)
    return group


def add_to(m: folium.Map, annotations: tuple[Annotation, ...]) -> None:
    """Draw the annotations on `m` (nothing when there are none, so a plain view's page is unchanged)."""
    if annotations:
        feature_group(annotations).add_to(m)
        if any(item.kind == "circle" for item in annotations):
            CircleLabels().add_to(m)


def key(annotations: tuple[Annotation, ...]) -> str:
    """A short content key of the callouts ("" when there are none), for caches and the live map's document."""
    if not annotations:
        return ""
    # the frozen dataclasses' repr is their whole content, in field order
    return hashlib.sha1(repr(annotations).encode("utf-8")).hexdigest()[:12]


def elements(item: Annotation) -> list[folium.map.Layer]:
    """The folium elements of one annotation."""
    point = (item.lat, item.lon)
    if item.kind == "circle":
        radius = float(item.radius_km or 0)
        circled = f' data-lat="{item.lat}" data-lon="{item.lon}" data-radius-km="{radius}"'
        return [
            folium.Circle(point, radius=radius * 1000, color=INK, weight=3, fill=False),
            _box(point, item.text, data=circled),
        ]
    tail = (float(item.to_lat), float(item.to_lon))  # type: ignore[arg-type]
    line = [
        folium.PolyLine([tail, point], color=HALO, weight=6, opacity=0.9),
        folium.PolyLine([tail, point], color=INK, weight=2.5),
    ]
    if item.kind == "arrow":
        head = folium.Polygon(arrow_head(tail, point), color=INK, weight=1, fill=True, fill_opacity=1)
        return [*line, head, _box(tail, item.text)]
    dot = folium.CircleMarker(
        point, radius=4, color=HALO, weight=2, fill=True, fill_color=INK, fill_opacity=1
    )
    return [*line, dot, _box(tail, item.text)]


def arrow_head(tail: tuple[float, float], head: tuple[float, float]) -> list[tuple[float, float]]:
    """The head's triangle (lat, lon) at `head`, pointing away from `tail`."""
    # work in a local plane where a degree of longitude is shortened by cos(latitude)
    shrink = math.cos(math.radians(head[0])) or 1e-6
    dx, dy = (head[1] - tail[1]) * shrink, head[0] - tail[0]
    length = math.hypot(dx, dy) or 1e-6
    size = min(length * HEAD_SHARE, HEAD_MAX_DEGREES)
    back = math.atan2(-dy, -dx)
    wings = [
        (head[0] + size * math.sin(back + turn), head[1] + size * math.cos(back + turn) / shrink)
        for turn in (HEAD_ANGLE, -HEAD_ANGLE)
    ]
    return [head, wings[0], wings[1]]


def _box(where: tuple[float, float], text: str, *, data: str = "") -> folium.Marker:
    # a label is centred on its point; a circle's (with `data`) is moved beside its circle by the page
    html = _BOX.format(data, "-50%,-50%", escape(text))
    icon = folium.DivIcon(html=html, icon_size=(0, 0), icon_anchor=(0, 0))
    return folium.Marker(where, icon=icon)


class CircleLabels(RawScript, MacroElement):
    """The page script that sets each circle's label beside its circle (PLACE_CIRCLE_LABELS)."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "CircleLabels"

    def script_text(self) -> str:
        """The placing script, run on the map it is added to."""
        body = PLACE_CIRCLE_LABELS % {"km": KM_PER_DEGREE, "map": self._parent.get_name()}
        return f"var {self.get_name()} = true;{body}"
