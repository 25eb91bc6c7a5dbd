"""The legend: sponsors, event shapes, confidence, precision, flows and influence, as escaped HTML."""

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
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 45vh; overflow-y: auto; max-width: 240px; }
.map-legend h4 { margin: 5px 0 1px; font-size: 11px; }
.map-legend summary { font-weight: bold; cursor: pointer; }
.map-legend svg { width: 14px; height: 14px; vertical-align: -2px; margin-right: 5px; }
.map-legend .row { white-space: nowrap; }
.map-title { background: rgba(255,255,255,0.94); padding: 4px 10px; border-radius: 5px;
  font: bold 15px/1.3 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
.event-popup th { text-align: left; padding-right: 8px; vertical-align: top; }
"""


def _svg(shape: str, fill: str = "#555555", opacity: float = 1.0, extra: str = "") -> str:
    body = SHAPES.get(shape, SHAPES["circle"])
    return f'<svg viewBox="0 0 14 14" fill="{escape(fill)}" fill-opacity="{opacity}" {extra}>{body}</svg>'


def _row(icon: str, label: str) -> str:
    return f'<div class="row">{icon}{escape(label)}</div>'


def html(vocabulary: Vocabulary, *, layers: Sequence[str] | None = None) -> str:
    """The legend as one HTML fragment (all text escaped); `layers` limits the flow/influence parts."""
    shown = set(layers) if layers is not None else {"events", "flows", "influence", "density"}
    parts = ['<details class="map-legend" open><summary>Legend</summary>', "<h4>Sponsor</h4>"]
    parts += [_row(_svg("square", sponsor.colour), sponsor.name) for sponsor in vocabulary.sponsors]
    parts.append("<h4>Event type</h4>")
    parts += [_row(_svg(kind.shape), kind.label) for kind in vocabulary.event_types]
    parts.append("<h4>Confidence</h4>")
    parts += [_row(_svg("circle", "#555555", level.opacity), level.key) for level in vocabulary.confidences]
    parts.append("<h4>Location precision</h4>")
    for level in vocabulary.precisions:
        if level.radius_km > 0:
            ring = 'stroke="#555555" stroke-dasharray="2 1.5"'
            parts.append(
                _row(
                    _svg("circle", "#555555", 0.25, ring), f"{level.key}: area, about {level.radius_km:g} km"
                )
            )
        else:
            parts.append(_row(_svg("circle"), f"{level.key}: point"))
    if "flows" in shown:
        arrow = (
            '<svg viewBox="0 0 14 14"><path d="M1 7 H10" stroke="#555" stroke-width="2"/>'
            '<path d="M9 3 L13 7 L9 11 Z" fill="#555"/></svg>'
        )
        parts += ["<h4>Flows</h4>", _row(arrow, "recruitment → training → deployment (width: people)")]
    if "influence" in shown:
        shade = (
            '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" '
            'fill-opacity="0.4" stroke="#888"/></svg>'
        )
        dashed = (
            '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" fill-opacity="0.2" '
            'stroke="#222" stroke-width="2" stroke-dasharray="3 2"/></svg>'
        )
        parts += [
            "<h4>Influence</h4>",
            _row(shade, "leading sponsor (darker: larger share)"),
            _row(dashed, "contested: runner-up close behind"),
        ]
    if "density" in shown:
        parts += ["<h4>Density</h4>", _row(_svg("circle", "#f03b20", 0.6), "heat: events per km²")]
    parts.append("</details>")
    return "".join(parts)


class Legend(RawScript, MacroElement):
    """The legend as a Leaflet control (bottom left), with its CSS in the page header."""

    def __init__(self, vocabulary: Vocabulary, *, layers: Sequence[str] | None = None, css: str = ""):
        super().__init__()
        self._name = "Legend"
        self.fragment = html(vocabulary, layers=layers)
        self.css = CSS + css

    def header_text(self) -> str:
        """The legend's CSS."""
        return f"<style>{self.css}</style>"

    def script_text(self) -> str:
        """A control whose content is the escaped legend fragment."""
        name, parent = self.get_name(), self._parent.get_name()
        return (
            f'var {name} = L.control({{position: "bottomleft"}});\n'
            f"{name}.onAdd = function () {{\n"
            '  var div = L.DomUtil.create("div", "legend-control");\n'
            f"  div.innerHTML = {to_script_json(self.fragment)};\n"
            "  L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);\n"
            "  return div;\n};\n"
            f"{name}.addTo({parent});"
        )
