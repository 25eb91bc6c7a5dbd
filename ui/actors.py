"""The Actors page: the registry (actors.toml) shown, each actor's ties over time and its events in the data."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from influence.contract import vocabulary
from influence.intake import actors_view, registry
from ui import cache, markup


def render() -> None:
    """Draw the Actors page."""
    st.title("Actors and their sponsors")
    try:
        declared = registry.load()
    except ValueError as failure:
        st.error(f"actors.toml cannot be read: {markup.literal(failure)}")
        return
    dataset = cache.dataset()
    st.caption(
        "Declared in actors.toml (editable without code). An event with an empty sponsor takes it from the "
        "actor's tie in force on its date; every tie states its basis and is marked for an editor to verify."
    )
    kinds = st.multiselect(
        "Kind of tie", declared.kinds, default=list(declared.kinds), key="actors_kinds",
        help="Own forces, proxies or backed groups, allies, partners",
    )  # fmt: skip
    first = dataset.events["date"].min().date() if len(dataset.events) else date(2011, 3, 15)
    # the chart starts with the war (ties older than that, such as Hezbollah's, are drawn from its start)
    ties = actors_view.ties(declared, kinds, first=min(first, date(2011, 3, 15)), last=date.today())
    ties = ties.assign(**{"from": ties["from"].clip(lower=pd.Timestamp(min(first, date(2011, 3, 15))))})
    if ties.empty:
        st.info("No tie of these kinds.")
    else:
        st.altair_chart(_chart(ties), width="stretch", key="actors_chart")
    table = actors_view.actors(declared, dataset.events, kinds)
    st.markdown(
        f"**{len(table)}** actors · events in {markup.literal(dataset.path.name)}: {len(dataset.events):,}"
    )
    st.dataframe(table, hide_index=True, key="actors_table", width="stretch")
    missing = actors_view.unregistered(declared, dataset.events)
    if not missing.empty:
        st.caption("Actor names in the data that actors.toml does not know (add them to tie their events):")
        st.dataframe(missing, hide_index=True, key="actors_unknown")


CONFIDENCE_OPACITY = alt.Scale(domain=["confirmed", "probable", "alleged"], range=[1.0, 0.65, 0.35])


def _chart(ties) -> alt.Chart:
    """One bar per tie from its first to its last day, coloured by sponsor (the map's colours)."""
    colours = vocabulary.load()
    sponsors = sorted(set(ties["sponsor"]))
    scale = alt.Scale(domain=sponsors, range=[colours.colour(name) for name in sponsors])
    return (
        alt.Chart(ties)
        .mark_bar()
        .encode(
            x=alt.X("from:T", title=None),
            x2="to:T",
            y=alt.Y("actor:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("sponsor:N"),  # an actor with two ties shows both bars, one under the other
            color=alt.Color("sponsor:N", scale=scale, legend=alt.Legend(orient="top", title=None)),
            opacity=alt.Opacity("confidence:N", scale=CONFIDENCE_OPACITY, legend=None),
            tooltip=["actor", "sponsor", "kind", "period", "confidence", "basis", "verify"],
        )
        .properties(height=max(160, 30 * ties["actor"].nunique()))
    )
