"""Flows layer: recruit -> train -> deploy, as directed lines between the stages of each chain."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from influence import assets
from influence.assets import to_script_json
from influence.htmltext import escape
from layers.context import LayerContext

LABEL = "Flows (recruit → train → deploy)"
KEY = "flows"
DEFAULT_ON = True
MIN_WIDTH = 1.5
MAX_WIDTH = 8.0
MAX_FLOWS = 20_000  # all-pairs between stages can explode; beyond this the longest chains are cut


def pairs(events: gpd.GeoDataFrame, context: LayerContext) -> pd.DataFrame:
    """One row per flow: every event of a chain's stage to every event of its next present stage."""
    stages = {t.key: t.stage for t in context.vocabulary.event_types}
    staged = pd.DataFrame(events.drop(columns="geometry", errors="ignore"))
    staged = staged.assign(stage=staged["event_type"].map(stages).fillna(0).astype(int))
    staged = staged.loc[(staged["chain"].fillna("") != "") & (staged["stage"] > 0)]
    # a missing middle stage (recruited, then seen deployed) still links the stages that are known
    present = staged[["chain", "stage"]].drop_duplicates().sort_values(["chain", "stage"])
    present = present.assign(next_stage=present.groupby("chain")["stage"].shift(-1)).dropna()
    sources = staged.merge(present.astype({"next_stage": int}), on=["chain", "stage"])
    flows = sources.merge(
        staged, left_on=["chain", "next_stage"], right_on=["chain", "stage"], suffixes=("_from", "_to")
    )
    flows = flows.sort_values(["chain", "stage_from", "date_from", "date_to"], kind="stable")
    return flows.drop(columns="next_stage").head(MAX_FLOWS).reset_index(drop=True)


def width(count: object) -> float:
    """Line width for a flow of `count` people: log-scaled between MIN_WIDTH and MAX_WIDTH."""
    if count is None or pd.isna(count) or float(count) <= 1:
        return MIN_WIDTH
    return round(min(MAX_WIDTH, MIN_WIDTH + 1.6 * math.log10(float(count))), 2)


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The flows as one overlay of arrowed lines."""
    return FlowArrows(encode(events, context), name=LABEL, show=DEFAULT_ON)


def encode(events: gpd.GeoDataFrame, context: LayerContext) -> dict:
    """Flows as rows [lat1, lon1, lat2, lon2, colour code, width] plus colours and escaped labels."""
    flows = pairs(events, context)
    declared = context.vocabulary
    stage_label = {t.stage: t.label for t in declared.event_types if t.stage}
    colours: list[str] = []
    rows, labels = [], []
    for row in flows.itertuples(index=False):
        colour = declared.colour(row.sponsor_from)
        if colour not in colours:
            colours.append(colour)
        count = row.count_to if not pd.isna(row.count_to) else row.count_from
        rows.append(
            [
                round(float(row.lat_from), 5),
                round(float(row.lon_from), 5),
                round(float(row.lat_to), 5),
                round(float(row.lon_to), 5),
                colours.index(colour),
                width(count),
            ]
        )
        people = "" if pd.isna(count) else f", {int(count)} people"
        labels.append(
            f"<b>Chain {escape(row.chain)}</b><br>{escape(stage_label[row.stage_from])} → "
            f"{escape(stage_label[row.stage_to])}<br>{escape(row.sponsor_from)}{escape(people)}<br>"
            f"{escape(row.place_from)} → {escape(row.place_to)}"
        )
    return {"flows": rows, "colours": colours, "labels": labels}


class FlowArrows(assets.RawScript, folium.map.Layer):
    """The L.FlowArrows overlay (influence/static/app/flowarrows.js)."""

    assets = ("flow_arrows",)

    def __init__(self, data: dict, *, name: str = LABEL, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FlowArrows"
        self.data = data

    def script_text(self) -> str:
        """The layer built from the JSON rows."""
        return f"var {self.get_name()} = new L.FlowArrows({to_script_json(self.data)});"
