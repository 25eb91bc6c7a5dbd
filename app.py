"""Streamlit entry point: `streamlit run app.py` opens the analyst's map; editors find the Edit page."""

from __future__ import annotations

import urllib.parse

import streamlit as st

st.set_page_config(page_title="Syria influence map", page_icon=":world_map:", layout="wide")

from ui import actors, guard, startup  # noqa: E402  (set_page_config must run first)
from ui.brief import page as brief_page  # noqa: E402
from ui.editor import page as edit_page  # noqa: E402
from ui.explore import page as explore  # noqa: E402

startup.run()
pages = [
    st.Page(guard.protect(explore.render), title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page(guard.protect(actors.render), title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page(guard.protect(brief_page.render), title="Brief", icon=":material/slideshow:", url_path="brief"),
    st.Page(guard.protect(edit_page.render), title="Edit", icon=":material/edit:", url_path="edit"),
]
try:
    st.navigation(pages).run()
finally:
    # st.iframe(document) asks urllib whether the whole HTML is a URL, and CPython's urlsplit keeps its last 128
    # inputs in an lru_cache: every map document drawn (1 MB or more each) stayed in memory, ~300 MB after 10
    # minutes of 4 analysts (scripts/bench_load.py). Forgetting them after each run bounds the server's memory.
    getattr(urllib.parse.urlsplit, "cache_clear", lambda: None)()
