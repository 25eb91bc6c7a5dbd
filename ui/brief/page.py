"""The Brief page: annotate a view, compare two periods, build a deck of saved views."""

from __future__ import annotations

from datetime import date

import streamlit as st

from influence.load.dataset import Dataset
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
        compare.render(dataset, _span(dataset))
    with deck_tab:
        deckbuilder.render(dataset)


def _span(dataset: Dataset) -> tuple[date, date]:
    """First and last event dates (today when there are no events)."""
    dates = dataset.events["date"].dropna()
    if dates.empty:
        return date.today(), date.today()
    last = dataset.events["end_date"].fillna(dataset.events["date"]).max()
    return dates.min().date(), max(dates.max(), last).date()
