"""Where each row is: coordinates checked against Syria's boundary and the gazetteer, or a place geocoded."""

from __future__ import annotations

import numpy as np
import shapely

from influence.contract.problems import WARNING, Problem
from influence.geo import gazetteer, geodata
from influence.geo.distance import great_circle_km_array

# A point this close outside the boundary is a border event (a warning); farther out, an error.
BORDER_EVENT_KM = 25.0
# Coordinates farther than this from the gazetteer position of the row's own place are suspicious.
PLACE_MISMATCH_KM = 50.0
_KM_PER_DEGREE = 111.0


def resolve(rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Rows given a position (lat, lon, place_resolved, location_source, estimated); unplaceable rows get an error."""
    problems: list[Problem] = []
    located: list[dict] = []
    with_coordinates = [row for row in rows if row["lat"] is not None or row["lon"] is not None]
    checked = _check_coordinates(with_coordinates, problems)
    for row in rows:
        if row["lat"] is not None or row["lon"] is not None:
            if id(row) in checked:
                located.append(checked[id(row)])
            continue
        placed = _geocode_row(row, problems)
        if placed is not None:
            located.append(placed)
    located.sort(key=lambda row: row["line"])
    return located, problems


def _check_coordinates(rows: list[dict], problems: list[Problem]) -> dict[int, dict]:
    """Vectorised boundary test of explicit coordinates; returns accepted rows keyed by id(row)."""
    complete = []
    for row in rows:
        if row["lat"] is None or row["lon"] is None:
            missing = "lon" if row["lon"] is None else "lat"
            problems.append(Problem(row["line"], missing, "", "lat and lon must be given together"))
        elif not (-90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180):
            problems.append(
                Problem(row["line"], "lat", f"{row['lat']}, {row['lon']}", "coordinates out of range")
            )
        else:
            complete.append(row)
    if not complete:
        return {}
    lat = np.array([row["lat"] for row in complete])
    lon = np.array([row["lon"] for row in complete])
    boundary = geodata.outline()
    # shapely works in x, y order: longitude first
    inside = shapely.contains_xy(boundary, lon, lat)
    # the distance and the swapped test only for the points outside (measuring all cost 0.5 s at 100,000)
    outside = np.flatnonzero(~inside)
    distance_km = np.zeros(len(complete))
    swapped_inside = np.zeros(len(complete), dtype=bool)
    if len(outside):
        points = shapely.points(lon[outside], lat[outside])
        distance_km[outside] = shapely.distance(boundary, points) * _KM_PER_DEGREE
        swapped_inside[outside] = shapely.contains_xy(boundary, lat[outside], lon[outside])
    apart, matches = _place_distances(complete, lat, lon)
    accepted: dict[int, dict] = {}
    for index, row in enumerate(complete):
        if not inside[index]:
            value = f"{row['lat']}, {row['lon']}"
            if distance_km[index] > BORDER_EVENT_KM:
                if swapped_inside[index]:
                    message = "lat and lon look swapped: exchanged, the point falls in Syria"
                else:
                    message = f"the point is outside Syria, {distance_km[index]:.0f} km beyond its boundary"
                problems.append(Problem(row["line"], "lat", value, message))
                continue
            message = f"the point is just outside Syria ({distance_km[index]:.0f} km): a border event?"
            problems.append(Problem(row["line"], "lat", value, message, WARNING))
        match = matches[index]
        if match is not None and apart[index] > PLACE_MISMATCH_KM:
            message = (
                f"the coordinates are {apart[index]:.0f} km from {match.name} in the gazetteer "
                f"({match.lat:.3f}, {match.lon:.3f}): check them, or swapped lat/lon"
            )
            problems.append(Problem(row["line"], "lat", f"{row['lat']}, {row['lon']}", message, WARNING))
        resolved = match.name or "" if match is not None else ""
        accepted[id(row)] = {
            **row,
            "place_resolved": resolved,
            "location_source": "coordinates",
            "estimated": False,
        }
    return accepted


def _place_distances(
    rows: list[dict], lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, list[gazetteer.Match | None]]:
    """Per row with explicit coordinates: the gazetteer match of its place (None when there is none with a
    position) and the kilometres between the two, computed for all rows at once."""
    found: dict[str, gazetteer.Match | None] = {}
    matches: list[gazetteer.Match | None] = []
    for row in rows:
        place = row["place"]
        if place not in found:
            match = gazetteer.geocode(place) if place else None
            usable = match is not None and match.status in ("exact", "fuzzy") and match.lat is not None
            found[place] = match if usable else None
        matches.append(found[place])
    known = np.array([match is not None for match in matches], dtype=bool)
    place_lat = np.array([match.lat if match is not None else np.nan for match in matches], dtype=float)
    place_lon = np.array([match.lon if match is not None else np.nan for match in matches], dtype=float)
    apart = np.zeros(len(rows))
    if known.any():
        apart[known] = great_circle_km_array(lat[known], lon[known], place_lat[known], place_lon[known])
    return apart, matches


def _geocode_row(row: dict, problems: list[Problem]) -> dict | None:
    """A row without coordinates, placed by its place name; None (with an error) when it cannot be."""
    line, place = row["line"], row["place"]
    if not place:
        problems.append(
            Problem(line, "place", "", "no location: give a place from the gazetteer, or lat and lon")
        )
        return None
    match = gazetteer.geocode(place)
    if match.status == "ambiguous":
        names = "; ".join(match.candidates)
        message = f"ambiguous place: it matches several ({names}); add lat and lon or a fuller name"
        problems.append(Problem(line, "place", place, message))
        return None
    if match.status == "unknown" or match.lat is None or match.lon is None:
        hint = f"; did you mean {', '.join(match.candidates[:3])}?" if match.candidates else ""
        message = f"place not in the gazetteer{hint} (or give lat and lon)"
        problems.append(Problem(line, "place", place, message))
        return None
    if match.status == "fuzzy":
        message = f"place matched by spelling to '{match.name}'; write it so to make it exact"
        problems.append(Problem(line, "place", place, message, WARNING))
    if match.name and match.name.endswith(" governorate") and row["precision"] != "region":
        # only the governorate is known: an area over it, never a pin on its city of the same name
        message = (
            f"only the governorate is known: placed on {match.name} at region precision, drawn as an area"
        )
        problems.append(Problem(line, "precision", row["precision"], message, WARNING))
        row = {**row, "precision": "region"}
    elif match.estimated and row["precision"] == "exact":
        message = f"'{match.name}' has an estimated position in the gazetteer: 'exact' overstates it"
        problems.append(Problem(line, "precision", row["precision"], message, WARNING))
    return {
        **row,
        "lat": match.lat,
        "lon": match.lon,
        "place_resolved": match.name,
        "location_source": "gazetteer",
        "estimated": bool(match.estimated),
    }
