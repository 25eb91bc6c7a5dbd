"""A saved view (the view model: filters, window, extent, title, size, layers, basemap, annotations) as JSON.

Version 2 added `annotations` (a briefer's callouts); a version-1 file reads as a view without any.
The values are checked by influence.view.rules, the same rules the link uses; here every problem is
named at once and the file is refused.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from influence.view import rules
from influence.view.model import (
    DEFAULT_BASEMAP,
    DEFAULT_SIZE,
    MAX_ITEMS,
    MAX_TEXT,
    Annotation,
    Extent,
    View,
    Vocabularies,
    declared,
)
from influence.view.query import Filters

__all__ = [  # View is the one model (influence.view.model), named here for the callers of view files
    "DEFAULT_BASEMAP", "DEFAULT_SIZE", "FORMAT_VERSION", "KEYS", "MAX_TEXT", "View", "ViewFileError",
    "from_dict", "from_json", "read", "to_dict", "to_json",
]  # fmt: skip

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
KEYS = ("version", "title", "window", "filters", "extent", "size", "layers", "basemap", "annotations")
FILTER_KEYS = (
    "sponsors", "actors", "event_types", "governorates", "tie_kinds", "min_confidence", "text", "chains_only",
)  # fmt: skip
ANNOTATION_KEYS = ("kind", "text", "lat", "lon", "to_lat", "to_lon", "radius_km")
EXTENT_FORM = 'extent: expected null or {"lat": -90..90, "lon": -180..180, "zoom": 0..22}'


class ViewFileError(ValueError):
    """A view that cannot be used; the message names every field at fault, in plain words."""


def to_dict(view: View) -> dict:
    """The JSON-ready form written to a view file (always the current version)."""
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
        "annotations": [_annotation_dict(item) for item in view.annotations],
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
    known = declared(layers=layers or (), basemaps=basemaps)
    if not isinstance(data, dict):
        raise ViewFileError(f"{source}: a view file is a JSON object with the keys {', '.join(KEYS)}")
    problems: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        problems.append(f"unknown keys {', '.join(map(repr, unknown))}; a view file has {', '.join(KEYS)}")
    version = data.get("version")
    if version not in READABLE_VERSIONS:
        readable = " or ".join(map(str, READABLE_VERSIONS))
        problems.append(f"version: this program reads view files of version {readable}, found {version!r}")
    elif version == 1 and "annotations" in data:
        problems.append("annotations: a version-1 view file has none; write version 2")
    view = View(
        filters=_filters(data.get("filters") or {}, data.get("window") or {}, known, problems),
        title=rules.text(_string(data.get("title", ""), "title", problems), "title", problems),
        extent=_extent(data.get("extent"), problems),
        size=rules.size(str(data.get("size") or DEFAULT_SIZE), problems),
        layers=_layers(data.get("layers"), known.layers, problems),
        basemap=rules.basemap(str(data.get("basemap") or DEFAULT_BASEMAP), known.basemaps, problems),
        annotations=_annotations(data.get("annotations") or [], problems),
    )
    if problems:
        raise ViewFileError(_report(source, problems))
    window = "custom" if view.filters.start or view.filters.end else "all"
    return replace(view, window=window)


def _report(source: str, problems: list[str]) -> str:
    if len(problems) == 1:
        return f"{source}: {problems[0]}"
    return f"{source}: {len(problems)} problems:\n" + "\n".join(f"  - {problem}" for problem in problems)


def _string(value: object, name: str, problems: list[str]) -> str:
    if not isinstance(value, str):
        problems.append(f"{name}: expected text, found {value!r}")
        return ""
    return value


def _filters(value: object, window: object, known: Vocabularies, problems: list[str]) -> Filters:
    if not isinstance(window, dict):
        problems.append('window: expected {"start": "YYYY-MM-DD" or null, "end": "YYYY-MM-DD" or null}')
        window = {}
    start = rules.day(window.get("start"), "start", problems)  # type: ignore[union-attr]
    end = rules.day(window.get("end"), "end", problems)  # type: ignore[union-attr]
    if start and end and start > end:
        problems.append(f"window: start {start} is after end {end}")
    if not isinstance(value, dict):
        problems.append(f"filters: expected an object with {', '.join(FILTER_KEYS)}")
        return Filters(start=start, end=end)
    unknown = [key for key in value if key not in FILTER_KEYS]
    if unknown:
        problems.append(
            f"filters: unknown keys {', '.join(map(repr, unknown))}; known: {', '.join(FILTER_KEYS)}"
        )
    chains_only = value.get("chains_only", False)
    if not isinstance(chains_only, bool):
        problems.append(f"filters.chains_only: expected true or false, found {chains_only!r}")
    confidence = value.get("min_confidence") or None
    return Filters(
        start=start,
        end=end,
        sponsors=rules.names(
            _list(value, "sponsors", problems), "sponsor", known.sponsors, problems, known.sponsor_aliases
        ),
        actors=rules.names(_list(value, "actors", problems), "actor", (), problems),
        event_types=rules.names(
            _list(value, "event_types", problems),
            "event type",
            known.event_types,
            problems,
            known.type_aliases,
        ),
        governorates=rules.names(
            _list(value, "governorates", problems), "governorate", known.governorates, problems
        ),
        tie_kinds=rules.names(_list(value, "tie_kinds", problems), "kind of tie", known.tie_kinds, problems),
        min_confidence=rules.confidence(
            confidence if isinstance(confidence, str) else str(confidence), known.confidences, problems
        )
        if confidence is not None
        else None,
        text=rules.text(_string(value.get("text", ""), "filters.text", problems), "filters.text", problems),
        chains_only=chains_only is True,
    )


def _list(value: dict, key: str, problems: list[str]) -> list[str]:
    items = value.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        problems.append(f"filters.{key}: expected a list of names")
        return []
    return items


def _extent(value: object, problems: list[str]) -> Extent | None:
    if value is None:
        return None
    numbers = [value.get(key) for key in ("lat", "lon", "zoom")] if isinstance(value, dict) else []
    if len(numbers) != 3 or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        problems.append(EXTENT_FORM)
        return None
    return rules.extent(tuple(float(n) for n in numbers), problems)  # type: ignore[arg-type]


def _layers(value: object, known: tuple[str, ...], problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append("layers: expected null (the default layers) or a list of layer names")
        return None
    return rules.layers(value, known, problems)


def _annotations(value: object, problems: list[str]) -> tuple[Annotation, ...]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append("annotations: expected a list of objects with " + ", ".join(ANNOTATION_KEYS))
        return ()
    if len(value) > MAX_ITEMS:
        problems.append(f"annotations: {len(value)} callouts; the limit is {MAX_ITEMS}")
    found = []
    for number, item in enumerate(value[:MAX_ITEMS], start=1):
        unknown = [key for key in item if key not in ANNOTATION_KEYS]
        if unknown:
            problems.append(f"annotations[{number}]: unknown keys {', '.join(map(repr, unknown))}")
        checked = rules.annotation(item, f"annotations[{number}]", problems)
        if checked is not None:
            found.append(checked)
    return tuple(found)


def _annotation_dict(item: Annotation) -> dict:
    values = {key: getattr(item, key) for key in ANNOTATION_KEYS}
    return {key: value for key, value in values.items() if value is not None}
