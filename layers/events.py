"""Events layer: one canvas draws every event from compact column arrays (points, areas, aggregates)."""

from __future__ import annotations

import base64
import zlib

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from influence.mapping import assets, livestate
from influence.mapping import legend as legend_parts
from influence.mapping.assets import to_script_json
from influence.mapping.context import LayerContext
from influence.mapping.htmltext import escape

LABEL = "Events"
KEY = "events"
DEFAULT_ON = True
# Popup text longer than this (characters of JSON) is shipped zlib-compressed and base64-encoded; the browser
# inflates it (DecompressionStream) on the first hover or click. Descriptions, sources and places compress
# several times over, so the document the map frame receives shrinks by most of its text.
COMPRESS_ABOVE = 32_000
TEXT_COLUMNS = (
    "id", "dates", "place", "actor", "count", "description", "source", "source_url", "fatalities",
    "attribution", "other_actors",
)  # fmt: skip


def state(events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict:
    """The live map's part (influence.mapping.livestate): the mask of the events to draw, and their number."""
    return {"mask": livestate.mask(selected), "count": int(np.count_nonzero(selected))}


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The events as one canvas overlay."""
    return EventCanvas(encode(events, context), name=LABEL, show=DEFAULT_ON)


def encode(events: gpd.GeoDataFrame, context: LayerContext) -> dict:
    """The events as column arrays: rounded coordinates, small integer codes, lookup tables, escaped text."""
    declared = context.vocabulary
    sponsors, sponsor_codes = _codes(events["sponsor"], [s.name for s in declared.sponsors])
    types, type_codes = _codes(events["event_type"], [t.key for t in declared.event_types])
    confidences, confidence_codes = _codes(events["confidence"], [c.key for c in declared.confidences])
    precisions, precision_codes = _codes(events["precision"], [p.key for p in declared.precisions])
    labels = {t.key: (t.label, t.shape) for t in declared.event_types}
    opacity = {c.key: c.opacity for c in declared.confidences}
    radius = {p.key: p.radius_km for p in declared.precisions}
    return {
        "n": len(events),
        "lat": np.round(events["lat"].to_numpy(dtype=float), 5).tolist(),
        "lon": np.round(events["lon"].to_numpy(dtype=float), 5).tolist(),
        "sponsor": sponsor_codes,
        "type": type_codes,
        "confidence": confidence_codes,
        "precision": precision_codes,
        "estimated": _column(events, "estimated", False).fillna(False).astype(bool).astype(int).tolist(),
        "sponsors": [[escape(name), declared.colour(name)] for name in sponsors],
        "types": [
            [escape(labels.get(key, (key, ""))[0]), labels.get(key, ("", "circle"))[1]] for key in types
        ],
        "confidences": [[escape(key), opacity.get(key, 0.7)] for key in confidences],
        "precisions": [[escape(key), radius.get(key, 0.0)] for key in precisions],
        "text": {name: _factorise(values) for name, values in _texts(events).items()},
    }


def _codes(values: pd.Series, declared: list[str]) -> tuple[list[str], list[int]]:
    # declared order first so codes (and draw order) are stable across filters; unknowns appended
    text = values.fillna("").astype(str)
    known = set(declared)
    seen = [value for value in pd.unique(text) if value not in known]
    table = [*declared, *seen]
    if len(known) == len(
        declared
    ):  # names are unique: one vectorised lookup (a dict per row cost 0.1 s at 10k)
        return table, pd.Index(table).get_indexer(text).tolist()
    index = {name: code for code, name in enumerate(table)}
    return table, [index[value] for value in text]


def _column(events: pd.DataFrame, name: str, default: object) -> pd.Series:
    return events[name] if name in events.columns else pd.Series(default, index=events.index)


def _texts(events: pd.DataFrame) -> dict[str, pd.Series]:
    start = _column(events, "date", pd.NaT).pipe(pd.to_datetime).dt.strftime("%Y-%m-%d").fillna("")
    end = _column(events, "end_date", pd.NaT).pipe(pd.to_datetime).dt.strftime("%Y-%m-%d").fillna("")
    dates = start.where((end == "") | (end == start), start + " to " + end)
    place = _column(events, "place", "").fillna("").astype(str)
    resolved = _column(events, "place_resolved", "").fillna("").astype(str)
    url = _column(events, "source_url", "").fillna("").astype(str).str.strip()
    count = _column(events, "count", None).astype("Int64").astype(str).replace("<NA>", "")
    fatalities = _column(events, "fatalities", None).astype("Int64").astype(str).replace("<NA>", "")
    return {
        "id": _column(events, "id", "").astype(str),
        "dates": dates,
        "place": place.where(place != "", resolved),
        "actor": _column(events, "actor", ""),
        "count": count,
        "description": _column(events, "description", ""),
        "source": _column(events, "source", ""),
        # only web links become links: a javascript: or data: URL must never reach an href
        "source_url": url.where(url.str.match(r"(?i)^https?://"), ""),
        "fatalities": fatalities,
        # "derived from <tie>" when the sponsor came from actors.toml, so the reader knows it was not reported
        "attribution": _column(events, "attribution", "").fillna("").astype(str),
        "other_actors": _column(events, "other_actors", "").fillna("").astype(str),
    }


def _factorise(values: pd.Series) -> dict[str, list]:
    # escape each distinct text once: actors, places and sources repeat across thousands of events
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    return {"values": [escape(value) for value in uniques], "codes": codes.tolist()}


class EventCanvas(assets.RawScript, folium.map.Layer):
    """The L.EventCanvas overlay (influence/mapping/static/app/eventcanvas.js) holding the encoded events.

    The drawing columns go into the layer's script; the popup and tooltip text (most of the bytes: about
    150 of every 200 per event) goes into a data block (JSON, compressed when large) that the browser neither
    runs nor parses until the first hover or click, so the first draw does not wait for it. Both are in the
    one HTML document, so exports stay self-contained and work offline.
    """

    assets = ("event_canvas", "event_marks")

    def __init__(self, data: dict, *, name: str = LABEL, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "EventCanvas"
        self.data = data

    def text_id(self) -> str:
        """The id of the element holding the text JSON."""
        return f"{self.get_name()}_text"

    def render(self, **kwargs: object) -> None:
        """Add the text block to the page body, then the script (assets.RawScript.render)."""
        text = to_script_json({name: _compact(column) for name, column in self.data.get("text", {}).items()})
        if len(text) > COMPRESS_ABOVE:
            packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
            kind = 'type="application/octet-stream" data-encoding="deflate-base64"'
            block = f'<script {kind} id="{self.text_id()}">{packed}</script>'
        else:
            block = f'<script type="application/json" id="{self.text_id()}">{text}</script>'
        self.get_root().html.add_child(assets.Raw(block), name=self.text_id())
        super().render(**kwargs)

    def script_text(self) -> str:
        """The layer built from the JSON columns."""
        drawing = {key: value for key, value in self.data.items() if key != "text"}
        options: dict[str, object] = {"textId": self.text_id()}
        if getattr(self, "wait_for_state", False):
            options["mask"] = "none"  # the live map draws nothing until its first state (livemap.py)
        return f"var {self.get_name()} = new L.EventCanvas({to_script_json(drawing)}, {to_script_json(options)});"


def _compact(column: dict[str, list]) -> dict[str, list]:
    # a column with every value distinct (ids, descriptions) needs no codes: value i belongs to event i
    codes = column["codes"]
    if len(codes) == len(column["values"]) and np.array_equal(codes, np.arange(len(codes))):
        return {"values": column["values"]}
    return column


STACK = (
    '<svg viewBox="0 0 14 14"><circle cx="7" cy="7" r="6" fill="#888" stroke="#333"/>'
    '<text x="7" y="10" font-size="8" text-anchor="middle" fill="#fff" font-weight="bold">n</text></svg>'
)


def legend(context: LayerContext) -> list[str]:
    """Event types by shape, confidence by opacity, location precision (points, areas as rings, stacks)."""
    declared, icon, row = context.vocabulary, legend_parts.icon, legend_parts.row
    types = [
        row(icon(kind.shape), kind.label, f"type:{code}") for code, kind in enumerate(declared.event_types)
    ]
    confidences = [
        row(icon("circle", "#555555", level.opacity), level.key, f"confidence:{code}")
        for code, level in enumerate(declared.confidences)
    ]
    ring = 'stroke="#555555" stroke-dasharray="2 1.5"'
    precisions = [
        row(
            icon("circle", "#555555", 0.25, ring),
            f"{level.key}: area, about {level.radius_km:g} km",
            f"precision:{code}",
        )
        if level.radius_km > 0
        else row(icon("circle"), f"{level.key}: point", f"precision:{code}")
        for code, level in enumerate(declared.precisions)
    ]
    precisions.append(row(STACK, "n events on one point (click: spread or list); ringed: n events nearby"))
    return [
        legend_parts.group("Event type", types, KEY),
        legend_parts.group("Confidence", confidences, KEY),
        legend_parts.group("Location precision", precisions, KEY),
    ]
