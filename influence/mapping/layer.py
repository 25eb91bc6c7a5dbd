"""The layer contract and the registry type: what a map layer must declare, and the layers in drawing order.

The registry itself lives in the top-level `layers/` package (one small file per layer). Nothing in
`influence/` imports it: the entry points (the UI, `cli.py`) hand it to the composition, so the
dependency points one way only (`layers/` uses `influence.mapping`, never the reverse).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import folium
import geopandas as gpd

from influence.mapping.context import LayerContext


class Layer(Protocol):
    """A map layer: key (links, view files), label, on by default or not, build, and its own legend groups."""

    KEY: str
    LABEL: str
    DEFAULT_ON: bool

    def build(self, events: gpd.GeoDataFrame, context: LayerContext) -> folium.map.Layer:
        """The folium layer drawing `events` (an empty layer when there are none)."""
        ...

    def legend(self, context: LayerContext) -> Sequence[str]:
        """This layer's legend groups (legend.group of legend.row; the sponsor colours are common)."""
        ...


@dataclass(frozen=True)
class Registry:
    """The layers in drawing and layer-control order (the first is drawn lowest)."""

    layers: tuple[Layer, ...]

    def __post_init__(self) -> None:
        keys = [layer.KEY for layer in self.layers]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"layer keys must be unique; repeated: {', '.join(repeated)}")

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every layer's key, in order."""
        return tuple(layer.KEY for layer in self.layers)

    @property
    def default_keys(self) -> tuple[str, ...]:
        """The keys of the layers shown when a view names none."""
        return tuple(layer.KEY for layer in self.layers if layer.DEFAULT_ON)

    def shown(self, chosen: Sequence[str] | None) -> tuple[str, ...]:
        """The keys to show: `chosen`, or the defaults when it is None; an unknown key is a ValueError."""
        shown = tuple(chosen) if chosen is not None else self.default_keys
        unknown = set(shown) - set(self.keys)
        if unknown:
            raise ValueError(f"unknown layers: {', '.join(sorted(unknown))}; known: {', '.join(self.keys)}")
        return shown

    def with_layers(self, extra: Iterable[Layer]) -> Registry:
        """A registry with `extra` layers drawn above these (for plug-ins and tests)."""
        return Registry((*self.layers, *extra))
