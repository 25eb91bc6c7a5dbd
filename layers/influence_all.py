"""Influence layer counting unattributed events too: the switch for analysts who want them in the shading."""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np

from influence.mapping.context import LayerContext
from layers import influence

LABEL = influence.LABEL_ALL
KEY = "influence_all"
DEFAULT_ON = False  # off by default: unattributed events are no power's influence


def state(events: gpd.GeoDataFrame, selected: np.ndarray, context: LayerContext) -> dict[str, list]:
    """The live map's part (influence.mapping.livestate): the styles of every event shown."""
    return influence.styles_of(events, selected, context, neutral=True)


def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
    """The governorates shaded by the leading sponsor counting every event, Unattributed included."""
    return influence.InfluenceShading(
        influence.shapes(context), influence.styles(events, context), name=LABEL, show=DEFAULT_ON
    )


def legend(context: LayerContext) -> list[str]:
    """The influence layer's groups (the page lists a group two layers share once)."""
    return influence.legend(context)
