"""Governorate names as real data writes them ("Idleb", "Deir-ez-Zor", "محافظة إدلب", "Idlib governorate"),
and place strings split into town and governorate ("Ariha, Idlib"), so a match stays inside its governorate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from influence.geo import geodata

# Words that name the kind of unit, not the unit: "Idlib governorate", "Ariha town" (UCDP's where_coordinates).
_GOVERNORATE_WORDS = re.compile(
    r"(?i)\s*\b(governorate|province|muhafazat|muhafaza|gov\.?)\s*$|^\s*محافظة\s+"
)
_TOWN_WORDS = re.compile(r"(?i)\s+\b(town|village|city|district|sub-?district|nahiya|neighbou?rhood)\s*$")


@dataclass(frozen=True)
class Governorate:
    """One governorate: its canonical name (as in governorates.geojson) and a point inside it."""

    name: str
    lat: float
    lon: float


def _key(text: str) -> str:
    # the gazetteer's own folding: case, accents, Arabic letter forms, leading articles, hyphens
    from influence.geo.gazetteer import normalise

    return normalise(_GOVERNORATE_WORDS.sub("", text.strip()))


@lru_cache(maxsize=1)
def _index() -> dict[str, Governorate]:
    """Every known spelling of every governorate -> the governorate."""
    shapes = geodata.governorates()
    index: dict[str, Governorate] = {}
    for row in shapes.itertuples():
        point = row.geometry.representative_point()  # inside the polygon, unlike a centroid
        # shapely points are x, y: longitude first
        governorate = Governorate(row.name, round(point.y, 5), round(point.x, 5))
        for column in ("name", "name_ne", "name_ar", "name_fa", "name_ru", "name_tr"):
            value = getattr(row, column, "")
            if isinstance(value, str) and value:
                index.setdefault(_key(value), governorate)
    for alias in geodata.governorate_aliases().itertuples():
        known = index.get(_key(alias.governorate))
        if known is not None:
            index.setdefault(_key(alias.alias), known)
    return index


def find(text: str) -> Governorate | None:
    """The governorate `text` names (any declared spelling, with or without 'governorate'), else None."""
    key = _key(text) if isinstance(text, str) else ""
    return _index().get(key) if key else None


def split(text: str) -> tuple[str, Governorate | None]:
    """'Ariha, Idlib' -> ('Ariha', Idlib); 'Idlib governorate' -> ('', Idlib); 'Ariha' -> ('Ariha', None)."""
    if not isinstance(text, str):
        return "", None
    cleaned = text.strip().replace("،", ",")  # the Arabic comma too
    if "," in cleaned:
        town, _, last = cleaned.rpartition(",")
        governorate = find(last)
        if governorate is not None and town.strip():
            return _TOWN_WORDS.sub("", town.strip()), governorate
    if _GOVERNORATE_WORDS.search(cleaned):
        governorate = find(cleaned)
        if governorate is not None:
            return "", governorate
    return _TOWN_WORDS.sub("", cleaned), None
