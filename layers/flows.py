"""Flows layer: recruit -> train -> deploy, as directed lines between the stages of each chain."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from influence.mapping import assets, prepared
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
_USED = ("lat", "lon", "sponsor", "count", "place")  # the events' columns a flow line is built from


def pairs(
    events: gpd.GeoDataFrame, context: LayerContext, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per flow: every event of a chain's stage to every event of its next present stage (with the
    events' `columns` only, chain and stage always, when given)."""
    stages = {t.key: t.stage for t in context.vocabulary.event_types}
    # only the staged rows are mapped and copied: most events belong to no chain (all of them cost 0.1 s at 17,000)
    kept = events["event_type"].isin([key for key, stage in stages.items() if stage > 0])
    kept &= events["chain"].fillna("") != ""
    if columns is not None:  # the merges below copy every column, long texts too (0.1 s at 100,000)
        events = events[
            [name for name in events.columns if name in {*columns, "chain", "event_type", "date"}]
        ]
    staged = pd.DataFrame(events.loc[kept].drop(columns="geometry", errors="ignore")).reset_index(drop=True)
    staged = staged.assign(stage=staged["event_type"].map(stages).astype(int))
    source, target = _links(staged)
    # the columns as a merge of the staged rows with themselves names them (chain once, the rest _from / _to)
    parts = {("chain" if name == "chain" else f"{name}_from"): staged[name].take(source) for name in staged}
    parts |= {f"{name}_to": staged[name].take(target) for name in staged if name != "chain"}
    return pd.DataFrame({name: column.reset_index(drop=True) for name, column in parts.items()})


def _links(staged: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (source, target) of `staged` (columns chain, stage, date): each row of a chain's stage to each
    row of the chain's next present stage (a missing middle stage still links the known ones), ordered by
    chain, stage, source date, target date, then row order; at most MAX_FLOWS.

    Hand-written in numpy: the two pandas merges and the sort this replaces cost 15-70 ms per playback step
    in pandas' fixed costs, on a few hundred rows."""
    if staged.empty:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    chain = pd.factorize(staged["chain"].astype(str), sort=True)[0]
    stage = staged["stage"].to_numpy(dtype=np.int64)
    dates = staged["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dates = np.where(dates == np.iinfo(np.int64).min, np.iinfo(np.int64).max, dates)  # NaT sorts last
    width = int(stage.max()) + 1
    keys, group = np.unique(chain * width + stage, return_inverse=True)  # (chain, stage), sorted
    following = np.arange(1, len(keys) + 1)
    following[-1] = -1
    following[:-1][keys[1:] // width != keys[:-1] // width] = -1  # the last stage of its chain links nowhere
    order = np.argsort(group, kind="stable")  # rows grouped by (chain, stage), in row order within a group
    first = np.searchsorted(group[order], np.arange(len(keys)))
    size = np.bincount(group, minlength=len(keys))
    sources = np.flatnonzero(following[group] >= 0)
    into = following[group[sources]]
    counts = size[into]
    source = np.repeat(sources, counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    target = order[np.repeat(first[into], counts) + within]
    ranked = np.lexsort((target, source, dates[target], dates[source], stage[source], chain[source]))
    ranked = ranked[:MAX_FLOWS]
    return source[ranked], target[ranked]


def width(count: object) -> float:
    """Line width for a flow of `count` people: log-scaled between MIN_WIDTH and MAX_WIDTH."""
    if count is None or pd.isna(count) or float(count) <= 1:
        return MIN_WIDTH
    return round(min(MAX_WIDTH, MIN_WIDTH + 1.6 * math.log10(float(count))), 2)


def state(events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict:
    """The live map's part (influence.mapping.livestate): the flows between the events shown."""
    stages = sorted(t.key for t in context.vocabulary.event_types if t.stage > 0)
    rows, staged = prepared.once(events, "flows:" + ",".join(stages), lambda frame: _staged(frame, stages))
    return encode(staged.loc[selected[rows]], context)


def _staged(events: gpd.GeoDataFrame, stages: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """The positions of the events that are a stage of a chain, and those rows with the columns a flow uses:
    a playback step then links the few staged rows it shows instead of scanning and copying every event."""
    kept = (events["event_type"].isin(stages) & (events["chain"].fillna("") != "")).to_numpy(dtype=bool)
    columns = [name for name in events.columns if name in {*_USED, "chain", "event_type", "date", "sponsor"}]
    return np.flatnonzero(kept), pd.DataFrame(events.loc[kept, columns]).reset_index(drop=True)


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
    # named aggregations with Python lambdas took ~1 s for 5,000 lines at 100,000 events: these stay in C
    lines = grouped.agg(
        links=("chain", "size"),
        place_from=("place_from", "first"),
        place_to=("place_to", "first"),
        sponsor_from=("sponsor_from", "first"),
    )
    lines.insert(1, "people", grouped["people"].sum(min_count=1))
    lines.insert(2, "chains", _chains(grouped.ngroup().to_numpy(), table["chain"].to_numpy(), len(lines)))
    return lines.reset_index()


def _chains(group: np.ndarray, chain: np.ndarray, groups: int) -> list[list[str]]:
    """Each group's distinct chains in first-seen order (group = the group number of each row)."""
    unique = pd.DataFrame({"group": group, "chain": chain}).drop_duplicates()
    ordered = unique.sort_values("group", kind="stable")
    cuts = np.searchsorted(ordered["group"].to_numpy(), np.arange(1, groups))
    return [part.tolist() for part in np.split(ordered["chain"].to_numpy(), cuts)]


def encode(events: gpd.GeoDataFrame, context: LayerContext) -> dict:
    """Flows as rows [lat1, lon1, lat2, lon2, colour code, width, weight], their colours, and each line's label
    as [title, first stage, next stage, sponsor, origin, target] indices into `texts` (escaped) plus links and
    people (-1: not reported).

    Flows between the same two points (same sponsor colour and stages) are bundled into one line; its
    weight (people, or links when no count is known) decides which lines the map keeps when crowded.
    """
    declared = context.vocabulary
    stage_label = {t.stage: t.label for t in declared.event_types if t.stage}
    lines = bundled(
        pairs(events, context, _USED), {name: declared.colour(name) for name in events["sponsor"].unique()}
    )
    colours = list(dict.fromkeys(lines["colour"]))
    code = {colour: index for index, colour in enumerate(colours)}
    links = lines["links"].astype("int64").tolist()
    counted = lines["people"].to_numpy(dtype=float, na_value=np.nan)
    people = [None if value != value else int(value) for value in counted.tolist()]  # NaN != NaN
    weights = [max(count or 0, link) for count, link in zip(people, links, strict=True)]
    widths = {weight: width(weight) for weight in set(weights)}
    ends = zip(
        *(lines[column].tolist() for column in ("lat_from", "lon_from", "lat_to", "lon_to")), strict=True
    )
    rows = [
        [*end, code[colour], widths[weight], weight]
        for end, colour, weight in zip(ends, lines["colour"].tolist(), weights, strict=True)
    ]
    texts = (
        lines[column].tolist()
        for column in ("chains", "stage_from", "stage_to", "sponsor_from", "place_from", "place_to")
    )
    # a line's popup is its parts, each an index into one table of escaped texts (places, sponsors, stages
    # and chain titles repeat on most lines), composed in the browser only when the line is pointed at
    # (static/app/flowarrows.js): at 100,000 events a filter change's flows data was 999 KB with whole labels, 553 KB as parts
    table: dict[str, int] = {}
    text = functools.lru_cache(maxsize=None)(escape)

    def ref(value: object) -> int:
        return table.setdefault(text(value), len(table))

    labels = [
        [ref(_title(chains)), ref(stage_label[first]), ref(stage_label[then]), ref(sponsor), ref(origin),
         ref(target), link, -1 if count is None else count]
        for (chains, first, then, sponsor, origin, target), link, count in zip(
            zip(*texts, strict=True), links, people, strict=True
        )
    ]  # fmt: skip
    return {"flows": rows, "colours": colours, "texts": list(table), "labels": labels}


def _title(chains: list[str]) -> str:
    """A line's heading: its chain, or how many chains and the first three."""
    shown = ", ".join(chains[:3]) + (f" and {len(chains) - 3} more" if len(chains) > 3 else "")
    return f"Chain {shown}" if len(chains) == 1 else f"{len(chains)} chains: {shown}"


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
