"""The one check of a view's values, shared by the link (lenient) and the view file (strict).

Each rule takes a value already pulled out of its spelling (a query string or JSON), appends a problem in
plain words to `problems` when the value cannot be used, and returns what to use instead (the value
dropped, clipped or defaulted). The link turns problems into notes; a view file refuses to load.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from influence.contract import suggestion
from influence.contract.vocabulary import fold
from influence.view import window as windows
from influence.view.model import (
    ANNOTATION_KINDS,
    DEFAULT_BASEMAP,
    DEFAULT_SIZE,
    DEFAULT_STEP,
    MAX_ITEMS,
    MAX_TEXT,
    Annotation,
    Extent,
)
from influence.view.sizes import SizeError, parse_size

FIRST_YEAR, LAST_YEAR = 1900, 2100
EXTENT_RANGE = "lat -90..90, lon -180..180, zoom 0..22"
MAX_RADIUS_KM = 500.0


def clip(text: str, limit: int = 40) -> str:
    """The text cut to `limit` characters: messages echo a bad value, never a wall of text."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hint(text: str, choices: Iterable[str]) -> str:
    found = suggestion.hint(text, choices)
    return f"; {found}" if found else ""


def text(value: str, name: str, problems: list[str]) -> str:
    """A free text (title, search) cut to MAX_TEXT characters."""
    if len(value) > MAX_TEXT:
        problems.append(f"{name}: {len(value)} characters; the limit is {MAX_TEXT}")
    return value.strip()[:MAX_TEXT]


def names(
    items: Iterable[str],
    label: str,
    allowed: tuple[str, ...],
    problems: list[str],
    aliases: tuple[tuple[str, str], ...] = (),
) -> tuple[str, ...]:
    """Known names in their canonical spelling, each once, at most MAX_ITEMS (allowed empty: any name)."""
    canonical = dict(aliases)
    kept: list[str] = []
    for part in (str(item).strip() for item in items):
        if not part:
            continue
        name = canonical.get(fold(part), part)
        if len(name) > MAX_TEXT:
            problems.append(f"a {label} longer than {MAX_TEXT} characters")
        elif allowed and name not in allowed:
            problems.append(f"unknown {label} '{clip(name)}'{_hint(name, allowed)}")
        elif name not in kept:
            kept.append(name)
    if len(kept) > MAX_ITEMS:
        problems.append(f"{label}: only the first {MAX_ITEMS} of {len(kept)} values are kept")
    return tuple(kept[:MAX_ITEMS])


def day(value: str | None, key: str, problems: list[str]) -> date | None:
    """A window bound from YYYY-MM-DD text (None when empty or bad)."""
    if not value:
        return None
    try:
        found = date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"window.{key}: '{clip(str(value))}' is not a date (YYYY-MM-DD)")
        return None
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        problems.append(f"window.{key}: {found.isoformat()} is out of range ({FIRST_YEAR} to {LAST_YEAR})")
        return None
    return found


def preset(value: str, problems: list[str]) -> str:
    """A window preset (all, 30d, …, custom); 'all' when unknown."""
    if value not in windows.PRESETS:
        problems.append(f"unknown window '{clip(value)}'; use one of {', '.join(windows.PRESETS)}")
        return "all"
    return value


def step(value: str, problems: list[str]) -> str:
    """A playback step (week, month)."""
    if value not in windows.STEPS:
        problems.append(f"unknown playback step '{clip(value)}'; use one of {', '.join(windows.STEPS)}")
        return DEFAULT_STEP
    return value


def confidence(value: str | None, allowed: tuple[str, ...], problems: list[str]) -> str | None:
    """The weakest confidence level shown (None: any)."""
    if not value:
        return None
    if allowed and value not in allowed:
        problems.append(f"unknown confidence level '{clip(value)}'; use one of {', '.join(allowed)}")
        return None
    return clip(value, MAX_TEXT)


def basemap(value: str, allowed: tuple[str, ...], problems: list[str]) -> str:
    """A basemap key; the offline boundaries when unknown."""
    if allowed and value not in allowed:
        known = ", ".join(allowed)
        problems.append(f"unknown basemap '{clip(value)}'{_hint(value, allowed)}; known: {known}")
        return DEFAULT_BASEMAP
    return value


def layers(items: list[str], allowed: tuple[str, ...], problems: list[str]) -> tuple[str, ...] | None:
    """The layers shown (empty: every layer off); a list naming only unknown layers means the defaults."""
    kept = names(items, "layer", allowed, problems)
    # a list naming only unknown layers is garbage, not a wish to see nothing: the defaults apply
    return None if items and not kept else kept


def extent(numbers: tuple[float, float, float], problems: list[str]) -> Extent | None:
    """Centre and zoom within range (None: the map opens on all of Syria)."""
    shown = ",".join(f"{number:g}" for number in numbers)
    if not all(math.isfinite(number) for number in numbers):
        problems.append(f"extent '{clip(shown)}' has a value that is not a number")
        return None
    lat, lon, zoom = numbers
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        problems.append(f"extent '{clip(shown)}' is out of range ({EXTENT_RANGE})")
        return None
    return Extent(float(lat), float(lon), float(zoom))


def size(value: str, problems: list[str]) -> str:
    """An output size name (slide, a4, letter, WIDTHxHEIGHT), lower case."""
    try:
        return parse_size(value).name
    except SizeError as failure:
        problems.append(str(failure))
        return DEFAULT_SIZE


def annotation(item: dict, where: str, problems: list[str]) -> Annotation | None:
    """One callout with a known kind, short text, and points and radius in range (None when unusable)."""
    before = len(problems)
    kind = item.get("kind")
    if kind not in ANNOTATION_KINDS:
        problems.append(f"{where}.kind: {kind!r} is unknown; use one of {', '.join(ANNOTATION_KINDS)}")
    label = item.get("text", "")
    if not isinstance(label, str):
        problems.append(f"{where}.text: expected text, found {label!r}")
        label = ""
    label = text(label, f"{where}.text", problems)
    point = _point(item, "lat", "lon", where, problems)
    needs_target = kind in ("label", "arrow")
    target = _point(item, "to_lat", "to_lon", where, problems) if needs_target else None
    radius = item.get("radius_km")
    if kind == "circle" and not (
        _is_number(radius) and 0 < radius <= MAX_RADIUS_KM  # type: ignore[operator]
    ):
        problems.append(f"{where}.radius_km: expected a number of km above 0 and at most {MAX_RADIUS_KM:g}")
    if len(problems) > before or point is None:
        return None
    return Annotation(
        kind=str(kind),
        text=label,
        lat=point[0],
        lon=point[1],
        to_lat=target[0] if target else None,
        to_lon=target[1] if target else None,
        radius_km=float(radius) if kind == "circle" else None,  # type: ignore[arg-type]
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _point(
    item: dict, lat_key: str, lon_key: str, where: str, problems: list[str]
) -> tuple[float, float] | None:
    lat, lon = item.get(lat_key), item.get(lon_key)
    if not (_is_number(lat) and _is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):  # type: ignore[operator]
        problems.append(f"{where}.{lat_key}/{lon_key}: expected a latitude -90..90 and a longitude -180..180")
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]
