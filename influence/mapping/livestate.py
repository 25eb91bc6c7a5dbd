"""What the live map draws on one rerun: a compact mask of event indices plus the small per-layer data.

The map document (ui/explore/livemap.py) holds every event of a data version once; on each rerun it receives only
this state. Python stays the one place where filter semantics live: the mask is the query's own result
(influence.view.query.selected), and each layer's part is computed by the layer itself from the same rows:
a layer module may define `state(events, selected, context)` (every event of the version and the boolean mask
of those shown, so a layer can count over codes it prepared once per frame: influence.mapping.prepared)
returning the data its JavaScript `setState` takes; a layer without one keeps what the document drew. Only the layers shown
get their part, so a layer switched on in the map gets fresh data on the rerun its toggle causes.
The exports apply the same state to the same composition (influence.mapping.mapview.compose).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from influence.mapping.context import LayerContext
from influence.mapping.layer import Registry


def mask(selected: pd.Series | np.ndarray) -> str:
    """A boolean selection over all events as a bitset (bit i of byte i // 8, least significant first), base64."""
    bits = np.packbits(np.asarray(selected, dtype=bool), bitorder="little")
    return base64.b64encode(bits.tobytes()).decode("ascii")


def unmask(text: str, size: int) -> np.ndarray:
    """The boolean selection a `mask` string holds (the inverse of mask, for tests and tools)."""
    bits = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[:size].astype(bool)


def state(
    events: gpd.GeoDataFrame,
    selected: pd.Series | np.ndarray | Sequence[bool],
    context: LayerContext,
    *,
    registry: Registry,
    layers: Sequence[str],
    title: str = "",
    basemap: str | None = None,
) -> dict:
    """The live state: the layers to show, the basemap, the (escaped) title, and each shown layer's data."""
    chosen = np.asarray(selected, dtype=bool)
    data = {
        layer.KEY: layer.state(events, chosen, context)
        for layer in registry
        if layer.KEY in layers and callable(getattr(layer, "state", None))
    }
    return {"layers": list(layers), "basemap": basemap, "title": title, "data": data}


def key(payload: dict) -> str:
    """A short content key of a state (the bridge skips a redraw when nothing changed)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
