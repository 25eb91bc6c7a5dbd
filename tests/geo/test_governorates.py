"""Places as real data writes them: "Town, Governorate", governorate-only, Arabic, publishers' spellings."""

from influence.contract.schema import COLUMN_NAMES
from influence.geo import gazetteer, governorates
from influence.load import validation


def test_a_town_with_its_governorate_is_found_in_that_governorate():
    for text in ("Ariha, Idlib", "Ariha, Idleb", "أريحا، إدلب", "Ariha town, Idlib governorate"):
        match = gazetteer.geocode(text)
        assert (match.status, match.name) == ("exact", "Arīḩā"), text


def test_a_fuzzy_match_never_crosses_into_another_governorate():
    assert gazetteer.geocode("Majdal Shams").status == "exact"
    match = gazetteer.geocode("Majdal, Hama")
    assert match.status == "unknown" and match.name is None
    assert not any("Majdal Shams" in candidate for candidate in match.candidates)


def test_publishers_spellings_of_governorates_are_known():
    spellings = {
        "Deir-ez-Zor": "Deir ez-Zor",
        "Deir Ezzor": "Deir ez-Zor",
        "Idleb": "Idlib",
        "Rural Damascus": "Rif Dimashq",
        "محافظة الحسكة": "Al-Hasakah",
        "Lattakia": "Latakia",
    }
    for spelling, name in spellings.items():
        assert governorates.find(spelling).name == name, spelling
    assert governorates.split("Ariha") == ("Ariha", None)


def test_a_governorate_alone_is_placed_on_the_governorate_as_an_area_never_on_its_city():
    match = gazetteer.geocode("Idlib governorate")
    assert (match.name, match.precision, match.estimated) == ("Idlib governorate", "region", True)
    city = gazetteer.geocode("Idlib")
    assert city.name == "Idlib" and (city.lat, city.lon) != (match.lat, match.lon)
    header = ",".join(COLUMN_NAMES)
    row = "G-1,2023-06-04,,Idlib governorate,,,town,Russia,,presence,,,,,Fixture Wire (fictional),,probable,"
    report = validation.validate_bytes(f"{header}\n{row}\n".encode())
    assert report.rows.iloc[0]["precision"] == "region"  # a town precision would have drawn a pin
    assert any("only the governorate is known" in p.message for p in report.problems)
