"""Clearly SYNTHETIC events for tests and the benchmark: valid CSVs of any size, never a real report.

Every id starts with `SYN-` and every source says so; the writer refuses to write a file named events.csv.
Run `python -m influence.load.synthetic 10000 /tmp/synthetic-10000.csv` to make one by hand.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from influence.contract import vocabulary
from influence.contract.schema import COLUMN_NAMES
from influence.geo import geodata

SOURCE = "SYNTHETIC test data, not a real report"
ID_PREFIX = "SYN-"
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2024, 12, 31)
# Text that must arrive on screen literally: markup, template-literal code, a backslash, Arabic.
HOSTILE_TEXT = (
    "<img src=x onerror=alert(1)>",
    "`${alert(document.domain)}` \\ </script>",
    "quote \" and apostrophe ' & ampersand",
    "تجنيد في القامشلي",
)
_JITTER_DEGREES = 0.01  # about 1 km: well inside the gazetteer mismatch and border tolerances
_INLAND_DEGREES = 0.1  # about 10 km from the border
_STAGES = ("recruitment", "training", "deployment")


def frame(
    rows: int, *, seed: int = 0, first: date = FIRST_DAY, last: date = LAST_DAY, hostile: bool = False
) -> pd.DataFrame:
    """`rows` synthetic events as an events.csv-shaped frame (all text, columns in contract order)."""
    rng = np.random.default_rng(seed)
    declared = vocabulary.load()
    sponsors = np.array([sponsor.name for sponsor in declared.sponsors])
    types = np.array([kind.key for kind in declared.event_types if kind.stage == 0] + list(_STAGES))
    confidences = np.array([level.key for level in declared.confidences])
    places = _places()

    pick = rng.integers(0, len(places), rows)
    sponsor = sponsors[rng.integers(0, len(sponsors), rows)]
    actor_number = rng.integers(1, 9, rows)
    span = (last - first).days
    days = rng.integers(0, span + 1, rows)
    lasting = rng.random(rows) < 0.2
    event_type = types[rng.integers(0, len(types), rows)]
    chain = np.full(rows, "", dtype=object)
    # about one row in ten belongs to a recruit -> train -> deploy chain of three consecutive rows
    for head in range(0, rows - 2, 30):
        name = f"SYN-CHAIN-{head // 30 + 1:05d}"
        for offset, stage in enumerate(_STAGES):
            chain[head + offset] = name
            event_type[head + offset] = stage
            sponsor[head + offset] = sponsor[head]
            actor_number[head + offset] = actor_number[head]
            days[head + offset] = min(days[head] + 20 * offset, span)
    start = pd.Timestamp(first) + pd.to_timedelta(days, unit="D")
    end = start + pd.to_timedelta(rng.integers(1, 60, rows), unit="D")
    counts = np.where(rng.random(rows) < 0.3, rng.integers(5, 500, rows).astype(str), "")
    descriptions = np.char.add(
        "Synthetic event for testing; no such event was reported. Number ", np.arange(1, rows + 1).astype(str)
    )
    if hostile:
        descriptions = descriptions.astype(object)
        for index, text in enumerate(HOSTILE_TEXT[: min(rows, len(HOSTILE_TEXT))]):
            descriptions[index] = f"{text} {descriptions[index]}"

    table = {
        "id": [f"{ID_PREFIX}{number:06d}" for number in range(1, rows + 1)],
        "date": start.strftime("%Y-%m-%d"),
        "end_date": np.where(lasting, end.strftime("%Y-%m-%d"), ""),
        "place": places["name"].to_numpy()[pick],
        "lat": np.round(
            places["lat"].to_numpy()[pick] + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES, rows), 5
        ),
        "lon": np.round(
            places["lon"].to_numpy()[pick] + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES, rows), 5
        ),
        "precision": np.where(rng.random(rows) < 0.05, "area", "town"),
        "sponsor": sponsor,
        "actor": [f"SYN {name} group {number}" for name, number in zip(sponsor, actor_number, strict=True)],
        "event_type": event_type,
        "chain": chain,
        "count": counts,
        "description": descriptions,
        "source": SOURCE,
        "source_url": "",
        "confidence": confidences[rng.integers(0, len(confidences), rows)],
    }
    return pd.DataFrame(table, columns=list(COLUMN_NAMES)).astype(str)


def clustered(rows: int, *, seed: int = 0, points: int | None = None) -> pd.DataFrame:
    """`rows` SYNTHETIC events shaped like an ACLED import: few points (villages around the gazetteer's places,
    exact repeated coordinates; ACLED's 16,959 Syria events sit on 2,439 points, so one point per 7 events by
    default), a heavy tail (the busiest point holds ~1.3% of all events), no chains."""
    rng = np.random.default_rng(seed)
    points = points or max(20, rows // 7)
    base = frame(rows, seed=seed)
    places = _places()
    # satellites around each place, kept inland; each point repeats exactly, as ACLED's do
    home = rng.integers(0, len(places), points * 3)
    satellite = np.arange(len(home)) >= len(places)  # the first few sit on the places themselves
    lat = places["lat"].to_numpy()[home] + rng.normal(0, 0.06, len(home)) * satellite
    lon = places["lon"].to_numpy()[home] + rng.normal(0, 0.06, len(home)) * satellite
    candidates = shapely.points(lon, lat)  # shapely wants lon, lat
    inland = shapely.contains(geodata.outline(), candidates) & (
        shapely.distance(shapely.boundary(geodata.outline()), candidates) > _INLAND_DEGREES
    )
    chosen = np.flatnonzero(inland)[:points]
    weights = 1.0 / np.arange(1, len(chosen) + 1) ** 0.55  # Zipf-like: a few towns carry many events
    pick = chosen[rng.choice(len(chosen), rows, p=weights / weights.sum())]
    declared = vocabulary.load()
    sponsors = np.array([sponsor.name for sponsor in declared.sponsors])
    # roughly ACLED's mix: the government side most, then Russia and Turkey; any other declared sponsor a little
    mix = {"Syrian government": 0.36, "Russia": 0.22, "Turkey": 0.2, "Iran": 0.12, "United States": 0.1}
    share = np.array([mix.get(name, 0.04) for name in sponsors])
    types = np.array([kind.key for kind in declared.event_types if kind.stage == 0])
    return base.assign(
        place=places["name"].to_numpy()[home[pick]],
        lat=np.round(lat[pick], 5).astype(str),
        lon=np.round(lon[pick], 5).astype(str),
        sponsor=sponsors[rng.choice(len(sponsors), rows, p=share / share.sum())],
        event_type=types[rng.integers(0, len(types), rows)],
        chain="",
        precision="town",
    ).assign(actor=lambda table: "SYN " + table["sponsor"] + " group " + base["actor"].str[-1])


def write(
    path: str | Path, rows: int, *, seed: int = 0, hostile: bool = False, shape: str = "uniform"
) -> Path:
    """Write `rows` synthetic events as UTF-8 CSV to `path` (never to a file named events.csv); shape
    "clustered" writes the ACLED-like layout of `clustered`."""
    target = Path(path)
    if target.name == "events.csv":
        raise ValueError("synthetic data never goes into events.csv: choose another file name")
    table = clustered(rows, seed=seed) if shape == "clustered" else frame(rows, seed=seed, hostile=hostile)
    table.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
    return target


def _places() -> pd.DataFrame:
    # places well inside the border, so jittered points never draw "just outside Syria" warnings
    known = geodata.places()
    points = shapely.points(known["lon"].to_numpy(), known["lat"].to_numpy())  # shapely wants lon, lat
    inland = shapely.distance(shapely.boundary(geodata.outline()), points) > _INLAND_DEGREES
    inside = shapely.contains(geodata.outline(), points)
    return known.loc[inland & inside, ["name", "lat", "lon"]].reset_index(drop=True)


if __name__ == "__main__":
    written = write(sys.argv[2], int(sys.argv[1]), hostile="--hostile" in sys.argv)
    print(f"wrote {sys.argv[1]} synthetic events to {written}")
