"""The timeline under the map: events per week or month stacked by sponsor, the window shaded."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from influence.vocabulary import Vocabulary
from ui import markup


def render(
    counts: pd.DataFrame, vocabulary: Vocabulary, step: str, start: date | None, end: date | None
) -> None:
    """Draw the stacked bars of `counts` (influence.timeline.counts) with the window [start, end] shaded."""
    if counts.empty:
        st.caption("No events to chart.")
        return
    names = [sponsor.name for sponsor in vocabulary.sponsors]
    colours = [markup.colour(sponsor.colour) for sponsor in vocabulary.sponsors]
    unit = "yearweek" if step == "week" else "yearmonth"
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(f"{unit}(period):T", title=None),
            y=alt.Y("sum(events):Q", title=f"Events per {step}"),
            color=alt.Color(
                "sponsor:N",
                scale=alt.Scale(domain=names, range=colours),
                legend=alt.Legend(orient="top", title=None),
            ),
            tooltip=[
                alt.Tooltip(f"{unit}(period):T", title=step.title()),
                "sponsor:N",
                alt.Tooltip("sum(events):Q", title="Events"),
            ],
        )
    )
    layers = [bars]
    if start or end:
        first, last = counts["period"].min(), counts["period"].max()
        shade = pd.DataFrame({"start": [pd.Timestamp(start) if start else first],
                              "end": [pd.Timestamp(end + timedelta(days=1)) if end else last]})  # fmt: skip
        layers.insert(
            0, alt.Chart(shade).mark_rect(color="#999999", opacity=0.25).encode(x="start:T", x2="end:T")
        )
    st.altair_chart(alt.layer(*layers).properties(height=170), width="stretch")
