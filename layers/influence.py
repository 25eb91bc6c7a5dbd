"""Influence layer: each governorate shaded by the sponsor with the most events, contested ones marked."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from influence.htmltext import escape
from layers.context import LayerContext

LABEL = "Influence by governorate"
KEY = "influence"
DEFAULT_ON = True
# A governorate is contested when the runner-up has at least this share of the leader's events.
CONTESTED_RATIO = 0.6
MIN_OPACITY = 0.12
MAX_OPACITY = 0.55


def shares(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per governorate: leading sponsor, runner-up, their counts, the leader's share and `contested`."""
    located = events.loc[events["governorate"].fillna("") != ""]
    counts = located.groupby(["governorate", "sponsor"]).size().rename("events").reset_index()
    # ties are broken by sponsor name so the shading never flickers between reruns
    counts = counts.sort_values(["governorate", "events", "sponsor"], ascending=[True, False, True])
    rows = []
    for governorate, group in counts.groupby("governorate", sort=True):
        ranked = list(group[["sponsor", "events"]].itertuples(index=False, name=None))
        top, top_count = ranked[0]
        second, second_count = ranked[1] if len(ranked) > 1 else ("", 0)
        rows.append(
            {
                "governorate": governorate,
                "top": top,
                "top_count": int(top_count),
                "second": second,
                "second_count": int(second_count),
                "total": int(group["events"].sum()),
                "contested": second_count >= CONTESTED_RATIO * top_count and second_count > 0,
                "breakdown": ", ".join(f"{name} {int(n)}" for name, n in ranked),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "governorate",
            "top",
            "top_count",
            "second",
            "second_count",
            "total",
            "contested",
            "breakdown",
        ],
    )
    return frame.assign(share=frame["top_count"] / frame["total"].where(frame["total"] > 0, 1))


def shaded(events: gpd.GeoDataFrame, context: LayerContext) -> gpd.GeoDataFrame:
    """The governorates with the events in them, carrying style and escaped tooltip per feature."""
    table = shares(events).set_index("governorate")
    shapes = context.governorates[["name", "geometry"]].join(table, on="name", how="inner")
    colour = shapes["top"].map(context.vocabulary.colour)
    opacity = MIN_OPACITY + (MAX_OPACITY - MIN_OPACITY) * shapes["share"]
    tooltip = [
        f"<b>{escape(row.name)}</b><br>"
        + (
            f"contested: {escape(row.top)} {row.top_count}, {escape(row.second)} {row.second_count}<br>"
            if row.contested
            else ""
        )
        + f"{escape(row.breakdown)}"
        for row in shapes.itertuples()
    ]
    return gpd.GeoDataFrame(
        {
            "name": shapes["name"].map(escape),
            "tooltip": tooltip,
            "fill": colour,
            "opacity": opacity.round(3),
            "contested": shapes["contested"].astype(bool),
        },
        geometry=shapes.geometry,
        crs="EPSG:4326",
    )


def _style(feature: dict) -> dict:
    properties = feature["properties"]
    contested = properties["contested"]
    return {
        "fillColor": properties["fill"],
        "fillOpacity": properties["opacity"],
        "color": "#222222" if contested else properties["fill"],
        "weight": 3 if contested else 1,
        # dashes mark a contested governorate even in a black-and-white print
        "dashArray": "8 5" if contested else None,
    }


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The shaded governorates as one overlay (no more than 15 features, so folium.GeoJson is cheap)."""
    group = folium.FeatureGroup(name=LABEL, overlay=True, show=DEFAULT_ON)
    frame = shaded(events, context)
    if len(frame):
        folium.GeoJson(
            frame.to_json(),
            style_function=_style,
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        ).add_to(group)
    return group
