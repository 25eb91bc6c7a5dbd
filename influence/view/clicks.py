"""What a click on the live map means: the governorate under it, chosen alone or added to the others."""

from __future__ import annotations

import shapely

from influence.geo import geodata


def governorate_at(lat: float, lon: float) -> str | None:
    """The governorate holding the point (None outside Syria's governorates)."""
    shapes = geodata.governorates()
    # shapely wants lon, lat
    hits = shapes.loc[shapes.geometry.contains(shapely.Point(lon, lat)), "name"]
    return str(hits.iloc[0]) if len(hits) else None


def choose(current: tuple[str, ...], clicked: str, add: bool) -> tuple[str, ...]:
    """The governorate filter after a click: a plain click picks `clicked` alone (or clears it when it was
    the only one), a shift-click adds it (or takes it out when it was in)."""
    if add:
        return (
            tuple(name for name in current if name != clicked) if clicked in current else (*current, clicked)
        )
    return () if current == (clicked,) else (clicked,)
