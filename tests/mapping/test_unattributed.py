"""Unattributed events are kept, filterable, and left out of the influence shading unless switched in."""

import geopandas as gpd
import pandas as pd

from influence.mapping.context import load_context
from influence.view import query
from influence.view.query import Filters
from layers import influence, influence_all


def _events(sponsors: list[str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "sponsor": sponsors,
            "governorate": ["Idlib"] * len(sponsors),
            "date": pd.Timestamp("2023-06-02"),
            "end_date": pd.NaT,
        }
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy([36.6] * len(sponsors), [35.8] * len(sponsors))
    )


def _leader(layer) -> str:
    (style,) = layer.shading.values()  # [fill, opacity, contested, tooltip] of the one shaded governorate
    return style[3]


def test_the_influence_shading_leaves_unattributed_events_out_by_default():
    events = _events(["Unattributed"] * 5 + ["Iran"])
    context = load_context()
    assert influence.DEFAULT_ON and not influence_all.DEFAULT_ON
    assert _leader(influence.build(events, context)).endswith("Iran 1")
    assert _leader(influence_all.build(events, context)).endswith("Unattributed 5, Iran 1")


def test_unattributed_events_are_filtered_like_any_sponsor():
    events = _events(["Unattributed", "Iran", "Russia"])
    shown = query.apply(events, Filters(sponsors=("Unattributed",)))
    assert list(shown["sponsor"]) == ["Unattributed"]
