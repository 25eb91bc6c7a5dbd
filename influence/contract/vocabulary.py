"""Sponsors, event types, confidence and precision levels, read from vocabulary.toml (editable without code)."""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from PIL import ImageColor

from influence.contract import suggestion

ROOT = Path(__file__).resolve().parents[2]  # influence/<package>/<module>.py -> the project root
VOCABULARY_TOML = ROOT / "vocabulary.toml"


@dataclass(frozen=True)
class Sponsor:
    """A sponsoring power with its map colour and the names it goes by."""

    name: str
    colour: str
    aliases: tuple[str, ...]
    neutral: bool = False  # no power (Unattributed): left out of the influence shading by default


@dataclass(frozen=True)
class EventType:
    """A kind of event with its legend label, marker shape and pipeline stage (0 = not a stage)."""

    key: str
    label: str
    shape: str
    stage: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    """An ordered level of confidence or precision."""

    key: str
    opacity: float = 1.0
    radius_km: float = 0.0


@dataclass(frozen=True)
class Vocabulary:
    """Everything declared in vocabulary.toml."""

    sponsors: tuple[Sponsor, ...]
    event_types: tuple[EventType, ...]
    confidences: tuple[Level, ...]
    precisions: tuple[Level, ...]

    def sponsor(self, text: str) -> Sponsor | None:
        """The sponsor whose name or alias is `text` (case and accents ignored), else None."""
        return _sponsor_index(self).get(fold(text))

    def event_type(self, text: str) -> EventType | None:
        """The event type whose key, label or alias is `text`, else None."""
        return _event_type_index(self).get(fold(text))

    def nearest_sponsor(self, text: str) -> str | None:
        """The canonical sponsor name closest in spelling to `text` (or one of its aliases), for suggestions."""
        index = _sponsor_index(self)
        best = suggestion.nearest(fold(text), index)
        return index[best].name if best else None

    def unknown_sponsor(self, text: str) -> str:
        """The message for a sponsor name that is not declared, with the nearest declared one."""
        guess = self.nearest_sponsor(text)
        names = ", ".join(s.name for s in self.sponsors)
        hint = f"; did you mean '{guess}'?" if guess else ""
        return f"unknown sponsor '{text}'{hint} (declared sponsors: {names}; add one in vocabulary.toml)"

    def colour(self, sponsor: str) -> str:
        """The colour of a canonical sponsor name (grey when unknown)."""
        found = self.sponsor(sponsor)
        return found.colour if found else "#777777"

    def confidence_rank(self, key: str) -> int:
        """0 for the strongest confidence level; len(confidences) when unknown."""
        keys = [level.key for level in self.confidences]
        return keys.index(key) if key in keys else len(keys)


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive key for matching names."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.replace(".", "").split())


def _sponsor_index(vocabulary: Vocabulary) -> dict[str, Sponsor]:
    return _index_sponsors(vocabulary.sponsors)


@lru_cache(maxsize=8)
def _index_sponsors(sponsors: tuple[Sponsor, ...]) -> dict[str, Sponsor]:
    index: dict[str, Sponsor] = {}
    for sponsor in sponsors:
        for name in (sponsor.name, *sponsor.aliases):
            index[fold(name)] = sponsor
    return index


def _event_type_index(vocabulary: Vocabulary) -> dict[str, EventType]:
    return _index_event_types(vocabulary.event_types)


@lru_cache(maxsize=8)
def _index_event_types(types: tuple[EventType, ...]) -> dict[str, EventType]:
    index: dict[str, EventType] = {}
    for event_type in types:
        for name in (event_type.key, event_type.label, *event_type.aliases):
            index[fold(name)] = event_type
    return index


class VocabularyError(ValueError):
    """A declared value of the wrong type or form; the message names the file, the entry and the value."""


# Every colour reaches CSS, SVG and JavaScript: only #rrggbb, or a CSS colour name turned into #rrggbb here.
# The names are the fixed list of CSS Color Module level 3 (as Pillow declares them).
CSS_COLOURS: Mapping[str, str] = MappingProxyType(dict(ImageColor.colormap))
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,40}")


def parse(text: str, source: str = "vocabulary.toml") -> Vocabulary:
    """Build a Vocabulary from TOML text, checking every value by type (VocabularyError names what is wrong)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        raise VocabularyError(f"{source} is not valid TOML: {failure}") from failure
    reader = _Reader(source, data)
    return Vocabulary(
        sponsors=tuple(
            Sponsor(
                name,
                reader.colour(where, item),
                reader.names(where, item, "aliases"),
                reader.flag(where, item, "neutral"),
            )
            for where, item, name in reader.entries("sponsor", "name")
        ),
        event_types=tuple(
            EventType(
                key,
                reader.text(where, item, "label", default=key),
                reader.key(where, item, "shape", default="circle"),
                int(reader.number(where, item, "stage", 0, 3, default=0, integer=True)),
                reader.names(where, item, "aliases"),
            )
            for where, item, key in reader.entries("event_type", "key")
        ),
        confidences=tuple(
            Level(key, opacity=reader.number(where, item, "opacity", 0.0, 1.0, default=1.0))
            for where, item, key in reader.entries("confidence", "key")
        ),
        precisions=tuple(
            Level(key, radius_km=reader.number(where, item, "radius_km", 0.0, 500.0, default=0.0))
            for where, item, key in reader.entries("precision", "key")
        ),
    )


class _Reader:
    """Reads entries of a vocabulary file, raising VocabularyError that names file, entry and value."""

    def __init__(self, source: str, data: dict) -> None:
        self.source, self.data = source, data

    def fail(self, where: str, message: str) -> VocabularyError:
        return VocabularyError(f"{self.source}: {where}: {message}")

    def entries(self, table: str, naming: str) -> list[tuple[str, dict, str]]:
        items = self.data.get(table)
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            raise self.fail(f"[[{table}]]", "needs at least one [[" + table + "]] entry")
        found = []
        for number, item in enumerate(items, 1):
            where = f"[[{table}]] entry {number}"
            name = item.get(naming)
            if not isinstance(name, str) or not name.strip():
                raise self.fail(where, f"{naming} must be a non-empty text, not {name!r}")
            if naming == "key" and not _KEY.fullmatch(name):
                raise self.fail(where, f"key {name!r} must be lower-case letters, digits, '-' or '_'")
            found.append((f"{where} ({naming} {name!r})", item, name))
        return found

    def colour(self, where: str, item: dict) -> str:
        value = item.get("colour")
        if isinstance(value, str) and _HEX.fullmatch(value):
            return value.lower()
        if isinstance(value, str) and value.strip().lower() in CSS_COLOURS:
            return CSS_COLOURS[value.strip().lower()]
        raise self.fail(
            where, f"colour {value!r} is not a #rrggbb colour or a CSS colour name (such as 'teal')"
        )

    def text(self, where: str, item: dict, field: str, *, default: str) -> str:
        value = item.get(field, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{field} must be a non-empty text, not {value!r}")
        return value

    def names(self, where: str, item: dict, field: str) -> tuple[str, ...]:
        value = item.get(field, [])
        if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
            raise self.fail(where, f"{field} must be a list of texts, not {value!r}")
        return tuple(value)

    def flag(self, where: str, item: dict, field: str) -> bool:
        value = item.get(field, False)
        if not isinstance(value, bool):
            raise self.fail(where, f"{field} must be true or false, not {value!r}")
        return value

    def key(self, where: str, item: dict, field: str, *, default: str) -> str:
        value = item.get(field, default)
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            raise self.fail(where, f"{field} {value!r} must be lower-case letters, digits, '-' or '_'")
        return value

    def number(
        self,
        where: str,
        item: dict,
        field: str,
        low: float,
        high: float,
        *,
        default: float,
        integer: bool = False,
    ) -> float:
        value = item.get(field, default)
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "a whole number" if integer else "a number"
            raise self.fail(where, f"{field} {value!r} must be {kind} from {low:g} to {high:g}")
        return float(value)


def load(path: Path | None = None) -> Vocabulary:
    """The vocabulary in `path`, or in $VOCABULARY_TOML, or the bundled vocabulary.toml."""
    chosen = Path(path or os.environ.get("VOCABULARY_TOML") or VOCABULARY_TOML)
    return _load_cached(str(chosen), chosen.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Vocabulary:
    # mtime is part of the key so an editor's change to the file is seen without a restart
    return parse(Path(path).read_text(encoding="utf-8"), Path(path).name)
