"""The composed map inside Streamlit: one static iframe, so pans and zooms never rerun the script."""

from __future__ import annotations

import streamlit as st

from influence.mapping.mapview import DEFAULT_HEIGHT


def show_html(html: str, *, key: str, height: int = DEFAULT_HEIGHT) -> None:
    """Embed an already rendered map document (ui.cache.map_html) in the container .st-key-<key>."""
    # st.iframe (components.html is deprecated) with the HTML as its srcdoc, as components.html did: it sends
    # nothing back, so no pan or zoom reruns the script, and it is the same HTML the exports write. A srcdoc
    # frame is same-origin, so the map reports its view through the top page's URL (static/app/mapview.js).
    # A fixed height: "content" would have Streamlit measure the document after every resize.
    with st.container(key=key):
        st.iframe(html, height=height, alt="Map of the events shown")
