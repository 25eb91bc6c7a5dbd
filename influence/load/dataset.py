"""Loading events.csv into the enriched events frame every view uses: validated, located, with governorates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from influence.contract.problems import Problem
from influence.geo import geodata
from influence.load import checked, eventslink, identity, validation
from influence.runtime import failures, serverlog

DEFAULT_FILE = "events.csv"


@dataclass(frozen=True)
class Dataset:
    """Valid events (GeoDataFrame, EPSG:4326), every problem found, and the file's identity."""

    events: gpd.GeoDataFrame
    problems: tuple[Problem, ...]
    version: str
    path: Path
    encoding: str
    rows: int


def events_path(path: str | Path | None = None) -> Path:
    """The events file to read: the argument, else $EVENTS_CSV, else events.csv."""
    return Path(path or os.environ.get("EVENTS_CSV") or DEFAULT_FILE)


def version_of_bytes(data: bytes) -> str:
    """The data version of `data`: the short form of its content hash (identity.short)."""
    return identity.short(identity.content_hash(data))


def version_of(path: str | Path | None = None) -> str:
    """Content hash of the events file (cheap enough to check on every rerun)."""
    return version_of_bytes(eventslink.read_bytes(events_path(path)))


def load(path: str | Path | None = None) -> Dataset:
    """Read, validate and enrich the events file; a missing file is a problem, not a traceback."""
    chosen = events_path(path)
    try:
        data = eventslink.read_bytes(chosen)
    except OSError as failure:
        # the visitor reads plain words and the file's name; the operator's log has the path and the error
        serverlog.logger().error("cannot read the events file %s: %r", chosen, failure)
        message = f"cannot read the events file: {failures.describe(failure)}"
        problem = Problem(None, None, chosen.name, message)
        return Dataset(enrich(validation.validate_bytes(b"").rows), (problem,), "none", chosen, "", 0)
    return load_bytes(data, chosen)


def load_bytes(data: bytes, name: str | Path = DEFAULT_FILE) -> Dataset:
    """Validate and enrich a CSV given as bytes (an upload, a file read elsewhere)."""
    report = validation.validate_bytes(data, str(name))
    digest = identity.content_hash(data)
    checked.remember(digest, report.problems)  # the Edit page opening the same bytes needs no second pass
    return Dataset(
        enrich(report.rows),
        report.problems,
        identity.short(digest),
        Path(name),
        report.encoding,
        report.records,
    )


def enrich(rows) -> gpd.GeoDataFrame:
    """Valid rows as points (EPSG:4326) with the governorate each falls in."""
    # points_from_xy takes x, y: longitude first
    points = gpd.points_from_xy(rows["lon"].astype("float64"), rows["lat"].astype("float64"))
    frame = gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")
    return frame.assign(governorate=geodata.assign_governorates(frame))
