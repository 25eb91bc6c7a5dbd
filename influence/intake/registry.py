"""The actor registry (actors.toml): actors, their aliases and their dated, sourced ties to sponsors."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from influence.contract import vocabulary
from influence.intake import dates

ROOT = Path(__file__).resolve().parents[2]
ACTORS_TOML = ROOT / "actors.toml"
KINDS: tuple[str, ...] = ("own forces", "proxy or backed", "allied", "partner")
CONFIDENCES: tuple[str, ...] = ("confirmed", "probable", "alleged")


@dataclass(frozen=True)
class Tie:
    """One relation of an actor to a sponsor: what kind, from when to when, how sure, and why."""

    actor: str
    sponsor: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    confidence: str
    basis: str
    verify: bool
    written: tuple[str, str] = ("", "")  # valid_from and valid_to as the file writes them ("2012", "2017-12")

    def holds_on(self, day: date) -> bool:
        """True when the tie is in force on `day` (both ends included)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def period(self) -> str:
        """The tie's dates in words, e.g. '2012 to 2024-12-08' or 'since 2015-10'."""
        start = self.written[0] or _day_text(self.valid_from)
        end = self.written[1] or _day_text(self.valid_to)
        if start and end:
            return f"{start} to {end}"
        if start:
            return f"since {start}"
        return f"until {end}" if end else "at all dates"

    def describe(self) -> str:
        """One line naming the relation, as popups and exports show it."""
        return f"{self.actor}: {self.kind} of {self.sponsor}, {self.period()} ({self.confidence})"


@dataclass(frozen=True)
class Actor:
    """An actor with the names it goes by and its ties, in the order they are tried."""

    name: str
    aliases: tuple[str, ...]
    ties: tuple[Tie, ...]

    def tie_on(self, day: date) -> Tie | None:
        """The first tie in force on `day`, else None."""
        return next((tie for tie in self.ties if tie.holds_on(day)), None)


@dataclass(frozen=True)
class Registry:
    """Every declared actor, and a name index that finds them by any alias."""

    actors: tuple[Actor, ...]
    kinds: tuple[str, ...]
    # folded alias -> actor, built once; and the answers already given, since real files repeat few names
    _index: dict[str, Actor] = field(default_factory=dict, compare=False, hash=False, repr=False)
    _found: dict[str, Actor | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors:
            for name in (actor.name, *actor.aliases):
                self._index.setdefault(vocabulary.fold(name), actor)

    def find(self, text: str) -> Actor | None:
        """The actor named `text`: by an alias, or by the longest alias `text` starts with (ACLED sub-units)."""
        if text in self._found:
            return self._found[text]
        found = self._search(vocabulary.fold(text))
        if len(self._found) < 100_000:
            self._found[text] = found
        return found

    def _search(self, key: str) -> Actor | None:
        if not key:
            return None
        found = self._index.get(key)
        if found is not None:
            return found
        # "military forces of russia (2000-) air force" starts with an alias, then a word boundary
        for length in range(len(key) - 1, 0, -1):
            if key[length] == " ":
                found = self._index.get(key[:length])
                if found is not None:
                    return found
        return None

    def attribute(self, text: str, day: date) -> tuple[Actor | None, Tie | None]:
        """The actor named `text` and its tie in force on `day` (either may be None)."""
        actor = self.find(text)
        return actor, (actor.tie_on(day) if actor else None)


def _day_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def parse(text: str, declared: vocabulary.Vocabulary | None = None) -> Registry:
    """A Registry from TOML text; ValueError names the actor and field of any bad entry."""
    data = tomllib.loads(text)
    kinds = tuple(data.get("kinds", KINDS))
    sponsors = {s.name for s in declared.sponsors} if declared else None
    actors = []
    for number, item in enumerate(data.get("actor", []), start=1):
        name = str(item.get("name", "")).strip()
        if not name:
            raise ValueError(f"actors.toml: actor {number} has no name")
        ties = tuple(_tie(name, tie, kinds, sponsors) for tie in item.get("tie", []))
        aliases = tuple(str(alias) for alias in item.get("aliases", []))
        actors.append(Actor(name, aliases, ties))
    return Registry(tuple(actors), kinds)


def _tie(actor: str, item: dict, kinds: tuple[str, ...], sponsors: set[str] | None) -> Tie:
    where = f"actors.toml: {actor}"
    sponsor = str(item.get("sponsor", ""))
    if sponsors is not None and sponsor not in sponsors:
        raise ValueError(f"{where}: sponsor {sponsor!r} is not declared in vocabulary.toml")
    kind = str(item.get("kind", ""))
    if kind not in kinds:
        raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(kinds)}")
    confidence = str(item.get("confidence", ""))
    if confidence not in CONFIDENCES:
        raise ValueError(f"{where}: confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
    if not str(item.get("basis", "")).strip():
        raise ValueError(f"{where}: the tie to {sponsor} has no basis; say in words why it holds")
    try:
        start = dates.first_day(str(item.get("valid_from", "")))
        end = dates.last_day(str(item.get("valid_to", "")))
    except ValueError as failure:
        raise ValueError(f"{where}: {failure}") from None
    if start and end and end < start:
        raise ValueError(f"{where}: the tie to {sponsor} ends before it begins")
    written = (str(item.get("valid_from", "")).strip(), str(item.get("valid_to", "")).strip())
    basis = str(item["basis"])
    return Tie(actor, sponsor, kind, start, end, confidence, basis, bool(item.get("verify", True)), written)


def load(path: Path | None = None) -> Registry:
    """The registry in `path`, or in $ACTORS_TOML, or the bundled actors.toml (re-read when the file changes)."""
    chosen = Path(path or os.environ.get("ACTORS_TOML") or ACTORS_TOML)
    return _load_cached(str(chosen), chosen.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Registry:
    return parse(Path(path).read_text(encoding="utf-8"), vocabulary.load())
