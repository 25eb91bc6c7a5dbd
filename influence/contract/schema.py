"""The events.csv contract, declared once as data: validation, the README, the editor and exports read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of events.csv: its name, whether a value is required, its kind and limits."""

    name: str
    kind: str  # text, date, number, integer, sponsor, event_type, precision, confidence, url
    required: bool
    doc: str
    max_length: int = 200
    may_be_absent: bool = False  # added after files were written: a missing header is no problem
    derivable: bool = False  # an empty value may be derived (the sponsor, from the actor registry)


COLUMNS: tuple[Column, ...] = (
    Column(
        "id", "text", True, "Unique, stable identifier of the event (letters, digits, '-', '_', '.').", 64
    ),
    Column(
        "date", "date", True, "Start date, ISO 8601 (YYYY-MM-DD; YYYY-MM or YYYY when only that is known)."
    ),
    Column("end_date", "date", False, "End date, ISO 8601; empty for a one-day event; never before date."),
    Column("place", "text", False, "Place name, resolved through the gazetteer when lat/lon are empty.", 120),
    Column("lat", "number", False, "Latitude, WGS84 decimal degrees (dot as decimal separator)."),
    Column("lon", "number", False, "Longitude, WGS84 decimal degrees (dot as decimal separator)."),
    Column("precision", "precision", True, "How exact the location is: exact, town, area or region."),
    Column(
        "sponsor",
        "sponsor",
        True,
        "Sponsoring power, one of the declared sponsors (aliases accepted; 'Unattributed' when no power is "
        "tied). May be left empty when the actor is in actors.toml: it is then derived from the actor's tie on "
        "the event's date, and the popup says so.",
        derivable=True,
    ),
    Column("actor", "text", False, "The group or person acting (e.g. Liwa Fatimiyoun).", 160),
    Column("event_type", "event_type", True, "One of the declared event types."),
    Column(
        "chain",
        "text",
        False,
        "Identifier shared by the stages of one pipeline (recruitment, training, deployment).",
        64,
    ),
    Column("count", "integer", False, "Number of people involved, when reported."),
    Column(
        "fatalities",
        "integer",
        False,
        "Reported deaths, when known (ACLED's fatalities, UCDP's best estimate); summed in the timeline.",
        may_be_absent=True,
    ),
    Column("description", "text", False, "What happened, in plain words.", 2000),
    Column(
        "source", "text", True, "Publication and date of the source, e.g. 'Asharq Al-Awsat, 2021-02-15'.", 300
    ),
    Column("source_url", "url", False, "http(s) link to the source, when one exists; never invented.", 500),
    Column(
        "confidence",
        "confidence",
        True,
        "How sure the sponsor attribution is: confirmed, probable or alleged.",
    ),
    Column(
        "other_actors",
        "text",
        False,
        "The event's other actors, separated by '; ', each followed by [sponsor] when actors.toml ties it.",
        1000,
        may_be_absent=True,
    ),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}


@dataclass(frozen=True)
class Derived:
    """A column the loader adds to every valid event (never written back to events.csv)."""

    name: str
    added_by: str  # "validation" (influence.load.validation) or "dataset" (influence.load.dataset)
    doc: str


DERIVED: tuple[Derived, ...] = (
    Derived("line", "validation", "the file line the event starts on (header = 1)"),
    Derived("place_resolved", "validation", "the gazetteer's name for the place, or the place as written"),
    Derived("location_source", "validation", '"coordinates" or "gazetteer"'),
    Derived("estimated", "validation", "True when the position is an estimate (a site, a governorate)"),
    Derived("attribution", "validation", '"derived from <tie>" when the sponsor came from actors.toml'),
    Derived(
        "tie_kind",
        "validation",
        "the kind of the actors.toml tie of the actor to its sponsor on the day, or empty",
    ),
    Derived("governorate", "dataset", "the governorate the point falls in (None outside)"),
)
DERIVED_COLUMNS: tuple[str, ...] = tuple(column.name for column in DERIVED)
VALIDATED_COLUMNS: tuple[str, ...] = tuple(c.name for c in DERIVED if c.added_by == "validation")
# Derived columns the CSV and GeoJSON exports carry after the contract's (a derived sponsor says so, as its popup
# does); the validator reads them back as ignored, since it derives them again.
EXPORTED_COLUMNS: tuple[str, ...] = ("attribution",)
