"""Flows layer: recruit -> train -> deploy, as directed lines between the stages of each chain."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from influence.mapping import assets
from influence.mapping import legend as legend_parts
from influence.mapping.assets import to_script_json
from influence.mapping.context import LayerContext
from influence.mapping.htmltext import escape

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


def state(shown: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict:
    """The live map's part (influence.mapping.livestate): the flows between the events shown."""
    return encode(shown, context)


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The flows as one overlay of arrowed lines."""
    return FlowArrows(encode(events, context), name=LABEL, show=DEFAULT_ON)


def bundled(flows: pd.DataFrame, colour: dict[str, str]) -> pd.DataFrame:
    """Flows between the same two points, of the same colour and stages, as one row: links, people, chains."""
    if flows.empty:
        return pd.DataFrame(
            columns=["lat_from", "lon_from", "lat_to", "lon_to", "colour", "stage_from", "stage_to",
                     "links", "people", "chains", "place_from", "place_to", "sponsor_from"]
        )  # fmt: skip
    people = flows["count_to"].where(flows["count_to"].notna(), flows["count_from"])
    table = pd.DataFrame(
        {
            "lat_from": flows["lat_from"].astype(float).round(5),
            "lon_from": flows["lon_from"].astype(float).round(5),
            "lat_to": flows["lat_to"].astype(float).round(5),
            "lon_to": flows["lon_to"].astype(float).round(5),
            "colour": flows["sponsor_from"].map(colour),
            "stage_from": flows["stage_from"],
            "stage_to": flows["stage_to"],
            "people": pd.to_numeric(people, errors="coerce"),
            "chain": flows["chain"].astype(str),
            "place_from": flows["place_from"].fillna("").astype(str),
            "place_to": flows["place_to"].fillna("").astype(str),
            "sponsor_from": flows["sponsor_from"].astype(str),
        }
    )
    keys = ["lat_from", "lon_from", "lat_to", "lon_to", "colour", "stage_from", "stage_to"]
    grouped = table.groupby(keys, sort=False, dropna=False)
    return grouped.agg(
        links=("chain", "size"),
        people=("people", lambda values: values.sum(min_count=1)),
        chains=("chain", lambda values: list(dict.fromkeys(values))),
        place_from=("place_from", "first"),
        place_to=("place_to", "first"),
        sponsor_from=("sponsor_from", "first"),
    ).reset_index()


def encode(events: gpd.GeoDataFrame, context: LayerContext) -> dict:
    """Flows as rows [lat1, lon1, lat2, lon2, colour code, width, weight] plus colours and escaped labels.

    Flows between the same two points (same sponsor colour and stages) are bundled into one line; its
    weight (people, or links when no count is known) decides which lines the map keeps when crowded.
    """
    declared = context.vocabulary
    stage_label = {t.stage: t.label for t in declared.event_types if t.stage}
    lines = bundled(
        pairs(events, context), {name: declared.colour(name) for name in events["sponsor"].unique()}
    )
    colours = list(dict.fromkeys(lines["colour"]))
    rows, labels = [], []
    for row in lines.itertuples(index=False):
        people = None if pd.isna(row.people) else int(row.people)
        weight = max(people or 0, row.links)
        rows.append(
            [
                row.lat_from,
                row.lon_from,
                row.lat_to,
                row.lon_to,
                colours.index(row.colour),
                width(weight),
                weight,
            ]
        )
        shown = ", ".join(row.chains[:3]) + (
            f" and {len(row.chains) - 3} more" if len(row.chains) > 3 else ""
        )
        title = f"Chain {shown}" if len(row.chains) == 1 else f"{len(row.chains)} chains: {shown}"
        head = f"{row.links} links" if row.links > 1 else ""
        counted = ", ".join(part for part in (head, f"{people} people" if people is not None else "") if part)
        labels.append(
            f"<b>{escape(title)}</b><br>{escape(stage_label[row.stage_from])} → "
            f"{escape(stage_label[row.stage_to])}<br>{escape(row.sponsor_from)}"
            f"{escape(', ' + counted if counted else '')}<br>"
            f"{escape(row.place_from)} → {escape(row.place_to)}"
        )
    return {"flows": rows, "colours": colours, "labels": labels}


class FlowArrows(assets.RawScript, folium.map.Layer):
    """The L.FlowArrows overlay (influence/mapping/static/app/flowarrows.js)."""

    assets = ("flow_arrows",)

    def __init__(self, data: dict, *, name: str = LABEL, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FlowArrows"
        self.data = data

    def script_text(self) -> str:
        """The layer built from the JSON rows."""
        return f"var {self.get_name()} = new L.FlowArrows({to_script_json(self.data)});"


ARROW = (
    '<svg viewBox="0 0 14 14"><path d="M1 7 H10" stroke="#555" stroke-width="2"/>'
    '<path d="M9 3 L13 7 L9 11 Z" fill="#555"/></svg>'
)


def legend(context: LayerContext) -> list[str]:
    """The arrow from one stage of a chain to the next (the browser fills the flows note when thinned)."""
    rows = [
        legend_parts.row(ARROW, "recruitment → training → deployment (width: people, or links on one line)"),
        '<span class="flows-note"></span>',
    ]
    return [legend_parts.group("Flows", rows, KEY)]
