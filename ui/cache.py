"""Cached data for the map page, keyed on the events file's content hash: an edit is seen at once.

st.cache_resource, not st.cache_data, for the frames: cache_data hands back a pickled copy on every
rerun (0.14 s for 100,000 events, more than filtering again costs); these frames are never mutated.
Nothing here caches a folium object.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from influence.brief import callouts
from influence.contract import vocabulary
from influence.load import stored
from influence.load.dataset import Dataset, events_path, load, version_of
from influence.mapping import documents, livestate, mapview
from influence.mapping.context import load_context
from influence.mapping.htmltext import escape
from influence.view import query, timeline, window
from layers import LAYERS
from ui import markup


def dataset() -> Dataset:
    """The events file named by $EVENTS_CSV (default events.csv), loaded once per content version."""
    path = events_path()
    try:
        stat = path.stat()
        version = _version(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:  # missing, a folder, unreadable: dataset.load turns it into a problem in plain words
        return _load(str(path), "unreadable")
    return _load(str(path), version)


@st.cache_data(max_entries=8, show_spinner=False)
def _version(path: str, mtime_ns: int, size: int) -> str:
    # hashing 15 MB on every rerun costs ~35 ms; the stat key makes it once per file change
    return version_of(path)


@st.cache_resource(max_entries=3, show_spinner="Reading the events file…")
def _load(path: str, version: str) -> Dataset:
    # a server restarted on an unchanged file reads the validated rows back instead of validating again
    kept = stored.read(version, Path(path))
    if kept is not None:
        return kept
    dataset = load(Path(path))
    if dataset.version == version:
        stored.write(dataset)
    return dataset


@st.cache_resource(max_entries=32, show_spinner=False)
def selected(version: str, filters: query.Filters, _events: gpd.GeoDataFrame) -> np.ndarray:
    """True for each event of data version `version` passing `filters` (the leading _ keeps the frame out of the key)."""
    return query.selected(_events, filters).to_numpy(dtype=bool)


@st.cache_resource(max_entries=32, show_spinner=False)
def filtered(version: str, filters: query.Filters, _events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The events of data version `version` passing `filters`."""
    return _events.loc[selected(version, filters, _events)]


@st.cache_data(max_entries=32, show_spinner=False)
def counts(
    version: str, filters: query.Filters, step: str, measure: str, _events: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Timeline counts (per week or month, by sponsor; events, people or fatalities) of the events passing `filters`."""
    order = [sponsor.name for sponsor in vocabulary.load().sponsors]
    return timeline.counts(filtered(version, filters, _events), step, order, measure)


@st.cache_data(max_entries=32, show_spinner=False)
def bars(version: str, filters: query.Filters, step: str, measure: str, _events: gpd.GeoDataFrame) -> dict:
    """The timeline chart of `counts` without its window (timeline.bars): a playback step reuses it."""
    colours = {sponsor.name: markup.colour(sponsor.colour) for sponsor in vocabulary.load().sponsors}
    return timeline.bars(
        counts(version, filters, step, measure, _events), step=step, measure=measure, colours=colours
    )


def span(version: str, events: pd.DataFrame) -> tuple[date, date]:
    """The record's first and last days (influence.view.window.span), once per data version."""
    if not events["date"].notna().any():
        return window.span(events)  # today's date: never kept past the day
    return _span(version, events)


@st.cache_data(max_entries=8, show_spinner=False)
def _span(version: str, _events: pd.DataFrame) -> tuple[date, date]:
    return window.span(_events)


def events_file() -> str:
    """The events file name as the page shows it."""
    return os.path.basename(str(events_path()))


@st.cache_data(max_entries=8, show_spinner=False)
def actors(version: str, _events: gpd.GeoDataFrame) -> tuple[str, ...]:
    """Every actor named in data version `version`, sorted."""
    # the distinct names first (a few hundred): a loop over 100,000 rows cost 0.35 s of a cold first map
    names = _events["actor"].dropna().unique()
    return tuple(sorted({str(name) for name in names if str(name).strip()}))


@st.cache_resource(max_entries=2, show_spinner=False)
def live_html(
    version: str, _events: gpd.GeoDataFrame, callouts_key: str = "", _annotations: tuple = ()
) -> str:
    """The live map's document: every event of the version and every basemap, drawn only as the states sent
    to it say (a basemap chosen in the sidebar is a state too, so it never reloads the document), plus a
    link's callouts (`callouts_key` = callouts.key(_annotations) keys them)."""
    kept = documents.read(version, callouts_key)  # a restarted server sends the document it composed before
    if kept is not None:
        return kept
    figure = mapview.compose(_events, registry=LAYERS, title=" ", live=True)
    callouts.add_to(figure, _annotations)
    document = mapview.render_html(figure)
    documents.write(version, callouts_key, document)
    return document


def live_file(
    version: str, _events: gpd.GeoDataFrame, callouts_key: str = "", _annotations: tuple = ()
) -> Path | None:
    """The file holding `live_html`'s document (composed and stored first when there is none), or None when it
    cannot be stored (the page then sends the document itself)."""
    found = documents.stored_file(version, callouts_key)
    if found is None:
        live_html(version, _events, callouts_key, _annotations)
        found = documents.stored_file(version, callouts_key)
    return found


@st.cache_data(max_entries=32, show_spinner=False)
def live_state(
    version: str,
    filters: query.Filters,
    layers: tuple[str, ...],
    title: str,
    basemap: str,
    _events: gpd.GeoDataFrame,
    _store: bool = False,
) -> dict:
    """What the live map draws for `filters` (influence.mapping.livestate.state); with `_store`, a state computed
    is kept on disk too (a visit's first map: a restarted server then reads it instead of computing it)."""
    # only first maps are stored: writing a state costs 40-60 ms at 100,000 events (the flows' 1.2 MB of JSON),
    # too much for every filter change and playback step, and a restart never needs those
    asked = {"filters": filters.to_dict(), "layers": list(layers), "title": title, "basemap": basemap}
    variant = json.dumps(asked, sort_keys=True)
    kept = documents.read_state(version, variant)
    if kept is not None:
        return kept
    chosen = selected(version, filters, _events)
    state = livestate.state(
        _events, chosen, load_context(), registry=LAYERS, layers=layers, title=escape(title), basemap=basemap
    )
    if _store:
        documents.write_state(version, variant, state)
    return state
