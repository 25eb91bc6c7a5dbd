"""Filters over the events frame: the one query that the map, the table, the timeline and every export share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

import geopandas as gpd
import pandas as pd

from influence.contract import vocabulary
from influence.geo import gazetteer


@dataclass(frozen=True)
class Filters:
    """What the analyst chose: an empty tuple means 'all'; None means 'no bound'."""

    start: date | None = None
    end: date | None = None
    sponsors: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    min_confidence: str | None = None
    text: str = ""
    chains_only: bool = field(default=False)
    # kinds of actors.toml tie (own forces, proxy or backed, …): an event passes when the tie of its actor to
    # its sponsor on its date is of one of them; an event no tie explains passes none
    tie_kinds: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain JSON-ready form (dates as ISO strings, tuples as lists)."""
        data = asdict(self)
        for key in ("start", "end"):
            data[key] = data[key].isoformat() if data[key] else None
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: dict) -> Filters:
        """Inverse of to_dict; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in ("start", "end"):
            if values.get(key):
                values[key] = date.fromisoformat(str(values[key]))
        for key in ("sponsors", "actors", "event_types", "governorates", "tie_kinds"):
            if key in values:
                values[key] = tuple(values[key] or ())
        return cls(**values)

    def describe(self) -> list[str]:
        """Human-readable lines naming every active filter, for stamps and captions."""
        lines = [f"Window: {self.start or 'beginning'} to {self.end or 'latest'}"]
        for label, values in (
            ("Sponsors", self.sponsors),
            ("Actors", self.actors),
            ("Event types", self.event_types),
            ("Governorates", self.governorates),
            ("Kinds of tie", self.tie_kinds),
        ):
            if values:
                lines.append(f"{label}: {', '.join(values)}")
        if self.min_confidence:
            lines.append(f"Confidence: {self.min_confidence} or stronger")
        if self.text:
            lines.append(f"Search: {self.text}")
        return lines


def apply(events: gpd.GeoDataFrame, filters: Filters) -> gpd.GeoDataFrame:
    """The events that pass every filter; an event counts when its [date, end_date] overlaps the window."""
    return events.loc[selected(events, filters)]


def selected(events: gpd.GeoDataFrame, filters: Filters) -> pd.Series:
    """True for each event passing every filter (the live map's mask is this, in the frame's order)."""
    keep = pd.Series(True, index=events.index)
    last_day = events["end_date"].fillna(events["date"])
    if filters.start is not None:
        keep &= last_day >= pd.Timestamp(filters.start)
    if filters.end is not None:
        keep &= events["date"] <= pd.Timestamp(filters.end)
    for column, chosen in (
        ("sponsor", filters.sponsors),
        ("actor", filters.actors),
        ("event_type", filters.event_types),
        ("governorate", filters.governorates),
    ):
        if chosen:
            keep &= events[column].isin(chosen)
    if filters.min_confidence:
        declared = vocabulary.load()
        limit = declared.confidence_rank(filters.min_confidence)
        keep &= events["confidence"].map(declared.confidence_rank) <= limit
    if filters.text.strip():
        needle = filters.text.strip()
        haystack = (
            events["place"].fillna("")
            + " "
            + events["actor"].fillna("")
            + " "
            + events["description"].fillna("")
        )
        keep &= haystack.str.contains(needle, case=False, regex=False) | _same_place(events["place"], needle)
    if filters.chains_only:
        keep &= events["chain"].fillna("") != ""
    if filters.tie_kinds:
        kinds = events["tie_kind"] if "tie_kind" in events.columns else pd.Series("", index=events.index)
        keep &= kinds.fillna("").isin(filters.tie_kinds)
    return keep


def _same_place(places: pd.Series, needle: str) -> pd.Series:
    """True where the place is one the needle names in any script (the gazetteer's alternate names).

    "Qamishli" finds a row whose place is "القامشلي" and the reverse; a "Town, Governorate" place counts
    by its town. Each distinct place string is compared once: places repeat across thousands of events.
    """
    keys = gazetteer.spellings(needle)
    if not keys:
        return pd.Series(False, index=places.index)
    text = places.fillna("").astype(str)
    matched = [place for place in pd.unique(text) if gazetteer.normalise(place.split(",")[0]) in keys]
    return text.isin(matched)
