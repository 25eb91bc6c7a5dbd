"""Place names learned from imports that carry coordinates, kept in geodata/learned_places.csv once confirmed.

The file has the columns of geodata/sites.csv plus the governorate, so the gazetteer reads it as it reads the
curated sites (after them and after GeoNames); each row says which import it came from. Nothing is added
without an editor's say-so (`cli.py import --add-places`, or the button on the Edit page's import panel).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date

from influence.geo import gazetteer, geodata, governorates
from influence.load import csvfile

COLUMNS = ("name", "name_ar", "alternates", "lat", "lon", "precision", "note", "source", "governorate")
LEARNED = geodata.learned_places_path()


def learn(found: Mapping[tuple[str, str], tuple[str, str, str, int]], source: str) -> int:
    """Append the places the gazetteer lacked ((place, precision) -> (lat, lon, precision, rows)); count added."""
    target = geodata.learned_places_path()
    known = set()
    if target.exists():  # read through the one CSV reader, as the gazetteer's other files are written
        table = csvfile.read(target.read_bytes())
        name, governorate = (
            table.columns.index(c) if c in table.columns else None for c in ("name", "governorate")
        )
        known = {
            (_cell(record.cells, name), _cell(record.cells, governorate))
            for record in table.records
            if not record.blank
        }
    rows = []
    for (place, _), (lat, lon, precision, count) in sorted(found.items()):
        town, governorate = governorates.split(place)
        key = (town or place, governorate.name if governorate else "")
        if not key[0] or key in known:
            continue
        known.add(key)
        note = f"Position as the import gives it ({count} rows); not checked against another gazetteer."
        rows.append(
            (
                key[0],
                "",
                "",
                lat,
                lon,
                precision or "town",
                note,
                f"{source}, confirmed {date.today()}",
                key[1],
            )
        )
    if not rows:
        return 0
    fresh = not target.exists()
    with target.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if fresh:
            writer.writerow(COLUMNS)
        writer.writerows(rows)
    gazetteer.refresh()
    return len(rows)


def _cell(cells: tuple[str, ...], position: int | None) -> str:
    return cells[position] if position is not None and position < len(cells) else ""
