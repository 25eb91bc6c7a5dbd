"""The composed map inside Streamlit: one static iframe, so pans and zooms never rerun the script."""

from __future__ import annotations

import folium
import streamlit as st
import streamlit.components.v1 as components

from influence.mapview import DEFAULT_HEIGHT, render_html


def show(m: folium.Map, *, key: str, height: int | None = None) -> None:
    """Embed `m` (from mapview.compose) as self-contained HTML; `key` names its container (CSS .st-key-<key>)."""
    # components.html over st_folium: it sends nothing back, so no pan or zoom reruns the script, it renders
    # the map once (st_folium renders it twice and rewrites the script text), and it is the same HTML the
    # exports write. The map reports its view through the URL instead (see influence/static/app/mapview.js).
    with st.container(key=key):
        components.html(render_html(m), height=height or getattr(m, "frame_height", DEFAULT_HEIGHT))
