"""The influence layer's rule for a contested governorate, reached through the layer registry.

The rule lives with the layer that draws it (layers/influence.py: the runner-up has at least
CONTESTED_RATIO of the leader's events, and the governorate has MIN_EVENTS counted); nothing in
influence/ imports layers/, so the caller hands the registry in and the comparison uses the same rule.
"""

from __future__ import annotations

import geopandas as gpd

from influence.brief.comparison import ContestedRule
from influence.mapping.context import LayerContext, load_context
from influence.mapping.layer import Registry

INFLUENCE = "influence"


def rule(registry: Registry, context: LayerContext | None = None) -> ContestedRule:
    """The governorates the registry's influence layer marks contested in a frame of events."""
    layer = next((layer for layer in registry if layer.KEY == INFLUENCE), None)
    if layer is None:
        raise ValueError(f"the layer registry has no {INFLUENCE!r} layer, whose rule says what is contested")
    chosen = context or load_context()

    def contested(events: gpd.GeoDataFrame) -> frozenset[str]:
        table = layer.shares(layer.attributed(events, chosen))  # type: ignore[attr-defined]
        marked = table["contested"] & (table["total"] >= layer.MIN_EVENTS)  # type: ignore[attr-defined]
        return frozenset(table.loc[marked, "governorate"])

    return contested
