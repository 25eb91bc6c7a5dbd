"""Generate the import fixtures in tests/data/: FICTIONAL rows in ACLED's and UCDP GED's export layouts.

Run `python scripts/make_intake_fixtures.py` to rebuild them (deterministic). Every row is made up: the places
are real (geodata/places.csv, GeoNames) but no event is; every notes/headline cell says "fixture row, not a real
event", and the sources are named "(fictional)". The column layouts come from presets/acled.toml and
presets/ucdp.toml (their comments say which codebook sections they follow). The rows cover the hard cases an
importer meets: several actors with different sponsors, events after 8 December 2024, governorate-only
precision, "Town, Governorate" strings, Arabic place names, long descriptions, unknown actors, and rows that
must be rejected (a bad date, no location, a country-only position), so "every row accounted for" is testable.
"""

from __future__ import annotations

import csv
import random
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from influence.intake import preset  # noqa: E402

OUT = ROOT / "tests" / "data"
FICTION = "Fixture row, not a real event."
# ACLED and OCHA write some governorates differently from the gazetteer; both spellings occur in the fixtures.
ACLED_ADMIN1 = {
    "Idlib": "Idleb",
    "Latakia": "Lattakia",
    "Daraa": "Dar'a",
    "Rif Dimashq": "Rural Damascus",
    "Raqqa": "Ar-Raqqa",
    "Al-Hasakah": "Al-Hasakeh",
    "As-Suwayda": "As-Sweida",
    "Tartus": "Tartous",
    "Deir ez-Zor": "Deir-ez-Zor",
}

# (actor1, inter1, actor2, inter2, assoc_actor_1, sub_event_type, event_type, disorder_type)
ACLED_SCENES = [
    ("Military Forces of Syria (2000-2024) Syrian Arab Air Force", 1, "Civilians (Syria)", 7, "",
     "Air/drone strike", "Explosions/Remote violence", "Political violence"),
    ("Military Forces of Russia (2000-) Air Force", 8, "HTS: Hayat Tahrir al Sham", 2, "",
     "Air/drone strike", "Explosions/Remote violence", "Political violence"),
    ("Military Forces of Turkey (2016-)", 8, "QSD: Syrian Democratic Forces", 2, "SNA: Syrian National Army",
     "Shelling/artillery/missile attack", "Explosions/Remote violence", "Political violence"),
    ("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", 8, "", 0, "Hezbollah",
     "Headquarters or base established", "Strategic developments", "Strategic developments"),
    ("Militia (Pro-Iran)", 3, "Military Forces of the United States", 8, "",
     "Armed clash", "Battles", "Political violence"),
    ("Global Coalition Against Daesh", 8, "Islamic State (Syria)", 2, "Military Forces of the United States",
     "Air/drone strike", "Explosions/Remote violence", "Political violence"),
    ("QSD: Syrian Democratic Forces", 2, "Islamic State (Syria)", 2, "",
     "Armed clash", "Battles", "Political violence"),
    ("QDW: National Defense Forces", 3, "Opposition Rebels (Syria)", 2, "",
     "Armed clash", "Battles", "Political violence"),
    ("SNA: Syrian National Army", 2, "Civilians (Syria)", 7, "Sultan Murad Division",
     "Looting/property destruction", "Strategic developments", "Strategic developments"),
    ("Unidentified Armed Group (Syria)", 3, "Civilians (Syria)", 7, "",
     "Attack", "Violence against civilians", "Political violence"),
    ("Protesters (Syria)", 6, "", 0, "", "Peaceful protest", "Protests", "Demonstrations"),
    ("Liwa al-Fixture (fictional armed group)", 3, "Civilians (Syria)", 7, "",
     "Abduction/forced disappearance", "Violence against civilians", "Political violence"),
    ("Rioters (Syria)", 5, "", 0, "", "Mob violence", "Riots", "Demonstrations"),
    ("Military Forces of Syria (2000-2024)", 1, "Opposition Rebels (Syria)", 2, "QDW: National Defense Forces",
     "Government regains territory", "Battles", "Political violence"),
]  # fmt: skip


def _ascii(name: str) -> str:
    """A place name as ACLED writes it: Latin letters without diacritics."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("‘", "'").replace("’", "'")


def _places() -> list[dict[str, str]]:
    with (ROOT / "geodata" / "places.csv").open(encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["governorate"] not in ("", "governorate", "UNDOF zone")
        ]
    return sorted(rows, key=lambda row: -int(row["population"] or 0))


def _interaction(first: int, second: int) -> str:
    if not second:
        return str(first * 10)
    low, high = sorted((first, second))
    return f"{low}{high}"


def _long_note(place: str) -> str:
    sentence = f"{FICTION} A long description written to test over-long text near {place}. "
    return (sentence * 40)[:2500]


def acled_rows(rng: random.Random) -> list[list[str]]:
    """About 300 ACLED-layout rows, most ordinary, some hard, a few that must be rejected."""
    layout = preset.load("acled").layout
    places = _places()
    rows: list[dict[str, str]] = []
    start = date(2017, 1, 1)
    for number in range(1, 281):
        place = places[number % 90] if number % 3 else rng.choice(places)
        scene = ACLED_SCENES[number % len(ACLED_SCENES)]
        actor1, inter1, actor2, inter2, assoc1, sub_type, event_type, disorder = scene
        day = start + timedelta(days=(number * 11) % 2900)
        if number % 20 == 0:
            day = date(2024, 12, 8) + timedelta(days=(number // 20) * 9)  # on and after the fall of Assad
        governorate = place["governorate"]
        admin1 = ACLED_ADMIN1.get(governorate, governorate) if number % 2 else governorate
        location = _ascii(place["name"])
        if number % 25 == 0:
            location = place["name_ar"] or location  # Arabic place names occur in real exports
        geo_precision = "1" if number % 7 else "2"
        if number % 31 == 0:
            geo_precision = "3"
        notes = (
            f"{FICTION} {sub_type} involving {actor1}{' and ' + actor2 if actor2 else ''} near {location}."
        )
        if number % 45 == 0:
            notes = _long_note(location)
        rows.append(
            {
                "event_id_cnty": f"SYRFX{number:04d}",
                "event_date": day.strftime("%d %B %Y") if number % 4 else day.isoformat(),
                "year": str(day.year),
                "time_precision": "1" if number % 9 else ("2" if number % 2 else "3"),
                "disorder_type": disorder,
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1,
                "assoc_actor_1": assoc1,
                "inter1": str(inter1),
                "actor2": actor2,
                "assoc_actor_2": "",
                "inter2": str(inter2) if inter2 else "",
                "interaction": _interaction(inter1, inter2),
                "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else "",
                "iso": "760",
                "region": "Middle East",
                "country": "Syria",
                "admin1": admin1,
                "admin2": "",
                "admin3": "",
                "location": location,
                "latitude": f"{float(place['lat']):.4f}",
                "longitude": f"{float(place['lon']):.4f}",
                "geo_precision": geo_precision,
                "source": "Fixture Observatory (fictional); Fixture Wire (fictional)",
                "source_scale": "National-International",
                "notes": notes,
                "fatalities": str(rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12])),
                "tags": "",
                "timestamp": str(1_700_000_000 + number * 3600),
            }
        )
    rows += _acled_hard_rows(places)
    return [[row.get(column, "") for column in layout] for row in rows]


def _acled_hard_rows(places: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows that test one rule each; the rejected ones name their reason in the notes."""
    base = {
        "year": "2023", "time_precision": "1", "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-2024)", "inter1": "1",
        "actor2": "HTS: Hayat Tahrir al Sham", "inter2": "2", "interaction": "12", "iso": "760",
        "region": "Middle East", "country": "Syria", "source": "Fixture Observatory (fictional)",
        "source_scale": "National", "fatalities": "2", "timestamp": "1700000000",
    }  # fmt: skip
    ariha = next(p for p in places if p["name"] == "Arīḩā")
    idlib = next(p for p in places if p["name"] == "Idlib")
    hard = [
        # the last day of the Assad government's tie, and the day after
        {"event_id_cnty": "SYRFX9001", "event_date": "08 December 2024", "admin1": "Damascus",
         "location": "Damascus", "latitude": "33.5102", "longitude": "36.2913", "geo_precision": "1"},
        {"event_id_cnty": "SYRFX9002", "event_date": "09 December 2024", "admin1": "Damascus",
         "location": "Damascus", "latitude": "33.5102", "longitude": "36.2913", "geo_precision": "1"},
        # governorate only: ACLED's precision 3 on the provincial capital
        {"event_id_cnty": "SYRFX9003", "event_date": "14 March 2019", "admin1": "Idleb", "location": "Idlib",
         "latitude": f"{float(idlib['lat']):.4f}", "longitude": f"{float(idlib['lon']):.4f}", "geo_precision": "3"},
        # a town written with its governorate, in Arabic
        {"event_id_cnty": "SYRFX9004", "event_date": "02 June 2023", "admin1": "إدلب", "location": "أريحا",
         "latitude": f"{float(ariha['lat']):.4f}", "longitude": f"{float(ariha['lon']):.4f}", "geo_precision": "1"},
        # rejected: a date that does not exist
        {"event_id_cnty": "SYRFX9005", "event_date": "31 Febtember 2023", "admin1": "Hama", "location": "Hama",
         "latitude": "35.1318", "longitude": "36.7578", "geo_precision": "1"},
        # rejected: no location at all
        {"event_id_cnty": "SYRFX9006", "event_date": "05 May 2022", "admin1": "", "location": "",
         "latitude": "", "longitude": "", "geo_precision": "1"},
        # rejected: coordinates in Baghdad, far outside Syria
        {"event_id_cnty": "SYRFX9007", "event_date": "06 May 2022", "admin1": "Deir-ez-Zor", "location": "Hajin",
         "latitude": "33.3152", "longitude": "44.3661", "geo_precision": "1"},
        # rejected: the same id twice
        {"event_id_cnty": "SYRFX0001", "event_date": "07 May 2022", "admin1": "Aleppo", "location": "Aleppo",
         "latitude": "36.2021", "longitude": "37.1343", "geo_precision": "1"},
        # several powers in one event: a Russian strike on a Turkish-backed faction, Iran's proxies associated
        {"event_id_cnty": "SYRFX9008", "event_date": "20 February 2020", "admin1": "Idleb", "location": "Saraqib",
         "latitude": "35.8645", "longitude": "36.8006", "geo_precision": "2",
         "actor1": "Military Forces of Russia (2000-)", "assoc_actor_1": "Hezbollah; Militia (Pro-Iran)",
         "actor2": "SNA: Syrian National Army", "assoc_actor_2": "Military Forces of Turkey (2016-)",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
    ]  # fmt: skip
    for row in hard:
        row.setdefault("notes", f"{FICTION} Hard case {row['event_id_cnty']}.")
    return [{**base, **row} for row in hard]


UCDP_SIDES = [
    (1, "Government of Syria", "Syrian insurgents", "Syria: Government"),
    (1, "Government of Syria", "IS", "Syria: IS"),
    (1, "Government of Russia (Soviet Union)", "IS", "Russia: IS"),
    (1, "Government of United States of America", "IS", "United States of America: IS"),
    (1, "Government of Turkey", "SDF", "Turkey: SDF"),
    (2, "SDF", "IS", "SDF - IS"),
    (2, "SNA", "SDF", "SNA - SDF"),
    (3, "IS", "Civilians", "IS - Civilians"),
    (3, "Government of Syria", "Civilians", "Government of Syria - Civilians"),
    (2, "Hezbollah", "IS", "Hezbollah - IS"),
]


def ucdp_rows(rng: random.Random) -> list[list[str]]:
    """About 200 UCDP GED-layout rows, with every where_prec and date_prec level and rows to reject."""
    layout = preset.load("ucdp").layout
    places = _places()
    governorates = {p["governorate"]: p for p in places}  # the most populous place stands in for a centroid
    rows: list[dict[str, str]] = []
    for number in range(1, 201):
        kind, side_a, side_b, conflict = UCDP_SIDES[number % len(UCDP_SIDES)]
        place = places[(number * 7) % 120]
        where_prec = str(1 + number % 7) if number % 3 == 0 else "1"
        date_prec = str(1 + number % 5) if number % 4 == 0 else "1"
        start = date(2016, 1, 1) + timedelta(days=(number * 13) % 3600)
        length = {"1": 0, "2": 3, "3": 6, "4": 27, "5": 300}[date_prec]
        end = start + timedelta(days=length)
        governorate = place["governorate"]
        where = f"{_ascii(place['name'])} town"
        lat, lon = float(place["lat"]), float(place["lon"])
        if where_prec == "4":
            where = f"{governorate} governorate"
            lat, lon = float(governorates[governorate]["lat"]), float(governorates[governorate]["lon"])
        deaths = [rng.choice([0, 0, 1, 2, 4]) for _ in range(4)]
        best = sum(deaths)
        headline = f"{FICTION} Fixture headline {number} about {where}"
        if number % 50 == 0:
            headline = _long_note(where)
        rows.append(
            {
                "id": str(900_000 + number),
                "relid": f"SYR-FX-{number}",
                "year": str(start.year),
                "active_year": "1",
                "code_status": "Clear",
                "type_of_violence": str(kind),
                "conflict_dset_id": str(9000 + kind),
                "conflict_new_id": str(9000 + kind),
                "conflict_name": conflict,
                "dyad_dset_id": str(8000 + number % len(UCDP_SIDES)),
                "dyad_new_id": str(8000 + number % len(UCDP_SIDES)),
                "dyad_name": f"{side_a} - {side_b}",
                "side_a_dset_id": "1",
                "side_a_new_id": "1",
                "side_a": side_a,
                "side_b_dset_id": "2",
                "side_b_new_id": "2",
                "side_b": side_b,
                "number_of_sources": "1",
                "source_article": f'Fixture Wire (fictional), {start.isoformat()}, "Fixture headline {number}"',
                "source_office": "Fixture Wire (fictional)",
                "source_date": start.isoformat(),
                "source_headline": headline,
                "source_original": "fixture local activists (fictional)",
                "where_prec": where_prec,
                "where_coordinates": where,
                "where_description": f"near {where} (fixture)",
                "adm_1": f"{governorate} governorate",
                "adm_2": "",
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geom_wkt": f"POINT ({lon:.4f} {lat:.4f})",
                "priogrid_gid": "",
                "country": "Syria",
                "country_id": "652",
                "region": "Middle East",
                "event_clarity": "1" if number % 5 else "2",
                "date_prec": date_prec,
                "date_start": f"{start.isoformat()} 00:00:00.000" if number % 2 else start.isoformat(),
                "date_end": f"{end.isoformat()} 00:00:00.000" if number % 2 else end.isoformat(),
                "deaths_a": str(deaths[0]),
                "deaths_b": str(deaths[1]),
                "deaths_civilians": str(deaths[2]),
                "deaths_unknown": str(deaths[3]),
                "best": str(best),
                "high": str(best + 2),
                "low": str(max(best - 1, 0)),
                "gwnoa": "652" if side_a == "Government of Syria" else "",
                "gwnob": "",
            }
        )
    rows[10]["date_start"] = "2018-13-40"  # rejected: not a date
    rows[11]["latitude"] = rows[11]["longitude"] = rows[11]["where_coordinates"] = rows[11]["adm_1"] = ""
    rows[11]["where_prec"] = "1"  # rejected: no location
    rows[12]["date_start"] = rows[12]["date_end"] = (
        "2025-02-03"  # after the fall of Assad: not his government
    )
    rows[12]["side_a"], rows[12]["side_b"], rows[12]["where_prec"] = "Government of Syria", "IS", "1"
    return [[row.get(column, "") for column in layout] for row in rows]


GENERIC_HEADER = ["Report", "Day (dd/mm/yyyy)", "Town", "Province", "Group", "Backer", "What", "Killed", "Summary",
                  "Outlet", "Sure"]  # fmt: skip


WIRE = "Fixture Wire (fictional)"


def generic_rows() -> list[list[str]]:
    """A user's own layout, imported through tests/data/generic_mapping.toml; places have no coordinates."""
    rows = [
        ["G-001", "02/06/2023", "Ariha", "Idlib", "Hezbollah", "", "Shelling", "3", FICTION, WIRE, "yes"],
        ["G-002", "03/06/2023", "Majdal", "Hama", "Hezbollah", "", "Shelling", "", FICTION, WIRE, "yes"],
        ["G-003", "04/06/2023", "", "Idlib", "Russian forces", "", "Air strike", "1", FICTION, WIRE, "maybe"],
        ["G-004", "05/06/2023", "أريحا", "إدلب", "لواء فاطميون", "", "Clash", "0", FICTION, WIRE, "yes"],
        ["G-005", "06/06/2023", "Qamishli", "Al-Hasakah", "SDF", "USA", "Clash", "2", FICTION, WIRE, "yes"],
        ["G-006", "07/06/2023", "Manbij", "Aleppo", "SNA", "Russia", "Clash", "", FICTION, WIRE, "maybe"],
        ["G-007", "31/02/2023", "Homs", "Homs", "Hezbollah", "", "Clash", "", FICTION, WIRE, "yes"],
        ["G-008", "08/06/2023", "", "", "Hezbollah", "", "Clash", "", FICTION, WIRE, "yes"],
        ["G-009", "15/01/2025", "Damascus", "Damascus", "Syrian Arab Army", "", "Protest", "", FICTION, WIRE, "yes"],
        ["G-010", "16/01/2025", "Deir ez-Zor", "Deir Ezzor", "Unknown gunmen", "", "Attack", "1", FICTION, WIRE, "no"],
    ]  # fmt: skip
    return rows


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write one fixture as UTF-8 CSV with LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    """Rebuild every import fixture."""
    rng = random.Random(20261201)
    write(OUT / "intake_acled.csv", list(preset.load("acled").layout), acled_rows(rng))
    write(OUT / "intake_ucdp.csv", list(preset.load("ucdp").layout), ucdp_rows(rng))
    write(OUT / "intake_generic.csv", GENERIC_HEADER, generic_rows())
    print(f"wrote {OUT}/intake_acled.csv, intake_ucdp.csv, intake_generic.csv (fictional fixture rows)")


if __name__ == "__main__":
    main()
