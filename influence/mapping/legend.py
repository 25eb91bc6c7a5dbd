"""The legend: sponsors, event shapes, confidence, precision, flows and influence, as escaped HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
# How the influence layer weighs volume (layers/influence.py holds the numbers): said in the legend.
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


def _svg(shape: str, fill: str = "#555555", opacity: float = 1.0, extra: str = "") -> str:
    body = SHAPES.get(shape, SHAPES["circle"])
    return f'<svg viewBox="0 0 14 14" fill="{escape(fill)}" fill-opacity="{opacity}" {extra}>{body}</svg>'


def _row(icon: str, label: str, key: str = "") -> str:
    # key "sponsor:<code>": the events canvas codes values in declared order, so code = declared index
    data = f' data-legend="{escape(key)}"' if key else ""
    return f'<div class="row"{data}>{icon}<span>{escape(label)}</span></div>'


def _group(heading: str, rows: list[str], layers: str) -> str:
    return f'<div class="legend-group" data-layer="{layers}"><h4>{escape(heading)}</h4>{"".join(rows)}</div>'


def html(
    vocabulary: Vocabulary, *, layers: Sequence[str] | None = None, notes: Mapping[str, str] | None = None
) -> str:
    """The legend as one HTML fragment (all text escaped); `layers` limits the flow/influence/density parts.

    `notes` are the layers' own words on how they draw (layer key -> text, e.g. the influence rule).

    In the browser (static/app/legend.js) the rows of values not drawn in view and the parts of layers not
    on the map are hidden, so the legend lists only what is on the map.
    """
    shown = set(layers) if layers is not None else {"events", "flows", "influence", "density"}
    notes = notes or {}
    parts = ['<details class="map-legend" open><summary>Legend</summary>']
    parts.append(
        _group(
            "Sponsor",
            [
                _row(_svg("square", sponsor.colour), sponsor.name, f"sponsor:{code}")
                for code, sponsor in enumerate(vocabulary.sponsors)
            ],
            "events flows influence",
        )
    )
    types = [
        _row(_svg(kind.shape), kind.label, f"type:{code}") for code, kind in enumerate(vocabulary.event_types)
    ]
    parts.append(_group("Event type", types, "events"))
    confidences = [
        _row(_svg("circle", "#555555", level.opacity), level.key, f"confidence:{code}")
        for code, level in enumerate(vocabulary.confidences)
    ]
    parts.append(_group("Confidence", confidences, "events"))
    precisions = []
    for code, level in enumerate(vocabulary.precisions):
        if level.radius_km > 0:
            ring = 'stroke="#555555" stroke-dasharray="2 1.5"'
            icon, label = (
                _svg("circle", "#555555", 0.25, ring),
                f"{level.key}: area, about {level.radius_km:g} km",
            )
        else:
            icon, label = _svg("circle"), f"{level.key}: point"
        precisions.append(_row(icon, label, f"precision:{code}"))
    stack = (
        '<svg viewBox="0 0 14 14"><circle cx="7" cy="7" r="6" fill="#888" stroke="#333"/>'
        '<text x="7" y="10" font-size="8" text-anchor="middle" fill="#fff" font-weight="bold">n</text></svg>'
    )
    precisions.append(_row(stack, "n events on one point (click: spread or list); ringed: n events nearby"))
    parts.append(_group("Location precision", precisions, "events"))
    if "flows" in shown:
        arrow = (
            '<svg viewBox="0 0 14 14"><path d="M1 7 H10" stroke="#555" stroke-width="2"/>'
            '<path d="M9 3 L13 7 L9 11 Z" fill="#555"/></svg>'
        )
        rows = [
            _row(arrow, "recruitment → training → deployment (width: people, or links on one line)"),
            '<span class="flows-note"></span>',
        ]
        parts.append(_group("Flows", rows, "flows"))
    if "influence" in shown:
        parts.append(
            _group("Influence", _influence_rows(notes.get("influence", "")), "influence influence_all")
        )
    if "density" in shown:
        parts.append(
            _group("Density", [_row(_svg("circle", "#f03b20", 0.6), "heat: events per km²")], "density")
        )
    parts.append("</details>")
    return "".join(parts)


def _influence_rows(note: str) -> list[str]:
    shade = (
        '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" '
        'fill-opacity="0.4" stroke="#888"/></svg>'
    )
    dashed = (
        '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" fill-opacity="0.2" '
        'stroke="#222" stroke-width="2" stroke-dasharray="3 2"/></svg>'
    )
    rows = [
        _row(shade, "leading sponsor (darker: larger share and more events)"),
        _row(dashed, "contested: runner-up close behind"),
    ]
    return rows + ([f'<div class="rule">{escape(note)}</div>'] if note else [])


class Legend(RawScript, MacroElement):
    """The legend as a Leaflet control (static/app/legend.js), with its CSS in the page header."""

    assets = ("map_legend",)

    def __init__(
        self,
        vocabulary: Vocabulary,
        *,
        layers: Sequence[str] | None = None,
        css: str = "",
        position: str = "bottomright",
        built: dict[str, MacroElement] | None = None,
        notes: Mapping[str, str] | None = None,
    ):
        super().__init__()
        self._name = "Legend"
        self.fragment = html(vocabulary, layers=layers, notes=notes)
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
