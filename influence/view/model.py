"""The one view model: what a link and a view file both carry (filters, window, extent, layers, basemap, …).

The link (urlstate) and the view file (viewfile) are two spellings of this one dataclass; both check
names through influence.view.rules, so a sponsor, a layer or an extent means the same in either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from influence.view.query import Filters

DEFAULT_BASEMAP = "boundaries"
DEFAULT_STEP = "month"
DEFAULT_SIZE = "slide"
MAX_TEXT = 200  # characters in a title, a search text, one name or one annotation
MAX_ITEMS = 50  # names in one list (sponsors, actors, …) or annotations in one view


class Extent(NamedTuple):
    """Where the map looks: centre latitude, longitude and zoom level (a tuple, the form compose takes)."""

    lat: float
    lon: float
    zoom: float

    def as_tuple(self) -> tuple[float, float, float]:
        """(lat, lon, zoom) as a plain tuple."""
        return float(self.lat), float(self.lon), float(self.zoom)


@dataclass(frozen=True)
class Annotation:
    """A briefer's callout: a label with a leader line to a point, an arrow, or a circled area.

    `lat, lon` is the point the callout is about (the arrow's head, the circle's centre); `to_lat, to_lon`
    is where the label sits (the arrow's tail); `radius_km` is the circle's radius.
    """

    kind: str  # one of ANNOTATION_KINDS
    text: str
    lat: float
    lon: float
    to_lat: float | None = None
    to_lon: float | None = None
    radius_km: float | None = None


ANNOTATION_KINDS: tuple[str, ...] = ("label", "arrow", "circle")


@dataclass(frozen=True)
class Vocabularies:
    """The values a view may name; an empty tuple means 'anything goes' (e.g. actors).

    `sponsor_aliases` and `type_aliases` map folded aliases to canonical names (empty: exact names only).
    """

    sponsors: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    confidences: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    tie_kinds: tuple[str, ...] = ()  # the kinds of tie actors.toml declares
    layers: tuple[str, ...] = ()
    basemaps: tuple[str, ...] = ()
    sponsor_aliases: tuple[tuple[str, str], ...] = ()
    type_aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class View:
    """Everything a link or a view file carries.

    `window` is the preset a link names ("custom" when `filters.start/end` are the window; a view file
    always stores dates). `notes` say in plain words what reading a link dropped; they are never saved.
    """

    filters: Filters = field(default_factory=Filters)
    title: str = ""
    extent: Extent | None = None  # None = all of Syria
    size: str = DEFAULT_SIZE
    layers: tuple[str, ...] | None = None  # None = the layers' own defaults
    basemap: str = DEFAULT_BASEMAP
    window: str = "all"
    step: str = DEFAULT_STEP
    annotations: tuple[Annotation, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def view(self) -> Extent | None:
        """The extent under the name the link uses (`view=lat,lon,zoom`)."""
        return None if self.extent is None else Extent(*self.extent)


def without_notes(view: View) -> View:
    """The same view with its notes dropped (for comparing two views)."""
    return replace(view, notes=())


def declared(
    *, layers: tuple[str, ...] = (), actors: tuple[str, ...] = (), basemaps: tuple[str, ...] | None = None
) -> Vocabularies:
    """The vocabularies declared in vocabulary.toml and geodata/, with the given layers, actors and basemaps."""
    # imported here: the declarations are files, read only when a caller asks for them
    from influence.contract import vocabulary
    from influence.geo import geodata
    from influence.intake import registry
    from influence.mapping import basemap

    found = vocabulary.load()
    return Vocabularies(
        sponsors=tuple(sponsor.name for sponsor in found.sponsors),
        actors=actors,
        event_types=tuple(kind.key for kind in found.event_types),
        confidences=tuple(level.key for level in found.confidences),
        governorates=tuple(geodata.governorates()["name"]),
        tie_kinds=registry.load().kinds,
        layers=layers,
        basemaps=basemap.KEYS if basemaps is None else basemaps,
        sponsor_aliases=tuple(
            (vocabulary.fold(name), sponsor.name)
            for sponsor in found.sponsors
            for name in (sponsor.name, *sponsor.aliases)
        ),
        type_aliases=tuple(
            (vocabulary.fold(name), kind.key)
            for kind in found.event_types
            for name in (kind.key, kind.label, *kind.aliases)
        ),
    )
