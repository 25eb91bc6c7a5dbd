"""The table of the events on the map, with source links and readable dates."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from influence.contract.vocabulary import Vocabulary

MAX_ROWS = 5000  # sending 100,000 rows to the browser costs seconds; the export panel has them all
_COLUMNS = (
    "date", "end_date", "sponsor", "event_type", "actor", "place", "governorate", "precision", "confidence",
    "count", "description", "source", "source_url", "id", "line",
)  # fmt: skip


def render(shown: gpd.GeoDataFrame, vocabulary: Vocabulary) -> None:
    """An expander with the table of `shown`, newest first, at most MAX_ROWS rows; built only when opened."""
    # on_change="rerun" makes the expander lazy: a closed one sends no table, so the first map is not
    # slowed by the table's data and the browser code that draws it
    expander = st.expander(f"Table of the {len(shown):,} events shown", key="events_table", on_change="rerun")
    if expander.open:
        with expander:
            _table(shown, vocabulary)


def _table(shown: gpd.GeoDataFrame, vocabulary: Vocabulary) -> None:
    labels = {kind.key: kind.label for kind in vocabulary.event_types}
    rows = pd.DataFrame(shown[[name for name in _COLUMNS if name in shown.columns]])
    rows = rows.sort_values("date", ascending=False, kind="stable").head(MAX_ROWS)
    rows = rows.assign(event_type=rows["event_type"].map(labels).fillna(rows["event_type"]))
    if len(shown) > MAX_ROWS:
        st.caption(f"The {MAX_ROWS:,} most recent of {len(shown):,} events; export for all of them.")
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "end_date": st.column_config.DateColumn("Until", format="YYYY-MM-DD"),
            "sponsor": "Sponsor",
            "event_type": "Type",
            "actor": "Actor",
            "place": "Place",
            "governorate": "Governorate",
            "precision": "Precision",
            "confidence": "Confidence",
            "count": st.column_config.NumberColumn("People", format="%d"),
            "description": st.column_config.TextColumn("Description", width="large"),
            "source": "Source",
            "source_url": st.column_config.LinkColumn("Link", display_text="open"),
            "id": "Id",
            "line": st.column_config.NumberColumn("Line", format="%d", help="Line in the events file"),
        },
    )
