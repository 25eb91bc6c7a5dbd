"""The shareable view as a query string: filters, window, layers, basemap, map view, title and callouts.

A link is one spelling of the view model (influence.view.model.View), checked by the same rules as a
view file (influence.view.rules). Reading never fails: a value that cannot be used is dropped and a note
in plain words says so. Writing omits defaults, so a plain link stays short.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from influence.view import calloutlink, rules
from influence.view.model import (
    DEFAULT_BASEMAP,
    DEFAULT_STEP,
    MAX_ITEMS,
    MAX_TEXT,
    Extent,
    View,
    Vocabularies,
    without_notes,
)
from influence.view.query import Filters

__all__ = [  # the link's names for the one model, kept for the pages that use them
    "BRIEF_KEYS", "DEFAULT_BASEMAP", "DEFAULT_STEP", "MAX_ITEMS", "MAX_TEXT", "Extent", "UrlState",
    "Vocabularies", "changes", "link_note", "read", "without_notes", "write",
]  # fmt: skip

UrlState = View  # what a link carries is the view model itself
# Keys this module reads and writes. `view` and `layers` are written by the map's own JavaScript on
# moveend / layer toggles, so the page reads them but never writes them back (it would undo a pan).
WRITTEN_KEYS: tuple[str, ...] = (
    "window", "start", "end", "sponsor", "actor", "type", "gov", "tie", "confidence", "q", "chains", "basemap", "step",
)  # fmt: skip
BROWSER_KEYS: tuple[str, ...] = ("view", "layers")
# Written by the Brief page only (the Explore page reads them and leaves them in its address untouched)
BRIEF_KEYS: tuple[str, ...] = ("title", calloutlink.KEY)
# query key -> (Filters attribute, the label in notes, the Vocabularies attribute, its aliases)
LIST_KEYS: dict[str, tuple[str, str, str, str | None]] = {
    "sponsor": ("sponsors", "sponsor", "sponsors", "sponsor_aliases"),
    "actor": ("actors", "actor", "actors", None),
    "type": ("event_types", "event type", "event_types", "type_aliases"),
    "gov": ("governorates", "governorate", "governorates", None),
    "tie": ("tie_kinds", "kind of tie", "tie_kinds", None),
}

Params = Mapping[str, str | Iterable[str]]


def read(params: Params, known: Vocabularies | None = None) -> View:
    """The view a query string describes; unknown or malformed values are ignored with a note."""
    known = known or Vocabularies()
    values = {key: _as_list(value) for key, value in params.items()}
    problems: list[str] = []
    filter_values: dict = {}

    preset = rules.preset(_last(values, "window") or "all", problems)
    start = rules.day(_last(values, "start"), "start", problems)
    end = rules.day(_last(values, "end"), "end", problems)
    if start and end and start > end:
        problems.append(f"window: start {start} was after end {end}; the two were swapped")
        start, end = end, start
    if preset == "custom" or (preset == "all" and (start or end)):
        preset = "custom" if (start or end) else "all"
        filter_values.update(start=start, end=end)

    for key, (attribute, label, allowed, aliases) in LIST_KEYS.items():
        filter_values[attribute] = rules.names(
            values.get(key, []),
            label,
            getattr(known, allowed),
            problems,
            getattr(known, aliases) if aliases else (),
        )
    filter_values["min_confidence"] = rules.confidence(
        _last(values, "confidence"), known.confidences, problems
    )
    filter_values["text"] = rules.text(_last(values, "q") or "", "search text", problems)
    filter_values["chains_only"] = (_last(values, "chains") or "") in ("1", "true", "yes")

    view = View(
        filters=Filters(**filter_values),
        window=preset,
        basemap=rules.basemap(_last(values, "basemap") or DEFAULT_BASEMAP, known.basemaps, problems),
        step=rules.step(_last(values, "step") or DEFAULT_STEP, problems),
        layers=_read_layers(values, known.layers, problems),
        extent=_read_extent(_last(values, "view"), problems),
        title=rules.text(_last(values, "title") or "", "title", problems),
        annotations=calloutlink.decode(_last(values, calloutlink.KEY) or "", problems),
    )
    return replace(view, notes=tuple(_note(problem) for problem in problems))


def write(state: View) -> dict[str, list[str]]:
    """The query parameters of WRITTEN_KEYS and BRIEF_KEYS, defaults left out (callouts: when they fit)."""
    filters = state.filters
    params: dict[str, list[str]] = {}
    if state.window != "all":
        params["window"] = [state.window]
    if state.window == "custom":
        if filters.start:
            params["start"] = [filters.start.isoformat()]
        if filters.end:
            params["end"] = [filters.end.isoformat()]
    for key, (attribute, *_) in LIST_KEYS.items():
        chosen = getattr(filters, attribute)
        if chosen:
            params[key] = list(chosen)
    if filters.min_confidence:
        params["confidence"] = [filters.min_confidence]
    if filters.text:
        params["q"] = [filters.text]
    if filters.chains_only:
        params["chains"] = ["1"]
    if state.basemap != DEFAULT_BASEMAP:
        params["basemap"] = [state.basemap]
    if state.step != DEFAULT_STEP:
        params["step"] = [state.step]
    if state.title:
        params["title"] = [state.title]
    if state.annotations and calloutlink.too_long(state.annotations) is None:
        params[calloutlink.KEY] = [calloutlink.encode(state.annotations)]
    return params


def link_note(state: View) -> str | None:
    """What a link to `state` leaves out, in plain words (None: the link carries the whole view)."""
    return calloutlink.too_long(state.annotations)


def changes(
    current: Params, desired: Mapping[str, list[str]], keys: tuple[str, ...] = WRITTEN_KEYS
) -> tuple[dict[str, list[str]], list[str]]:
    """What to set and what to delete so `current` carries `desired` on `keys` (others untouched)."""
    now = {key: _as_list(value) for key, value in current.items()}
    to_set = {key: value for key, value in desired.items() if now.get(key) != value}
    to_delete = [key for key in keys if key in now and key not in desired]
    return to_set, to_delete


def _note(problem: str) -> str:
    # the swap is a repair and a bad extent opens the map on Syria; every other problem drops the value
    text = "U" + problem[1:] if problem.startswith("unknown") else problem  # a sentence; field names stay
    if "swapped" in problem:
        return text + "."
    if problem.startswith(("extent", "map view")):
        return text + "; the map opens on Syria."
    return text + "; ignored."


def _as_list(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _last(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key) or []
    return found[-1].strip() if found else None


def _read_layers(
    values: dict[str, list[str]], allowed: tuple[str, ...], problems: list[str]
) -> tuple[str, ...] | None:
    if "layers" not in values:
        return None
    # layers=a,b lists the layers shown; an empty value means every layer is off
    parts = [part.strip() for part in (_last(values, "layers") or "").split(",") if part.strip()]
    return rules.layers(parts, allowed, problems)


def _read_extent(text: str | None, problems: list[str]) -> Extent | None:
    if not text:
        return None
    try:
        lat, lon, zoom = (float(part) for part in text.split(","))
    except ValueError:
        problems.append(f"map view '{rules.clip(text)}' is not lat,lon,zoom")
        return None
    return rules.extent((lat, lon, zoom), problems)
