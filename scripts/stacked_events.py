"""Write SYNTHETIC events shaped like a conflict-data import: thousands of events on a few hundred points.

Real imports (ACLED, UCDP GED) geocode events to a town's point, so hundreds share one coordinate and a
few towns hold most of them. This file copies that shape from the gazetteer (geodata/places.csv): points
drawn with weights that fall off by rank (Zipf), no jitter, a share of place names in Arabic, some
governorate-wide area events. Every row is labelled SYNTHETIC (influence.load.synthetic); never for events.csv.

    python scripts/stacked_events.py 17000 /tmp/stacked-17000.csv [--points 300] [--seed 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from influence.load import synthetic

ARABIC_SHARE = 0.3  # rows whose place is written in Arabic, as in Arabic-language sources
AREA_SHARE = 0.04


def frame(rows: int, *, points: int = 300, seed: int = 0) -> pd.DataFrame:
    """`rows` synthetic events on the `points` most populous inland gazetteer places, weighted by rank."""
    rng = np.random.default_rng(seed)
    base = synthetic.frame(rows, seed=seed)
    places = _places().head(points)
    weights = 1.0 / np.arange(1, len(places) + 1) ** 0.9
    pick = rng.choice(len(places), size=rows, p=weights / weights.sum())
    chosen = places.iloc[pick].reset_index(drop=True)
    arabic = (rng.random(rows) < ARABIC_SHARE) & (chosen["name_ar"].fillna("") != "").to_numpy()
    return base.assign(
        place=np.where(arabic, chosen["name_ar"], chosen["name"]),
        lat=chosen["lat"].round(5).astype(str),
        lon=chosen["lon"].round(5).astype(str),
        precision=np.where(rng.random(rows) < AREA_SHARE, "area", "town"),
    )


def _places() -> pd.DataFrame:
    # synthetic._places keeps places well inside the border; their Arabic names come from the gazetteer
    inland = synthetic._places()
    from influence.geo import geodata

    known = geodata.places()[["name", "name_ar", "lat", "lon", "population"]]
    merged = inland.merge(known, on=["name", "lat", "lon"], how="left")
    return merged.sort_values("population", ascending=False, kind="stable").reset_index(drop=True)


def main() -> None:
    """Command line: rows, target file, optional --points and --seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--points", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    if arguments.target.name == "events.csv":
        raise SystemExit("synthetic data never goes into events.csv: choose another file name")
    table = frame(arguments.rows, points=arguments.points, seed=arguments.seed)
    table.to_csv(arguments.target, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {len(table)} SYNTHETIC events on {table[['lat', 'lon']].drop_duplicates().shape[0]} points")


if __name__ == "__main__":
    main()
