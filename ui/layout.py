"""Page layout the map needs: its frame as tall as the window allows, and room for it at 800 px wide."""

from __future__ import annotations

import streamlit as st

# Space kept above the map inside the window: the page's top padding (reduced below), the header, the counts
# line and the caption. The frame never shrinks below MIN_HEIGHT px, so a short window still shows a usable
# map (the page scrolls).
RESERVED_PX = 200
RESERVED = f"{RESERVED_PX}px"
TOP_PADDING = "2.5rem"  # Streamlit's default (6rem) would push the map's lower edge out of the window
MIN_HEIGHT = 420


def fill_height(key: str) -> None:
    """Make the map frame inside the container .st-key-<key> as tall as the window less RESERVED."""
    # CSS, not a height argument: Streamlit sizes an iframe in pixels once, and the window changes after.
    # Below 900 px the main block's side padding shrinks too, so an 800 px window keeps most of its width.
    st.html(
        "<style>"
        f".st-key-{key} iframe {{ height: max({MIN_HEIGHT}px, calc(100vh - {RESERVED})) !important; }}"
        # the frame's element container has the pixel height too: let it follow the frame
        f".st-key-{key} .stElementContainer {{ height: auto !important; }}"
        f".stMainBlockContainer {{ padding-top: {TOP_PADDING}; }}"
        "@media (max-width: 900px) { .stMainBlockContainer { padding-left: 0.75rem; padding-right: 0.75rem; } }"
        "</style>"
    )
