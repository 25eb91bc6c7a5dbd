"""Sponsors, event types, confidence and precision levels, read from vocabulary.toml (editable without code)."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY_TOML = ROOT / "vocabulary.toml"


@dataclass(frozen=True)
class Sponsor:
    """A sponsoring power with its map colour and the names it goes by."""

    name: str
    colour: str
    aliases: tuple[str, ...]


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
        """The canonical sponsor name closest in spelling to `text`, for suggestions."""
        index = _sponsor_index(self)
        best = process.extractOne(fold(text), list(index), score_cutoff=60)
        return index[best[0]].name if best else None

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


def parse(text: str) -> Vocabulary:
    """Build a Vocabulary from TOML text."""
    data = tomllib.loads(text)
    return Vocabulary(
        sponsors=tuple(
            Sponsor(item["name"], item["colour"], tuple(item.get("aliases", ()))) for item in data["sponsor"]
        ),
        event_types=tuple(
            EventType(
                item["key"],
                item.get("label", item["key"]),
                item.get("shape", "circle"),
                int(item.get("stage", 0)),
                tuple(item.get("aliases", ())),
            )
            for item in data["event_type"]
        ),
        confidences=tuple(Level(item["key"], float(item.get("opacity", 1.0))) for item in data["confidence"]),
        precisions=tuple(
            Level(item["key"], radius_km=float(item.get("radius_km", 0))) for item in data["precision"]
        ),
    )


def load(path: Path | None = None) -> Vocabulary:
    """The vocabulary in `path`, or in $VOCABULARY_TOML, or the bundled vocabulary.toml."""
    chosen = Path(path or os.environ.get("VOCABULARY_TOML") or VOCABULARY_TOML)
    return _load_cached(str(chosen), chosen.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Vocabulary:
    # mtime is part of the key so an editor's change to the file is seen without a restart
    return parse(Path(path).read_text(encoding="utf-8"))
