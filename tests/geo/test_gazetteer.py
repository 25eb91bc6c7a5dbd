"""Geocoding place names in Latin and Arabic spellings against the offline gazetteer."""

import pytest

from influence.geo import geodata
from influence.geo.gazetteer import Match, geocode, normalise, suggest

SPELLINGS = {
    "Al Qāmishlī": ["Qamishli", "Al Qamishli", "Kamishli", "القامشلي"],
    "Al Ḩasakah": ["Hasakah", "Al-Hasakah", "Hasaka", "الحسكة"],
    "Deir ez-Zor": ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "دير الزور"],
    "Tall Tamr": ["Tall Tamr"],
    "Al Mayādīn": ["Al Mayadin", "Mayadin"],
    "Ālbū Kamāl": ["Albu Kamal", "Abu Kamal", "البوكمال"],
    "Tartab Regiment camp": ["Tartab Regiment camp", "Tartab"],
    "Western Euphrates": ["western Euphrates", "غرب الفرات"],
}


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [(spelling, name) for name, spellings in SPELLINGS.items() for spelling in spellings],
)
def test_every_known_spelling_resolves_exactly(spelling, canonical):
    match = geocode(spelling)
    assert (match.status, match.name) == ("exact", canonical)
    assert geodata.in_syria(match.lat, match.lon)


@pytest.mark.parametrize(("typo", "canonical"), [("Qamishly", "Al Qāmishlī"), ("Deir Ezor", "Deir ez-Zor")])
def test_typos_resolve_as_fuzzy(typo, canonical):
    match = geocode(typo)
    assert (match.status, match.name) == ("fuzzy", canonical)
    assert 85 <= match.score < 100


def test_normalise_folds_articles_diacritics_and_arabic_letters():
    assert normalise("Al-Ḩasakah") == normalise("hasakah") == "hasakah"
    assert normalise("الحسكة") == normalise("حسكه")
    assert normalise("إدلِب") == normalise("ادلب")


def test_tartab_is_the_estimated_camp_site():
    match = geocode("Tartab")
    assert (match.precision, match.estimated) == ("area", True)
    qamishli = geocode("Qamishli")
    assert 8 < (qamishli.lat - match.lat) * 111 < 12  # about 10 km south of Qamishli
    assert geocode("Qamishli").estimated is False and qamishli.precision == "town"


def test_two_towns_of_one_name_are_ambiguous_not_guessed():
    match = geocode("Suran")
    assert match.status == "ambiguous"
    assert (match.name, match.lat, match.lon) == (None, None, None)
    assert set(match.candidates) == {"Şūrān (Hama)", "Şūrān (Aleppo)"}


def test_unknown_name_gets_suggestions():
    unknown = geocode("Xyzzyq Qqq")
    assert unknown.status == "unknown" and unknown.lat is None
    assert 1 <= len(unknown.candidates) <= 5
    assert suggest("Tanf bse")[0] == "Al-Tanf garrison"


def test_no_match_is_ever_at_null_island():
    names = list(geodata.places().name) + list(geodata.sites().name) + ["", "  ", "0", "Xyzzyq"]
    for name in names:
        match = geocode(name)
        assert isinstance(match, Match)
        assert (match.lat, match.lon) != (0.0, 0.0)
        assert (match.lat is None) == (match.status in {"ambiguous", "unknown"})
