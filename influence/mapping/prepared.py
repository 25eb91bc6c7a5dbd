"""Work a layer does once per events frame (codes, the staged rows of chains), kept while the frame lives.

The live map sends a state on every filter change and playback step (influence.mapping.livestate): a layer's
`state(events, selected, context)` gets all events of the data version and the mask of those shown, so it
can count over codes prepared once instead of grouping text columns again on each step. Hand-written:
functools' caches need hashable arguments and a DataFrame is not; the frames are never mutated (ui/cache.py).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")
_KEPT: dict[tuple[int, str], tuple[weakref.ref, object]] = {}
_LOCK = threading.Lock()


def once(events: pd.DataFrame, name: str, make: Callable[[pd.DataFrame], T]) -> T:
    """make(events), computed once per events frame and `name`, forgotten when the frame is."""
    key = (id(events), name)
    with _LOCK:
        kept = _KEPT.get(key)
    if kept is not None and kept[0]() is events:
        return kept[1]  # type: ignore[return-value]
    value = make(events)
    # the entry goes with the frame, so an id reused by a later frame never finds the old value
    reference = weakref.ref(events, lambda _gone, key=key: _forget(key))
    with _LOCK:
        _KEPT[key] = (reference, value)
    return value


def _forget(key: tuple[int, str]) -> None:
    with _LOCK:
        _KEPT.pop(key, None)
