"""The naive baseline for scripts/bench.py: one folium CircleMarker per event through st_folium.

This is how a first version is usually written; the benchmark measures the real app against it.
Not part of the app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit puts only scripts/ on the path
from influence.mapping.htmltext import escape

st.set_page_config(page_title="naive baseline", layout="wide")
events = pd.read_csv(os.environ.get("EVENTS_CSV", "events.csv"), keep_default_na=False)
sponsors = sorted(events["sponsor"].unique())
chosen = st.sidebar.multiselect("Sponsors", sponsors, default=sponsors, key="f_sponsors")
shown = events[events["sponsor"].isin(chosen)]
# playback as a first version writes it: a button that moves a calendar-month window, the map rebuilt
months = pd.to_datetime(events["date"]).dt.to_period("M")
step = st.session_state.setdefault("step", -1)  # -1: all dates
if st.button("Next month", key="p_forward"):
    st.session_state["step"] = step = step + 1
if step >= 0:
    shown = shown[months.loc[shown.index] == months.min() + step]
st.markdown(f"**{len(shown):,}** of {len(events):,} events shown")

figure = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None, max_zoom=18)
for row in shown.itertuples():
    folium.CircleMarker(
        [row.lat, row.lon], radius=4, color="#d62728", popup=folium.Popup(escape(row.description))
    ).add_to(figure)
st_folium(figure, height=600, use_container_width=True, returned_objects=[])
