"""Two periods compared: which events and sites appeared, ended or continued, how each sponsor's count and
share moved per governorate, and which governorates became or stopped being contested.

Both periods are read through query.apply (the one place of filter semantics), so an event that spans
both windows (a base present from January to May) counts in both and is "continued". Every row of the
table of changes names the event ids behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from influence.view import query
from influence.view.query import Filters

APPEARED, ENDED, CONTINUED = "appeared", "ended", "continued"
STATUSES = (APPEARED, ENDED, CONTINUED)
BECAME, STOPPED = "became contested", "stopped being contested"
SITE_DECIMALS = 3  # coordinates equal to about 100 m are one site
# the governorates a frame of events makes contested (the influence layer's rule: see contest.py)
ContestedRule = Callable[[gpd.GeoDataFrame], frozenset[str]]
CHANGE_COLUMNS = (
    "change",
    "governorate",
    "sponsor",
    "site",
    "before",
    "after",
    "delta",
    "events_before",
    "events_after",
)


@dataclass(frozen=True)
class Comparison:
    """The answer: event ids by status, sites, shares and contested governorates, before and after."""

    before: Filters
    after: Filters
    events: pd.DataFrame  # id, status, sponsor, governorate, site, lat, lon, dates, source: either period
    sites: pd.DataFrame  # site, governorate, lat, lon, status, events_before, events_after
    shares: pd.DataFrame  # governorate, sponsor, counts and shares before/after, their changes, event ids
    contested: pd.DataFrame  # governorate, change (became/stopped), events_before, events_after

    def ids(self, status: str) -> tuple[str, ...]:
        """The event ids that appeared, ended or continued, sorted."""
        return tuple(sorted(self.events.loc[self.events["status"] == status, "id"]))

    def changes(self) -> pd.DataFrame:
        """The table of changes, one row per contested change, share change and site change, with its ids."""
        rows = [
            {
                "change": row.change,
                "governorate": row.governorate,
                "sponsor": "",
                "site": "",
                "before": "contested" if row.change == STOPPED else "not contested",
                "after": "contested" if row.change == BECAME else "not contested",
                "delta": "",
                "events_before": row.events_before,
                "events_after": row.events_after,
            }
            for row in self.contested.itertuples()
        ]
        moved = self.shares.loc[
            (self.shares["count_change"] != 0) | (self.shares["share_change"].abs() > 1e-9)
        ]
        rows += [
            {
                "change": "share moved",
                "governorate": row.governorate,
                "sponsor": row.sponsor,
                "site": "",
                "before": f"{row.before_count} ({row.before_share:.0%})",
                "after": f"{row.after_count} ({row.after_share:.0%})",
                "delta": f"{row.count_change:+d} ({row.share_change * 100:+.0f} points)",
                "events_before": row.events_before,
                "events_after": row.events_after,
            }
            for row in moved.itertuples()
        ]
        rows += [
            {
                "change": f"site {row.status}",
                "governorate": row.governorate,
                "sponsor": "",
                "site": row.site,
                "before": f"{len(row.events_before.split())} events",
                "after": f"{len(row.events_after.split())} events",
                "delta": "",
                "events_before": row.events_before,
                "events_after": row.events_after,
            }
            for row in self.sites.itertuples()
            if row.status != CONTINUED
        ]
        return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def compare(
    events: gpd.GeoDataFrame, before: Filters, after: Filters, contested: ContestedRule
) -> Comparison:
    """Compare the events `before` shows with those `after` shows (the same data, two views)."""
    earlier, later = query.apply(events, before), query.apply(events, after)
    return Comparison(
        before=before,
        after=after,
        events=_statuses(earlier, later),
        sites=_sites(earlier, later),
        shares=_shares(earlier, later),
        contested=_contested(earlier, later, contested),
    )


def _site(frame: pd.DataFrame) -> pd.Series:
    """A site's name: the place with its rounded point (two places of one name stay apart)."""
    lat, lon = frame["lat"].round(SITE_DECIMALS), frame["lon"].round(SITE_DECIMALS)
    return frame["place"].fillna("").astype(str) + " (" + lat.astype(str) + ", " + lon.astype(str) + ")"


def _statuses(earlier: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    both = pd.concat([earlier, later]).drop_duplicates("id")
    status = pd.Series(CONTINUED, index=both.index)
    status[~both["id"].isin(later["id"])] = ENDED
    status[~both["id"].isin(earlier["id"])] = APPEARED
    frame = pd.DataFrame(
        {
            "id": both["id"].astype(str),
            "status": status,
            "sponsor": both["sponsor"],
            "governorate": both["governorate"].fillna(""),
            "site": _site(both),
            "lat": both["lat"],
            "lon": both["lon"],
            "date": both["date"],
            "end_date": both["end_date"],
            "source": both["source"],
        }
    )
    return frame.sort_values("id").reset_index(drop=True)


def _ids(frame: pd.DataFrame) -> str:
    return " ".join(sorted(frame["id"].astype(str)))


def _sites(earlier: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    rows = []
    before, after = earlier.assign(site=_site(earlier)), later.assign(site=_site(later))
    for site in sorted(set(before["site"]) | set(after["site"])):
        then, now = before.loc[before["site"] == site], after.loc[after["site"] == site]
        first = then if not then.empty else now
        status = CONTINUED if len(then) and len(now) else (ENDED if len(then) else APPEARED)
        rows.append(
            {
                "site": site,
                "governorate": str(first["governorate"].fillna("").iloc[0]),
                "lat": float(first["lat"].iloc[0]),
                "lon": float(first["lon"].iloc[0]),
                "status": status,
                "events_before": _ids(then),
                "events_after": _ids(now),
            }
        )
    return pd.DataFrame(
        rows, columns=["site", "governorate", "lat", "lon", "status", "events_before", "events_after"]
    )


def _shares(earlier: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    """Per governorate and sponsor: count and share of the governorate's events, before and after."""
    rows = []
    located = [frame.loc[frame["governorate"].fillna("") != ""] for frame in (earlier, later)]
    pairs = set()
    for frame in located:
        pairs |= set(zip(frame["governorate"], frame["sponsor"], strict=True))
    for governorate, sponsor in sorted(pairs):
        values = {}
        for name, frame in zip(("before", "after"), located, strict=True):
            area = frame.loc[frame["governorate"] == governorate]
            mine = area.loc[area["sponsor"] == sponsor]
            values[f"{name}_count"] = len(mine)
            values[f"{name}_share"] = len(mine) / len(area) if len(area) else 0.0
            values[f"events_{name}"] = _ids(mine)
        rows.append({"governorate": governorate, "sponsor": sponsor, **values})
    frame = pd.DataFrame(
        rows,
        columns=[
            "governorate", "sponsor", "before_count", "before_share", "events_before",
            "after_count", "after_share", "events_after",
        ],
    )  # fmt: skip
    return frame.assign(
        count_change=frame["after_count"] - frame["before_count"],
        share_change=frame["after_share"] - frame["before_share"],
    )


def _contested(earlier: pd.DataFrame, later: pd.DataFrame, rule: ContestedRule) -> pd.DataFrame:
    then, now = rule(earlier), rule(later)
    rows = [
        {
            "governorate": governorate,
            "change": BECAME if governorate in now else STOPPED,
            "events_before": _ids(earlier.loc[earlier["governorate"] == governorate]),
            "events_after": _ids(later.loc[later["governorate"] == governorate]),
        }
        for governorate in sorted(then ^ now)
    ]
    return pd.DataFrame(rows, columns=["governorate", "change", "events_before", "events_after"])
