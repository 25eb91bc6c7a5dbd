"""The layer registry: each layer module has LABEL, KEY, DEFAULT_ON and build(events, context)."""

from __future__ import annotations

from types import ModuleType

from layers import density, events, flows, influence
from layers.context import LayerContext, load_context

# Order is the drawing and layer-control order: areas of influence below flows below events.
LAYERS: tuple[ModuleType, ...] = (influence, density, flows, events)
BY_KEY: dict[str, ModuleType] = {layer.KEY: layer for layer in LAYERS}
DEFAULT_KEYS: tuple[str, ...] = tuple(layer.KEY for layer in LAYERS if layer.DEFAULT_ON)

__all__ = ["BY_KEY", "DEFAULT_KEYS", "LAYERS", "LayerContext", "load_context"]
