"""The Brief page: annotate a view, compare two periods, build a deck of saved views."""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui.brief import annotate, compare, deckbuilder


def render() -> None:
    """Draw the Brief page."""
    dataset = cache.dataset()
    st.subheader("Briefs")
    st.caption(
        f"Data version {dataset.version}, {len(dataset.events):,} events. Callouts are saved in view files, "
        "never in events.csv; every page of a deck carries its own stamp."
    )
    annotate_tab, compare_tab, deck_tab = st.tabs(["Annotate a view", "Compare two periods", "Deck"])
    with annotate_tab:
        annotate.render(dataset)
    with compare_tab:
        compare.render(dataset, cache.span(dataset.version, dataset.events))
    with deck_tab:
        deckbuilder.render(dataset)
