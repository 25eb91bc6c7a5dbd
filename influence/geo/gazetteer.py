"""Place names to coordinates from the offline gazetteer (GeoNames places and curated sites)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import shapely
from rapidfuzz import fuzz, process

from influence.geo import geodata, governorates
from influence.geo.distance import great_circle_km

FUZZY_CUTOFF = (
    85.0  # ratio on compact keys: "Qamishly" meets "qamishli" (87.5); one letter off in four (75) does not
)
DISTINCT_KM = 5.0  # two equally good matches further apart than this are different places
MAX_CANDIDATES = 5
SITE, PLACE, LEARNED = (
    0,
    1,
    2,
)  # on an exact tie a curated site wins ("Tartab" is the camp), learned names last
CANONICAL, ALTERNATE = 0, 1

ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ە": "ه", "ھ": "ه"}
)
LATIN_FOLDS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ə": "e", "æ": "ae", "œ": "oe", "ß": "ss"}
)
APOSTROPHES = re.compile(r"['’‘ʿʾʼ`´]")
ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat and tatweel
LEADING_ARTICLE = re.compile(r"^(?:(?:al|el|ad|ar|as|az|ez|an|at|ash|ath|adh|ed|es|en|er|et) +|ال(?=\w\w))")


@dataclass(frozen=True)
class Match:
    """The outcome of geocoding one name: where it is, how sure we are, and what else it could be."""

    query: str
    status: str  # "exact" | "fuzzy" | "ambiguous" | "unknown"
    name: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    estimated: bool
    candidates: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class _Entry:
    """One indexed place or site."""

    name: str
    label: str
    lat: float
    lon: float
    precision: str
    estimated: bool
    source: int
    population: int
    governorate: str = ""


def normalise(name: str) -> str:
    """Fold a Latin or Arabic place name to a comparison key (no case, diacritics, articles, hyphens)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = ARABIC_MARKS.sub("", text).translate(ARABIC_FOLDS)
    # NFD splits Latin letters from their accents; recompose so Arabic letters stay whole
    text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    text = unicodedata.normalize("NFC", text).translate(LATIN_FOLDS)
    text = APOSTROPHES.sub("", text)
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return LEADING_ARTICLE.sub("", text)


def _compact(key: str) -> str:
    """The key without spaces, so "deir ezzor" meets "deir ez zor"."""
    return key.replace(" ", "")


def _distance_km(first: _Entry, second: _Entry) -> float:
    """Great-circle distance between two entries."""
    return great_circle_km(first.lat, first.lon, second.lat, second.lon)


@lru_cache(maxsize=1)
def _index() -> tuple[
    tuple[_Entry, ...], dict[str, list[tuple[int, int, int]]], dict[str, list[tuple[int, int, int]]]
]:
    """Entries and their exact and compact keys -> [(source, tier, entry)], built once."""
    rows = []
    sources = (
        (SITE, geodata.sites(), None),
        (PLACE, geodata.places(), "town"),
        (LEARNED, geodata.learned_places(), None),
    )
    for source, frame, precision in sources:
        for row in frame.to_dict("records"):
            alternates = [name for name in str(row.get("alternates", "")).split("|") if name]
            level = precision or row["precision"]
            rows.append((source, row, [row.get("name_ar", ""), *alternates], level))
    counts = defaultdict(int)
    for _, row, _, _ in rows:
        counts[row["name"]] += 1

    entries, exact, compact = [], defaultdict(list), defaultdict(list)
    for number, (source, row, alternates, level) in enumerate(rows):
        where = row.get("governorate") or ""
        label = f"{row['name']} ({where})" if counts[row["name"]] > 1 and where else row["name"]
        entries.append(
            _Entry(
                name=row["name"],
                label=label,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                precision=level,
                # GeoNames towns are points; a site at "area" or "region" precision is an estimate
                estimated=level not in ("exact", "town"),
                source=source,
                population=int(row.get("population") or 0),
                governorate=str(where or _governorate_of(float(row["lat"]), float(row["lon"]))),
            )
        )
        for tier, names in ((CANONICAL, [row["name"]]), (ALTERNATE, alternates)):
            for name in names:
                key = normalise(str(name))
                if key:
                    exact[key].append((source, tier, number))
                    compact[_compact(key)].append((source, tier, number))
    return tuple(entries), dict(exact), dict(compact)


def _best(hits: list[tuple[int, int, int]], entries: tuple[_Entry, ...]) -> list[_Entry]:
    """The distinct entries of the best standing among hits, most populous first."""
    standing = min((source, tier) for source, tier, _ in hits)
    numbers = sorted({number for source, tier, number in hits if (source, tier) == standing})
    return sorted((entries[number] for number in numbers), key=lambda entry: -entry.population)


def _resolve(query: str, status: str, tied: list[_Entry], score: float) -> Match:
    """A located match, or an ambiguous one when equally good entries lie far apart."""
    first = tied[0]
    if any(_distance_km(first, other) > DISTINCT_KM for other in tied[1:]):
        labels = tuple(dict.fromkeys(entry.label for entry in tied))[:MAX_CANDIDATES]
        return Match(query, "ambiguous", None, None, None, None, False, labels, score)
    return Match(query, status, first.name, first.lat, first.lon, first.precision, first.estimated, (), score)


def _governorate_of(lat: float, lon: float) -> str:
    """The governorate a curated site lies in ('' outside them all)."""
    frame = geodata.governorates()
    # shapely points are x, y: longitude first
    inside = frame[frame.contains(shapely.Point(lon, lat))]
    return str(inside.iloc[0]["name"]) if len(inside) else ""


@lru_cache(maxsize=32)
def _fuzzy_choices(governorate: str = "") -> tuple[list[str], list[list[tuple[int, int, int]]]]:
    """Compact keys and their hits as parallel lists for rapidfuzz (only entries in `governorate`, if given)."""
    entries, _, compact = _index()
    if governorate:
        compact = {
            key: kept
            for key, hits in compact.items()
            if (kept := [hit for hit in hits if entries[hit[2]].governorate == governorate])
        }
    keys = sorted(compact)
    return keys, [compact[key] for key in keys]


@lru_cache(maxsize=256)
def spellings(text: str) -> frozenset[str]:
    """The comparison keys (normalise) of every name, in every script, of the places `text` names exactly.

    "Qamishli" gives the keys of "Al Qāmishlī", "القامشلي", "Qamişlo" and the rest of that place's names;
    text naming no place gives an empty set. Search uses it to find a place whatever script it is written in.
    """
    _, exact, _ = _index()
    hits = exact.get(normalise(text)) if isinstance(text, str) else None
    if not hits:
        return frozenset()
    numbers = {number for _, _, number in hits}
    return frozenset(key for key, found in exact.items() if any(number in numbers for _, _, number in found))


@lru_cache(maxsize=8192)
def geocode(name: str) -> Match:
    """Locate a place name: exact after normalisation, else fuzzy; ambiguous or unknown otherwise.

    "Town, Governorate" is searched in that governorate only, so a fuzzy match never crosses into another one;
    a governorate alone ("Idlib governorate") is placed on the governorate, at region precision, estimated.
    """
    town, governorate = governorates.split(name) if isinstance(name, str) else ("", None)
    if governorate is not None and not town:
        label = f"{governorate.name} governorate"
        return Match(name, "exact", label, governorate.lat, governorate.lon, "region", True, (), 100.0)
    within = governorate.name if governorate is not None else ""
    entries, exact, compact = _index()
    key = normalise(town) if town else ""
    if not key:
        return Match(str(name), "unknown", None, None, None, None, False, (), 0.0)
    hits = exact.get(key) or compact.get(_compact(key))
    if hits and within:
        hits = [hit for hit in hits if entries[hit[2]].governorate == within]
    if hits:
        return _resolve(name, "exact", _best(hits, entries), 100.0)

    keys, hit_lists = _fuzzy_choices(within)
    found = process.extract(_compact(key), keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20)
    if found:
        top = found[0][1]
        tied = [hit for _, score, position in found if score == top for hit in hit_lists[position]]
        return _resolve(name, "fuzzy", _best(tied, entries), float(top))
    suggestions = tuple(suggest(town, within=within))
    return Match(name, "unknown", None, None, None, None, False, suggestions, 0.0)


def suggest(name: str, limit: int = MAX_CANDIDATES, *, within: str = "") -> list[str]:
    """The gazetteer names nearest to `name`, best first (labels carry the governorate when names repeat)."""
    entries, _, _ = _index()
    key = _compact(normalise(name)) if isinstance(name, str) else ""
    if not key or limit <= 0:
        return []
    keys, hit_lists = _fuzzy_choices(within)
    labels: list[str] = []
    for _, _, position in process.extract(key, keys, scorer=fuzz.ratio, limit=limit * 10):
        for _, _, number in sorted(hit_lists[position]):
            if entries[number].label not in labels:
                labels.append(entries[number].label)
    return labels[:limit]


def refresh() -> None:
    """Forget the built index and remembered answers (after places were learned from an import)."""
    for cached in (_index, _fuzzy_choices, geocode):
        cached.cache_clear()
