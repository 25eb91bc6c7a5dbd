"""The table of the events on the map, with source links and readable dates."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from influence.contract.vocabulary import Vocabulary

MAX_ROWS = 5000  # sending 100,000 rows to the browser costs seconds; the export panel has them all
# what an analyst reads first, then the rest: when, who, where, what happened
COLUMNS = (
    "date", "sponsor", "place", "description", "event_type", "actor", "end_date", "governorate", "count",
    "fatalities", "confidence", "precision", "source", "source_url", "id", "line",
)  # fmt: skip
# shown as text, so an empty cell is blank: the grid writes "None" in every empty cell it is given
_TEXTS = ("place", "description", "actor", "governorate", "source", "end_date")


def render(shown: gpd.GeoDataFrame, vocabulary: Vocabulary) -> None:
    """An expander with the table of `shown`, newest first, at most MAX_ROWS rows; built only when opened."""
    # on_change="rerun" makes the expander lazy: a closed one sends no table, so the first map is not
    # slowed by the table's data and the browser code that draws it
    expander = st.expander(f"Table of the {len(shown):,} events shown", key="events_table", on_change="rerun")
    if expander.open:
        with expander:
            _table(shown, vocabulary)


def rows(shown: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """The table's rows: COLUMNS present in `shown`, newest first, type labels, empty text cells blank."""
    labels = {kind.key: kind.label for kind in vocabulary.event_types}
    table = pd.DataFrame(shown[[name for name in COLUMNS if name in shown.columns]])
    table = table.sort_values("date", ascending=False, kind="stable").head(MAX_ROWS)
    table = table.assign(event_type=table["event_type"].map(labels).fillna(table["event_type"]))
    if "end_date" in table.columns:
        until = pd.to_datetime(table["end_date"]).dt.strftime("%Y-%m-%d")
        table = table.assign(end_date=until)
    blank = {name: table[name].fillna("").astype(str) for name in _TEXTS if name in table.columns}
    return table.assign(**blank)


def _table(shown: gpd.GeoDataFrame, vocabulary: Vocabulary) -> None:
    table = rows(shown, vocabulary)
    if len(shown) > MAX_ROWS:
        st.caption(f"The {MAX_ROWS:,} most recent of {len(shown):,} events; export for all of them.")
    # No alignment on the text columns: the grid (glide-data-grid) then aligns a cell whose first strong
    # character is right-to-left (Arabic, Farsi) on the right and writes it right to left, so a long
    # description is cut at its end, not its start; an explicit alignment would override that.
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD", width="small"),
            "sponsor": "Sponsor",
            "place": st.column_config.TextColumn("Place", width="medium"),
            "description": st.column_config.TextColumn("Description", width="large"),
            "event_type": "Type",
            "actor": st.column_config.TextColumn("Actor", width="medium"),
            "end_date": st.column_config.TextColumn(
                "Until", width="small", help="Last day, for an event of several days"
            ),
            "governorate": "Governorate",
            "count": st.column_config.NumberColumn("People", format="%d"),
            "fatalities": st.column_config.NumberColumn("Fatalities", format="%d"),
            "confidence": "Confidence",
            "precision": "Precision",
            "source": st.column_config.TextColumn("Source", width="medium"),
            "source_url": st.column_config.LinkColumn("Link", display_text="open"),
            "id": "Id",
            "line": st.column_config.NumberColumn("Line", format="%d", help="Line in the events file"),
        },
    )
