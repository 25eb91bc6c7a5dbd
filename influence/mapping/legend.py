"""The legend: the sponsor colours plus the groups each layer declares (Layer.legend), as escaped HTML."""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement

from influence.contract.vocabulary import Vocabulary
from influence.mapping.assets import RawScript, to_script_json
from influence.mapping.htmltext import escape

# SVG paths in a 14x14 box, matching the canvas shapes in static/app/eventcanvas.js
SHAPES = {
    "circle": '<circle cx="7" cy="7" r="5.5"/>',
    "square": '<rect x="2" y="2" width="10" height="10"/>',
    "triangle": '<path d="M7 1 L13 12 L1 12 Z"/>',
    "diamond": '<path d="M7 0.5 L13 7 L7 13.5 L1 7 Z"/>',
    "star": '<path d="M7 0.5 L8.6 5 L13.3 5.2 L9.6 8.1 L10.9 12.7 L7 10 L3.1 12.7 L4.4 8.1 L0.7 5.2 L5.4 5 Z"/>',
    "cross": '<path d="M5 1 H9 V5 H13 V9 H9 V13 H5 V9 H1 V5 H5 Z"/>',
    "hexagon": '<path d="M7 0.5 L12.6 3.8 L12.6 10.2 L7 13.5 L1.4 10.2 L1.4 3.8 Z"/>',
    "x": '<path d="M10 0.3 L13.7 4 L10.7 7 L13.7 10 L10 13.7 L7 10.7 L4 13.7 L0.3 10 L3.3 7 L0.3 4 L4 0.3 L7 3.3 Z"/>',
    "triangle_down": '<path d="M1 2 L13 2 L7 13 Z"/>',
    "pentagon": '<path d="M7 1 L13.2 5.5 L10.8 12.8 L3.2 12.8 L0.8 5.5 Z"/>',
    "octagon": '<path d="M9.4 1.2 L12.8 4.6 L12.8 9.4 L9.4 12.8 L4.6 12.8 L1.2 9.4 L1.2 4.6 L4.6 1.2 Z"/>',
    "bar": '<rect x="0.5" y="4" width="13" height="6"/>',
    "bowtie": '<path d="M1 2 L13 12 L13 2 L1 12 Z"/>',
    "semicircle": '<path d="M0.5 10 A6.5 6.5 0 0 1 13.5 10 Z"/>',
}
CSS = """
.map-legend { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 5px; font: 11px/1.3 sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 45vh; overflow-y: auto; width: 220px; box-sizing: border-box; }
.map-legend h4 { margin: 5px 0 1px; font-size: 11px; }
.map-legend summary { font-weight: bold; cursor: pointer; }
.map-legend svg { flex: none; width: 14px; height: 14px; margin: 1px 5px 0 0; }
.map-legend .row { display: flex; align-items: flex-start; overflow-wrap: anywhere; }
.map-legend .rule { margin: 2px 0 0 19px; color: #444; }
.map-legend .flows-note:empty { display: none; }
.map-legend .flows-note { display: block; margin-left: 19px; color: #444; font-style: italic; }
.map-legend [hidden] { display: none !important; }
.map-title { background: rgba(255,255,255,0.94); padding: 4px 10px; border-radius: 5px;
  font: bold 15px/1.3 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 60vw; }
.event-popup th { text-align: left; padding-right: 8px; vertical-align: top; }
.event-popup td, .event-popup p { text-align: start; unicode-bidi: plaintext; }
.events-list-head { margin: 0 0 6px; }
.map-fullscreen a { display: flex; align-items: center; justify-content: center; }
@media (max-width: 900px) { .map-legend { width: 190px; max-height: 40vh; } .map-title { font-size: 13px; } }
"""


def icon(shape: str, fill: str = "#555555", opacity: float = 1.0, extra: str = "") -> str:
    """An SVG swatch in a 14x14 box: one of SHAPES, filled (colour escaped), `extra` attributes as given."""
    body = SHAPES.get(shape, SHAPES["circle"])
    return f'<svg viewBox="0 0 14 14" fill="{escape(fill)}" fill-opacity="{opacity}" {extra}>{body}</svg>'


def row(swatch: str, label: str, key: str = "") -> str:
    """One legend row: a swatch (trusted SVG from `icon` or a layer's constant) and its escaped label."""
    # key "sponsor:<code>": the events canvas codes values in declared order, so code = declared index
    data = f' data-legend="{escape(key)}"' if key else ""
    return f'<div class="row"{data}>{swatch}<span>{escape(label)}</span></div>'


def note(text: str) -> str:
    """A layer's own words on how it draws (e.g. the influence rule), escaped."""
    return f'<div class="rule">{escape(text)}</div>'


def group(heading: str, rows: Sequence[str], layers: str) -> str:
    """A titled part of the legend; the browser hides it unless one of `layers` (keys) is on the map."""
    return f'<div class="legend-group" data-layer="{escape(layers)}"><h4>{escape(heading)}</h4>{"".join(rows)}</div>'


def sponsors(vocabulary: Vocabulary) -> str:
    """The sponsor colours, shared by every layer that colours by sponsor, so always listed first."""
    rows = [
        row(icon("square", s.colour), s.name, f"sponsor:{code}") for code, s in enumerate(vocabulary.sponsors)
    ]
    return group("Sponsor", rows, "events flows influence")


def html(vocabulary: Vocabulary, groups: Sequence[str] = ()) -> str:
    """The legend as one HTML fragment: the sponsor colours, then the layers' own groups (Layer.legend).

    In the browser (static/app/legend.js) the rows of values not drawn in view and the parts of layers not
    on the map are hidden, so the legend lists only what is on the map.
    """
    return (
        '<details class="map-legend" open><summary>Legend</summary>'
        + sponsors(vocabulary)
        + "".join(groups)
        + "</details>"
    )


class Legend(RawScript, MacroElement):
    """The legend as a Leaflet control (static/app/legend.js), with its CSS in the page header."""

    assets = ("map_legend",)

    def __init__(
        self,
        vocabulary: Vocabulary,
        *,
        groups: Sequence[str] = (),
        css: str = "",
        position: str = "bottomright",
        built: dict[str, MacroElement] | None = None,
    ):
        super().__init__()
        self._name = "Legend"
        self.fragment = html(vocabulary, groups)
        self.css = CSS + css
        self.position = position
        self.built = built or {}

    def header_text(self) -> str:
        """The legend's CSS."""
        return f"<style>{self.css}</style>"

    def script_text(self) -> str:
        """The control holding the escaped legend fragment and the registry layers it follows."""
        name, parent = self.get_name(), self._parent.get_name()
        pairs = ", ".join(
            f"{to_script_json(key)}: {element.get_name()}" for key, element in self.built.items()
        )
        options = f"{{position: {to_script_json(self.position)}, html: {to_script_json(self.fragment)}, layers: {{{pairs}}}}}"
        return f"var {name} = new L.Control.MapLegend({options}).addTo({parent});"
