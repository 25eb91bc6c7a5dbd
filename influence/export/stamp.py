"""The stamp every snapshot carries: title, window, filters, count, sources, data version, time and attribution."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from influence.mapping.htmltext import escape
from influence.view.query import Filters

GEODATA_ATTRIBUTION = "Boundaries: Natural Earth (public domain); places: GeoNames (CC BY 4.0)"
SOURCES_SHOWN = 5
DEFAULT_TITLE = "Foreign influence in Syria"


@dataclass(frozen=True)
class Stamp:
    """Plain data of the stamp; `lines()` and `html()` present it, `metadata()` feeds PNG text chunks."""

    title: str
    window: str
    filters: tuple[str, ...]
    count: int
    sources: tuple[str, ...]
    more_sources: int
    version: str
    made_at: datetime
    attribution: str = GEODATA_ATTRIBUTION
    basemap_attribution: str = ""

    @property
    def sources_text(self) -> str:
        """The top sources, most frequent first, with 'and N more' when some are left out."""
        text = "; ".join(self.sources) or "none"
        return f"{text}; and {self.more_sources} more" if self.more_sources else text

    @property
    def filters_text(self) -> str:
        """The active filters other than the window, or 'none'."""
        return "; ".join(self.filters) or "none"

    @property
    def made_text(self) -> str:
        """When the snapshot was made, in UTC to the minute."""
        return self.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) pairs in the order the stamp shows them, title excluded."""
        rows = [
            ("Window", self.window),
            ("Filters", self.filters_text),
            ("Events shown", str(self.count)),
            ("Sources", self.sources_text),
            ("Data version", self.version),
            ("Made", self.made_text),
            ("Geodata", self.attribution),
        ]
        if self.basemap_attribution:
            rows.append(("Basemap", self.basemap_attribution))
        return rows

    def metadata(self) -> dict[str, str]:
        """Text chunks for an exported PNG, so a test or an archivist can read the stamp without OCR."""
        return {"Title": self.title, **dict(self.lines())}


def build(
    events: pd.DataFrame,
    filters: Filters,
    version: str,
    title: str = "",
    basemap_attribution: str = "",
    made_at: datetime | None = None,
) -> Stamp:
    """The stamp of the events shown under `filters` (made now, in UTC, unless `made_at` is given)."""
    sources, more = top_sources(events)
    return Stamp(
        title=title.strip() or DEFAULT_TITLE,
        window=window_text(events, filters),
        filters=tuple(filters.describe()[1:]),  # describe()'s first line is the window, shown on its own
        count=len(events),
        sources=sources,
        more_sources=more,
        version=version,
        made_at=made_at or datetime.now(UTC),
        basemap_attribution=basemap_attribution,
    )


def window_text(events: pd.DataFrame, filters: Filters) -> str:
    """`start to end`: the filter's bounds, or the dates of the events shown where the filter leaves one open."""
    first = filters.start.isoformat() if filters.start else _edge(events, "date", min) or "beginning"
    last = filters.end.isoformat() if filters.end else _edge(events, "end_date", max) or "latest"
    return f"{first} to {last}"


def _edge(events: pd.DataFrame, column: str, pick: Callable) -> str:
    if events.empty:
        return ""
    days = pd.concat([events["date"], events[column]]).dropna()
    return pick(days).date().isoformat() if not days.empty else ""


def top_sources(events: pd.DataFrame, limit: int = SOURCES_SHOWN) -> tuple[tuple[str, ...], int]:
    """Distinct sources, most frequent first (ties by name), the first `limit`, and how many are left out."""
    if events.empty:
        return (), 0
    counts = events["source"].fillna("").astype(str).str.strip()
    counts = counts[counts != ""].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    names = tuple(name for name, _ in ranked)
    return names[:limit], max(0, len(names) - limit)


# Positioned over the map at a fixed place (bottom right, above the attribution) so that tests know
# where to look; the title box and the legend (bottom left) are the map's own controls.
STYLE = """
<style>
.influence-stamp{position:fixed;right:10px;bottom:24px;z-index:1100;background:rgba(255,255,255,.94);
 padding:6px 10px;margin:0;border-radius:5px;font:12px/1.35 sans-serif;color:#111;max-width:38%;
 box-shadow:0 1px 4px rgba(0,0,0,.3)}
.influence-stamp dt{font-weight:bold;display:inline}
.influence-stamp dd{display:inline;margin:0}
</style>
"""


def html(stamp: Stamp) -> str:
    """The stamp's details as an HTML block; every text goes through htmltext.escape."""
    rows = "".join(
        f'<div data-stamp="{escape(label.lower())}"><dt>{escape(label)}:</dt> <dd>{escape(text)}</dd></div>'
        for label, text in stamp.lines()
    )
    return f'{STYLE}<dl class="influence-stamp" data-stamp-title="{escape(stamp.title)}">{rows}</dl>'
