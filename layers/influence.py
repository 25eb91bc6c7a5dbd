"""Influence layer: each governorate shaded by the sponsor with the most events, contested ones marked.

Volume counts: a governorate is shaded only from MIN_EVENTS attributed events, and its intensity is the
leader's share times the governorate's volume (log of its events against the busiest governorate shown),
so 5 events no longer shade as strongly as 349. Events of a neutral sponsor (Unattributed) are not counted
here (see build); layers/influence_all.py counts them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from influence.mapping import assets, prepared
from influence.mapping import legend as legend_parts
from influence.mapping.assets import to_script_json
from influence.mapping.context import LayerContext
from influence.mapping.htmltext import escape

LABEL = "Influence by governorate"
KEY = "influence"
DEFAULT_ON = True
# A governorate is contested when the runner-up has at least this share of the leader's events.
CONTESTED_RATIO = 0.6
MIN_OPACITY = 0.12
MAX_OPACITY = 0.55
LABEL_ALL = "Influence incl. unattributed"  # layers/influence_all.py
MIN_EVENTS = 5  # fewer events counted than this in a governorate: left unshaded (its tooltip says why)


def rule(neutral: list[str]) -> str:
    """The shading rule in words, for the legend (`neutral`: the sponsors left out)."""
    left_out = (
        f" {' and '.join(neutral)} events are not counted (the layer {LABEL_ALL!r} counts them)."
        if neutral
        else ""
    )
    return (
        f"Shaded from {MIN_EVENTS} events; darker as the leader's share and the governorate's number of "
        f"events (log scale, against the busiest one shown) grow.{left_out}"
    )


def legend_note(context: LayerContext) -> str:
    """The rule, for the legend."""
    return rule([sponsor.name for sponsor in context.vocabulary.sponsors if sponsor.neutral])


COLUMNS = ["governorate", "top", "top_count", "second", "second_count", "total", "contested", "breakdown"]


def shares(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per governorate: leading sponsor, runner-up, their counts, the leader's share and `contested`."""
    codes = _codes(events)
    return _ranked(codes, np.ones(len(events), dtype=bool))


@dataclass(frozen=True)
class _Codes:
    """Each event's governorate and sponsor as codes into sorted names (-1: none), for counting in numpy."""

    places: np.ndarray
    place_names: np.ndarray
    powers: np.ndarray
    power_names: np.ndarray


def _codes(events: pd.DataFrame) -> _Codes:
    governorate = events["governorate"].to_numpy(dtype=object)
    sponsor = events["sponsor"].to_numpy(dtype=object)
    located = pd.notna(governorate) & (governorate != "")
    places, place_names = pd.factorize(np.where(located, governorate, None), sort=True)
    powers, power_names = pd.factorize(sponsor, sort=True)
    return _Codes(
        places, np.asarray(place_names, dtype=object), powers, np.asarray(power_names, dtype=object)
    )


def _ranked(codes: _Codes, counted: np.ndarray) -> pd.DataFrame:
    """shares over the events where `counted` is True."""
    chosen = counted & (codes.places >= 0) & (codes.powers >= 0)
    # counted in numpy over codes: a groupby on the text columns cost 30-50 ms per playback step at 17,000
    size = len(codes.power_names)
    grid = np.bincount(
        codes.places[chosen] * size + codes.powers[chosen], minlength=len(codes.place_names) * size
    ).reshape(len(codes.place_names), size)
    rows = []
    for name, counts in zip(codes.place_names, grid, strict=True):
        if not counts.any():
            continue
        # most events first; ties broken by sponsor name (the names are sorted) so the shading never flickers
        order = np.lexsort((np.arange(size), -counts))
        ranked = [(codes.power_names[i], int(counts[i])) for i in order if counts[i] > 0]
        top, top_count = ranked[0]
        second, second_count = ranked[1] if len(ranked) > 1 else ("", 0)
        rows.append(
            {
                "governorate": name,
                "top": top,
                "top_count": top_count,
                "second": second,
                "second_count": second_count,
                "total": int(counts.sum()),
                "contested": second_count >= CONTESTED_RATIO * top_count and second_count > 0,
                "breakdown": ", ".join(f"{power} {count}" for power, count in ranked),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.assign(share=frame["top_count"] / frame["total"].where(frame["total"] > 0, 1))


def shaded(events: gpd.GeoDataFrame, context: LayerContext) -> gpd.GeoDataFrame:
    """The governorates with the events in them, carrying style and escaped tooltip per feature."""
    table = _styled(shares(events), context)
    return gpd.GeoDataFrame(
        table.drop(columns="raw_name"),
        geometry=context.governorates.geometry.loc[table.index],
        crs="EPSG:4326",
    )


def _styled(counted: pd.DataFrame, context: LayerContext) -> pd.DataFrame:
    """shaded's columns from the `shares` table, without the shapes (indexed like context.governorates;
    raw_name unescaped)."""
    table = counted.set_index("governorate")
    shapes = context.governorates[["name"]].join(table, on="name", how="inner")
    enough = shapes["total"] >= MIN_EVENTS
    busiest = float(shapes.loc[enough, "total"].max()) if enough.any() else 1.0
    # log volume against the busiest governorate shown: 5 events shade far lighter than 349
    volume = np.log1p(shapes["total"].astype(float)) / np.log1p(max(busiest, 1.0))
    intensity = (shapes["share"] * volume).clip(0, 1)
    colour = shapes["top"].map(context.vocabulary.colour).where(enough, "#888888")
    opacity = (MIN_OPACITY + (MAX_OPACITY - MIN_OPACITY) * intensity).where(enough, 0.0)
    tooltip = [
        f"<b>{escape(row.name)}</b><br>"
        + (
            f"contested: {escape(row.top)} {row.top_count}, {escape(row.second)} {row.second_count}<br>"
            if row.contested and ok
            else ""
        )
        + ("" if ok else f"unshaded: fewer than {MIN_EVENTS} events counted<br>")
        + f"{escape(row.breakdown)}"
        for row, ok in zip(shapes.itertuples(), enough, strict=True)
    ]
    return pd.DataFrame(
        {
            "name": shapes["name"].map(escape),
            "tooltip": tooltip,
            "fill": colour,
            "opacity": opacity.round(3),
            "contested": (shapes["contested"] & enough).astype(bool),
            "raw_name": shapes["name"],
        },
        index=shapes.index,
    )


def styles(events: gpd.GeoDataFrame, context: LayerContext) -> dict[str, list]:
    """Governorate name -> [fill colour, fill opacity, contested, tooltip HTML]; governorates absent are unshaded."""
    return _styles(shares(events), context)


def styles_of(
    events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext, *, neutral: bool
) -> dict[str, list]:
    """`styles` of the `selected` events (and of those of a neutral sponsor only when `neutral`), counted
    over codes prepared once per events frame."""
    codes = prepared.once(events, "influence", _codes)
    counted = np.asarray(selected, dtype=bool)
    if not neutral:
        left_out = [sponsor.name for sponsor in context.vocabulary.sponsors if sponsor.neutral]
        counted = counted & ~np.isin(codes.power_names, left_out)[codes.powers]
    return _styles(_ranked(codes, counted), context)


def _styles(counted: pd.DataFrame, context: LayerContext) -> dict[str, list]:
    frame = _styled(counted, context)
    return {
        str(name): [fill, float(opacity), bool(contested), tooltip]
        for name, fill, opacity, contested, tooltip in zip(
            frame["raw_name"],
            frame["fill"],
            frame["opacity"],
            frame["contested"],
            frame["tooltip"],
            strict=True,
        )
    }


def state(events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict[str, list]:
    """The live map's part (influence.mapping.livestate): the styles of the attributed events shown."""
    return styles_of(events, selected, context, neutral=False)


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """Every governorate's shape once, shaded in the browser from `styles` (restyled in place by the live map).

    Events no power is tied to (the neutral sponsor, Unattributed) are left out: a governorate full of
    unattributed clashes is not anyone's area of influence. The layer influence_all counts them too.
    """
    return InfluenceShading(
        shapes(context), styles(attributed(events, context), context), name=LABEL, show=DEFAULT_ON
    )


def attributed(events: gpd.GeoDataFrame, context: LayerContext) -> gpd.GeoDataFrame:
    """The events whose sponsor is a power (not a neutral sponsor such as Unattributed)."""
    neutral = [sponsor.name for sponsor in context.vocabulary.sponsors if sponsor.neutral]
    return events.loc[~events["sponsor"].isin(neutral)] if neutral else events


def shapes(context: LayerContext) -> dict:
    """Every governorate's outline as GeoJSON (name property only), shipped once per map."""
    frame = context.governorates[["name", "geometry"]]
    return json.loads(frame.to_json()) if len(frame) else {"type": "FeatureCollection", "features": []}


class InfluenceShading(assets.RawScript, folium.map.Layer):
    """The L.InfluenceShading overlay (influence/static/app/influenceshading.js): shapes plus per-name styles.

    folium.GeoJson with a style_function writes each feature's style (the sponsor colour) into a template
    that branca compiles again as Jinja, so a colour such as '{{ ... }}' ran on the server. Here the data is
    JSON in the script (see assets.Raw) and the style is read from it in JavaScript.
    """

    assets = ("influence_shading",)

    def __init__(self, shapes: dict, shading: dict[str, list], *, name: str = LABEL, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "InfluenceShading"
        self.shapes = shapes
        self.shading = shading

    def script_text(self) -> str:
        """The layer built from the shapes and the styles (data never passes through Jinja)."""
        return (
            f"var {self.get_name()} = new L.InfluenceShading("
            f"{to_script_json(self.shapes)}, {to_script_json(self.shading)});"
        )


SHADE = (
    '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" '
    'fill-opacity="0.4" stroke="#888"/></svg>'
)
DASHED = (
    '<svg viewBox="0 0 14 14"><rect x="1" y="1" width="12" height="12" fill="#888" fill-opacity="0.2" '
    'stroke="#222" stroke-width="2" stroke-dasharray="3 2"/></svg>'
)


def legend(context: LayerContext) -> list[str]:
    """The shading by leading sponsor, the dashed contested outline and the rule (for both influence layers)."""
    rows = [
        legend_parts.row(SHADE, "leading sponsor (darker: larger share and more events)"),
        legend_parts.row(DASHED, "contested: runner-up close behind"),
    ]
    text = legend_note(context)
    return [
        legend_parts.group(
            "Influence", [*rows, legend_parts.note(text)] if text else rows, "influence influence_all"
        )
    ]
