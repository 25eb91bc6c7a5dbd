"""The shareable view as a query string: filters, window, layers, basemap and map view, both ways.

Reading never fails: a value that cannot be understood is dropped and a note in plain words says so.
Writing omits defaults, so a plain link stays short and an unchanged view writes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from influence.view import window
from influence.view.query import Filters

MAX_TEXT = 200
MAX_ITEMS = 50
DEFAULT_BASEMAP = "boundaries"
DEFAULT_STEP = "month"
# Keys this module reads and writes. `view` and `layers` are written by the map's own JavaScript on
# moveend / layer toggles, so the page reads them but never writes them back (it would undo a pan).
WRITTEN_KEYS: tuple[str, ...] = (
    "window", "start", "end", "sponsor", "actor", "type", "gov", "confidence", "q", "chains", "basemap", "step",
)  # fmt: skip
BROWSER_KEYS: tuple[str, ...] = ("view", "layers")
LIST_KEYS: dict[str, str] = {
    "sponsor": "sponsors",
    "actor": "actors",
    "type": "event_types",
    "gov": "governorates",
}


@dataclass(frozen=True)
class Extent:
    """Where the map looks: centre latitude, longitude and zoom level."""

    lat: float
    lon: float
    zoom: float

    def as_tuple(self) -> tuple[float, float, float]:
        """(lat, lon, zoom), the form mapview.compose takes."""
        return self.lat, self.lon, self.zoom


@dataclass(frozen=True)
class Vocabularies:
    """The values a link may name; an empty tuple means 'anything goes' (e.g. actors)."""

    sponsors: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    confidences: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    basemaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class UrlState:
    """Everything a link carries. `filters.start/end` are set only for the custom window."""

    filters: Filters = field(default_factory=Filters)
    window: str = "all"
    basemap: str = DEFAULT_BASEMAP
    step: str = DEFAULT_STEP
    layers: tuple[str, ...] | None = None  # None = the layers' own defaults
    view: Extent | None = None
    notes: tuple[str, ...] = ()


Params = Mapping[str, str | Iterable[str]]


def read(params: Params, known: Vocabularies | None = None) -> UrlState:
    """The state a query string describes; unknown or malformed values are ignored with a note."""
    known = known or Vocabularies()
    values = {key: _as_list(value) for key, value in params.items()}
    notes: list[str] = []
    filter_values: dict = {}

    preset = _last(values, "window") or "all"
    if preset not in window.PRESETS:
        notes.append(f"Unknown window '{_clip(preset)}' ignored; showing all dates.")
        preset = "all"
    start, end = _read_date(values, "start", notes), _read_date(values, "end", notes)
    if start and end and start > end:
        notes.append("The window's start was after its end; the two were swapped.")
        start, end = end, start
    if preset == "custom" or (preset == "all" and (start or end)):
        preset = "custom" if (start or end) else "all"
        filter_values.update(start=start, end=end)

    for key, attribute in LIST_KEYS.items():
        allowed = getattr(known, attribute)
        filter_values[attribute] = _read_list(values.get(key, []), allowed, key, notes)

    confidence = _last(values, "confidence")
    if confidence:
        if known.confidences and confidence not in known.confidences:
            notes.append(f"Unknown confidence '{_clip(confidence)}' ignored.")
        else:
            filter_values["min_confidence"] = _clip(confidence)
    filter_values["text"] = (_last(values, "q") or "")[:MAX_TEXT]
    filter_values["chains_only"] = (_last(values, "chains") or "") in ("1", "true", "yes")

    basemap = _last(values, "basemap") or DEFAULT_BASEMAP
    if known.basemaps and basemap not in known.basemaps:
        notes.append(f"Unknown basemap '{_clip(basemap)}' ignored.")
        basemap = DEFAULT_BASEMAP
    step = _last(values, "step") or DEFAULT_STEP
    if step not in window.STEPS:
        notes.append(f"Unknown playback step '{_clip(step)}' ignored.")
        step = DEFAULT_STEP

    return UrlState(
        filters=Filters(**filter_values),
        window=preset,
        basemap=basemap,
        step=step,
        layers=_read_layers(values, known.layers, notes),
        view=_read_view(_last(values, "view"), notes),
        notes=tuple(notes),
    )


def write(state: UrlState) -> dict[str, list[str]]:
    """The query parameters for the keys this page owns (WRITTEN_KEYS), defaults left out."""
    filters = state.filters
    params: dict[str, list[str]] = {}
    if state.window != "all":
        params["window"] = [state.window]
    if state.window == "custom":
        if filters.start:
            params["start"] = [filters.start.isoformat()]
        if filters.end:
            params["end"] = [filters.end.isoformat()]
    for key, attribute in LIST_KEYS.items():
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
    return params


def changes(current: Params, desired: Mapping[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    """What to set and what to delete so `current` carries `desired` on WRITTEN_KEYS (others untouched)."""
    now = {key: _as_list(value) for key, value in current.items()}
    to_set = {key: value for key, value in desired.items() if now.get(key) != value}
    to_delete = [key for key in WRITTEN_KEYS if key in now and key not in desired]
    return to_set, to_delete


def without_notes(state: UrlState) -> UrlState:
    """The same state with its notes dropped (for comparing two states)."""
    return replace(state, notes=())


def _as_list(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _last(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key) or []
    return found[-1].strip() if found else None


def _clip(text: str, limit: int = 40) -> str:
    # notes echo the bad value so the analyst recognises it, but never a wall of text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_date(values: dict[str, list[str]], key: str, notes: list[str]) -> date | None:
    text = _last(values, key)
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        notes.append(f"'{_clip(text)}' is not a date (YYYY-MM-DD); {key} ignored.")
        return None
    if not 1900 <= day.year <= 2100:
        notes.append(f"{key} {day.isoformat()} is out of range; ignored.")
        return None
    return day


def _read_list(items: list[str], allowed: tuple[str, ...], key: str, notes: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for part in (item.strip() for item in items):
        if not part or part in kept:
            continue
        if allowed and part not in allowed:
            notes.append(f"Unknown {key} '{_clip(part)}' ignored.")
        elif len(part) > MAX_TEXT:
            notes.append(f"A {key} value longer than {MAX_TEXT} characters was ignored.")
        else:
            kept.append(part)
    if len(kept) > MAX_ITEMS:
        notes.append(f"Only the first {MAX_ITEMS} {key} values were kept.")
    return tuple(kept[:MAX_ITEMS])


def _read_layers(
    values: dict[str, list[str]], allowed: tuple[str, ...], notes: list[str]
) -> tuple[str, ...] | None:
    if "layers" not in values:
        return None
    # layers=a,b lists the layers shown; an empty value means every layer is off
    parts = [part.strip() for part in (_last(values, "layers") or "").split(",") if part.strip()]
    kept = _read_list(parts, allowed, "layer", notes)
    # a list naming only unknown layers is garbage, not a wish to see nothing: the defaults apply
    return None if parts and not kept else kept


def _read_view(text: str | None, notes: list[str]) -> Extent | None:
    if not text:
        return None
    parts = text.split(",")
    try:
        lat, lon, zoom = (float(part) for part in parts)
    except ValueError:
        notes.append(f"Map view '{_clip(text)}' is not lat,lon,zoom; the map opens on Syria.")
        return None
    if not all(math.isfinite(number) for number in (lat, lon, zoom)):
        notes.append("Map view has a value that is not a number; the map opens on Syria.")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        notes.append(f"Map view '{_clip(text)}' is out of range; the map opens on Syria.")
        return None
    return Extent(lat, lon, zoom)
