"""The layer registry: one small module per layer (KEY, LABEL, DEFAULT_ON, build), listed once here.

Adding a layer is one file in this folder and one entry below; the contract is
influence.mapping.layer.Layer.
"""

from __future__ import annotations

from influence.mapping.layer import Registry
from layers import density, events, flows, influence, influence_all

# Order is the drawing and layer-control order: areas of influence below flows below events.
LAYERS = Registry((influence, influence_all, density, flows, events))

__all__ = ["LAYERS"]
