"""Page layout the map needs: its frame as tall as the window allows with the playback controls still in the
window under it, and room for both at 800 px wide."""

from __future__ import annotations

import streamlit as st

# Space kept above and below the map inside the window: above, the page's top padding (reduced below), the
# header, the counts line and the caption (about 180 px); below, the playback row (ui/explore/playback.py, about
# 65 px), so the map and its playback buttons are in the window together. The frame never shrinks below
# MIN_HEIGHT px, so a short window still shows a usable map (the page scrolls).
RESERVED_PX = 272
RESERVED = f"{RESERVED_PX}px"
# Where the main column is too narrow for the playback row on one line (its buttons and choices take about
# 500 px, the slider at least 14rem), the slider wraps under them: one more row is kept free below the map.
# A container query on the main column, not a media query on the window: the sidebar, open, closed or
# resized, takes its share of the window.
NARROW = "(max-width: 740px)"
NARROW_RESERVED = f"{RESERVED_PX + 56}px"
TOP_PADDING = "2.5rem"  # Streamlit's default (6rem) would push the map's lower edge out of the window
MIN_HEIGHT = 420
PLAYBACK_KEY = "playback"  # the container of the playback row (.st-key-playback)


def fill_height(key: str) -> None:
    """Make the map frame inside the container .st-key-<key> as tall as the window less RESERVED."""
    # CSS, not a height argument: Streamlit sizes an iframe in pixels once, and the window changes after.
    # Below 900 px the main block's side padding shrinks too, so an 800 px window keeps most of its width.
    frame = f".st-key-{key} iframe"
    row = f".st-key-{PLAYBACK_KEY} [data-testid='stHorizontalBlock']"
    column = f"{row} > [data-testid='stColumn']"
    st.html(
        "<style>"
        f"{frame} {{ height: max({MIN_HEIGHT}px, calc(100vh - {RESERVED})) !important; }}"
        ".stMainBlockContainer { container-type: inline-size; }"
        f"@container {NARROW} {{ {frame} {{ height: max({MIN_HEIGHT}px, calc(100vh - {NARROW_RESERVED})) !important; }} }}"
        # the frame's element container has the pixel height too: let it follow the frame
        f".st-key-{key} .stElementContainer {{ height: auto !important; }}"
        f".stMainBlockContainer {{ padding-top: {TOP_PADDING}; }}"
        "@media (max-width: 900px) { .stMainBlockContainer { padding-left: 0.75rem; padding-right: 0.75rem; } }"
        # the playback row: buttons of one size, the step and mode choices as wide as their words (Streamlit's
        # columns would cut "Week | Month" to "Month" at 800 px), the slider takes the rest or wraps under them
        f"{row} {{ flex-wrap: wrap; row-gap: 0.5rem; }}"
        f"{column} {{ flex: 0 0 auto !important; width: auto !important; min-width: 0 !important; }}"
        f"{column}:nth-child(-n+3) {{ flex: 0 0 3rem !important; }}"
        f"{column}:last-child {{ flex: 1 1 14rem !important; }}"
        # the problems badge wraps rather than being cut in its narrow column
        ".stMarkdownBadge { white-space: normal !important; overflow: visible !important; max-width: 100%; }"
        "</style>"
    )
