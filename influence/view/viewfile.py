"""A saved view (filters, window, extent, title, size, layers, basemap) as a small versioned JSON file."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from influence.contract import suggestion, vocabulary
from influence.geo import geodata
from influence.mapping import basemap as basemap_layer
from influence.view.query import Filters

FORMAT_VERSION = 1
KEYS = ("version", "title", "window", "filters", "extent", "size", "layers", "basemap")
FILTER_KEYS = ("sponsors", "actors", "event_types", "governorates", "min_confidence", "text", "chains_only")
MAX_TEXT = 200
DEFAULT_BASEMAP = "boundaries"
DEFAULT_SIZE = "slide"


@dataclass(frozen=True)
class Size:
    """Output size: pixels for PNG, the CSS scale that gives them, and the paper of a PDF."""

    name: str
    width: int
    height: int
    scale: float  # device pixels per CSS pixel; the page is laid out at width/scale CSS pixels
    paper: str  # "A4" or "Letter": the page of a PDF export

    @property
    def css(self) -> tuple[int, int]:
        """The CSS viewport the map is laid out in."""
        return round(self.width / self.scale), round(self.height / self.scale)


# A4 and Letter landscape at 200 dpi; CSS pixels are 1/96 inch, so the scale is 200/96.
SIZES: dict[str, Size] = {
    "slide": Size("slide", 1920, 1080, 1.5, "A4"),
    "a4": Size("a4", 2339, 1654, 200 / 96, "A4"),
    "letter": Size("letter", 2200, 1700, 200 / 96, "Letter"),
}
_CUSTOM = re.compile(r"^(\d{1,6})x(\d{1,6})$")
CUSTOM_LIMITS = (320, 8000)


class ViewFileError(ValueError):
    """A view that cannot be used; the message names every field at fault, in plain words."""


@dataclass(frozen=True)
class View:
    """What a snapshot shows: the filters (window included), where the map looks, and how it is framed."""

    filters: Filters = field(default_factory=Filters)
    title: str = ""
    extent: tuple[float, float, float] | None = (
        None  # (lat, lon, zoom) centre of the map; None = all of Syria
    )
    size: str = DEFAULT_SIZE
    layers: tuple[str, ...] | None = None  # None = the layers' own defaults
    basemap: str = DEFAULT_BASEMAP


def parse_size(text: str) -> Size:
    """`slide`, `a4`, `letter` or `WIDTHxHEIGHT` in pixels (PDF of a custom size goes on A4)."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    match = _CUSTOM.match(key)
    if not match:
        raise ViewFileError(f"size {text!r}: use slide, a4, letter or WIDTHxHEIGHT in pixels (e.g. 1600x900)")
    width, height = int(match[1]), int(match[2])
    low, high = CUSTOM_LIMITS
    if not (low <= width <= high and low <= height <= high):
        raise ViewFileError(f"size {text!r}: width and height must be between {low} and {high} pixels")
    # lay out at about 1280 CSS pixels wide so text and markers keep a readable size on big images
    return Size(key, width, height, max(1.0, width / 1280), "A4")


def to_dict(view: View) -> dict:
    """The JSON-ready form written to a view file."""
    filters = view.filters.to_dict()
    extent = None if view.extent is None else dict(zip(("lat", "lon", "zoom"), view.extent, strict=True))
    return {
        "version": FORMAT_VERSION,
        "title": view.title,
        "window": {"start": filters.pop("start"), "end": filters.pop("end")},
        "filters": filters,
        "extent": extent,
        "size": view.size,
        "layers": None if view.layers is None else list(view.layers),
        "basemap": view.basemap,
    }


def to_json(view: View) -> str:
    """The view file's text (UTF-8, indented, keys in a fixed order)."""
    return json.dumps(to_dict(view), ensure_ascii=False, indent=2) + "\n"


def read(path: str | Path, *, layers: tuple[str, ...] | None = None) -> View:
    """The view in a file; ViewFileError names the file and every problem (`layers`: the known layer keys)."""
    chosen = Path(path)
    try:
        text = chosen.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as failure:
        raise ViewFileError(f"{chosen}: cannot read the view file: {failure}") from None
    return from_json(text, str(chosen), layers=layers)


def from_json(text: str, source: str = "view file", *, layers: tuple[str, ...] | None = None) -> View:
    """Parse and check a view file's text (`layers`: the known layer keys; None = not checked)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as failure:
        raise ViewFileError(f"{source}: not JSON ({failure.msg} at line {failure.lineno})") from None
    return from_dict(data, source, layers=layers)


def from_dict(
    data: object,
    source: str = "view file",
    *,
    layers: tuple[str, ...] | None = None,
    basemaps: tuple[str, ...] | None = None,
) -> View:
    """Check every field (sponsors and event types canonicalised, unknown names with a suggestion).

    `layers` are the known layer keys (the registry is the caller's: nothing here imports `layers/`);
    None leaves layer names unchecked, and the composition refuses an unknown one later.
    """
    layers = () if layers is None else layers
    basemaps = basemap_layer.KEYS if basemaps is None else basemaps
    if not isinstance(data, dict):
        raise ViewFileError(f"{source}: a view file is a JSON object with the keys {', '.join(KEYS)}")
    problems: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        problems.append(f"unknown keys {', '.join(map(repr, unknown))}; a view file has {', '.join(KEYS)}")
    if data.get("version") != FORMAT_VERSION:
        found = data.get("version")
        problems.append(
            f"version: this program reads view files of version {FORMAT_VERSION}, found {found!r}"
        )
    title = _text(data.get("title", ""), "title", problems)
    start, end = _window(data.get("window") or {}, problems)
    filters = _filters(data.get("filters") or {}, start, end, problems)
    extent = _extent(data.get("extent"), problems)
    size = data.get("size") or DEFAULT_SIZE
    try:
        parse_size(str(size))
    except ViewFileError as failure:
        problems.append(str(failure))
    chosen_layers = _layers(data.get("layers"), layers, problems)
    basemap = str(data.get("basemap") or DEFAULT_BASEMAP)
    if basemaps and basemap not in basemaps:
        problems.append(
            f"basemap {basemap!r} is unknown{_hint(basemap, basemaps)}; known: {', '.join(basemaps)}"
        )
    if problems:
        raise ViewFileError(_report(source, problems))
    return View(filters, title, extent, str(size).strip().lower(), chosen_layers, basemap)


def _report(source: str, problems: list[str]) -> str:
    if len(problems) == 1:
        return f"{source}: {problems[0]}"
    return f"{source}: {len(problems)} problems:\n" + "\n".join(f"  - {problem}" for problem in problems)


def _hint(text: str, choices: tuple[str, ...] | list[str]) -> str:
    found = suggestion.hint(text, choices)
    return f"; {found}" if found else ""


def _text(value: object, name: str, problems: list[str]) -> str:
    if not isinstance(value, str):
        problems.append(f"{name}: expected text, found {value!r}")
        return ""
    if len(value) > MAX_TEXT:
        problems.append(f"{name}: {len(value)} characters; the limit is {MAX_TEXT}")
    return value.strip()


def _window(value: object, problems: list[str]) -> tuple[date | None, date | None]:
    if not isinstance(value, dict):
        problems.append('window: expected {"start": "YYYY-MM-DD" or null, "end": "YYYY-MM-DD" or null}')
        return None, None
    days: list[date | None] = []
    for key in ("start", "end"):
        text = value.get(key)
        try:
            days.append(date.fromisoformat(text) if text else None)
        except (TypeError, ValueError):
            problems.append(f"window.{key}: {text!r} is not a date (YYYY-MM-DD)")
            days.append(None)
    start, end = days
    if start and end and start > end:
        problems.append(f"window: start {start} is after end {end}")
    return start, end


def _filters(value: object, start: date | None, end: date | None, problems: list[str]) -> Filters:
    if not isinstance(value, dict):
        problems.append(f"filters: expected an object with {', '.join(FILTER_KEYS)}")
        return Filters(start=start, end=end)
    unknown = [key for key in value if key not in FILTER_KEYS]
    if unknown:
        problems.append(
            f"filters: unknown keys {', '.join(map(repr, unknown))}; known: {', '.join(FILTER_KEYS)}"
        )
    declared = vocabulary.load()
    sponsors = tuple(_sponsor(name, declared, problems) for name in _names(value, "sponsors", problems))
    types = tuple(_event_type(name, declared, problems) for name in _names(value, "event_types", problems))
    known_governorates = tuple(geodata.governorates()["name"])
    governorates = _names(value, "governorates", problems)
    for name in governorates:
        if name not in known_governorates:
            problems.append(f"filters.governorates: {name!r} is unknown{_hint(name, known_governorates)}")
    confidence = value.get("min_confidence") or None
    keys = [level.key for level in declared.confidences]
    if confidence is not None and confidence not in keys:
        problems.append(f"filters.min_confidence: {confidence!r} is unknown; use one of {', '.join(keys)}")
    chains_only = value.get("chains_only", False)
    if not isinstance(chains_only, bool):
        problems.append(f"filters.chains_only: expected true or false, found {chains_only!r}")
    return Filters(
        start=start,
        end=end,
        sponsors=tuple(name for name in sponsors if name),
        actors=_names(value, "actors", problems),
        event_types=tuple(name for name in types if name),
        governorates=governorates,
        min_confidence=confidence if isinstance(confidence, str) else None,
        text=_text(value.get("text", ""), "filters.text", problems),
        chains_only=chains_only is True,
    )


def _names(value: dict, key: str, problems: list[str]) -> tuple[str, ...]:
    items = value.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        problems.append(f"filters.{key}: expected a list of names")
        return ()
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def _sponsor(name: str, declared: vocabulary.Vocabulary, problems: list[str]) -> str:
    found = declared.sponsor(name)
    if found is None:
        problems.append(declared.unknown_sponsor(name))
        return ""
    return found.name


def _event_type(name: str, declared: vocabulary.Vocabulary, problems: list[str]) -> str:
    found = declared.event_type(name)
    if found is None:
        keys = tuple(t.key for t in declared.event_types)
        problems.append(f"event type {name!r} is unknown{_hint(name, keys)} (declared: {', '.join(keys)})")
        return ""
    return found.key


def _extent(value: object, problems: list[str]) -> tuple[float, float, float] | None:
    if value is None:
        return None
    message = 'extent: expected null or {"lat": -90..90, "lon": -180..180, "zoom": 0..22}'
    if not isinstance(value, dict):
        problems.append(message)
        return None
    numbers = [value.get(key) for key in ("lat", "lon", "zoom")]
    if not all(isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in numbers):
        problems.append(message)
        return None
    lat, lon, zoom = (float(n) for n in numbers)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        problems.append(message)
        return None
    return lat, lon, zoom


def _layers(value: object, known: tuple[str, ...], problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append("layers: expected null (the default layers) or a list of layer names")
        return None
    for name in value:
        if known and name not in known:
            problems.append(f"layers: {name!r} is unknown{_hint(name, known)}; known: {', '.join(known)}")
    return tuple(dict.fromkeys(value))
