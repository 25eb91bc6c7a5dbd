"""The change map: one map colouring each site by what happened to it between two periods, with the
governorates that became or stopped being contested outlined, a legend, and a stamp naming both windows.

It is a snapshot.Composition, so it exports to PNG, PDF and HTML exactly as a view does.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

import folium
import pandas as pd

from influence.brief import callouts
from influence.brief.comparison import APPEARED, BECAME, CONTINUED, ENDED, Comparison
from influence.export import snapshot, stamp
from influence.geo import geodata
from influence.mapping import mapview
from influence.mapping.htmltext import escape
from influence.mapping.layer import Registry
from influence.view.model import View

# status -> (colour, label); none of these is a sponsor colour, so a status never reads as a power
STATUS_STYLE: dict[str, tuple[str, str]] = {
    APPEARED: ("#6a3d9a", "appeared (in the after window only)"),
    CONTINUED: ("#222222", "continued (in both windows)"),
    ENDED: ("#9e9e9e", "ended (in the before window only)"),
}
CONTEST_STYLE: dict[str, tuple[str, str]] = {
    BECAME: ("#c51b7d", "became contested"),
    "stopped being contested": ("#1b7ec5", "stopped being contested"),
}
NO_LAYERS = Registry(())
LEGEND_STYLE = (
    "<style>.change-legend{position:fixed;top:10px;right:10px;z-index:1100;background:rgba(255,255,255,.95);"
    "padding:6px 10px;border-radius:5px;font:12px/1.45 sans-serif;color:#111;box-shadow:0 1px 4px rgba(0,0,0,.3)}"
    ".change-legend b{display:block;margin-top:2px}.change-legend i{display:inline-block;width:12px;height:12px;"
    "border-radius:50%;margin-right:6px;vertical-align:-1px}.change-legend i.area{border-radius:2px;"
    "background:none!important;border:3px dashed}"
    ".map-legend{display:none!important}"  # the composition's sponsor legend: colours here mean change
    "</style>"
)


def compose(
    comparison: Comparison,
    version: str,
    view: View,
    made_at: datetime | None = None,
) -> snapshot.Composition:
    """The change map of `comparison` framed and sized by `view` (title, extent, size, basemap, annotations)."""
    title = view.title or _title(comparison)
    m = mapview.compose(
        comparison.events.iloc[0:0],
        registry=NO_LAYERS,
        layers=(),
        basemap=view.basemap,
        view=view.extent,
        title=title,
        legend_position="topright",
    )
    _contest_outlines(comparison).add_to(m)
    _site_marks(comparison.sites).add_to(m)
    callouts.add_to(m, view.annotations)
    stamped = _stamp(comparison, version, title, made_at)
    document = mapview.render_html(m).replace(
        "</body>", legend_html(comparison) + stamp.html(stamped) + "</body>"
    )
    return snapshot.Composition(document, stamped, replace(view, title=title), (), False)


def window_text(comparison: Comparison) -> str:
    """'before A to B; after C to D', the two windows as the stamp names them."""
    before, after = (
        f"{filters.start or 'beginning'} to {filters.end or 'latest'}"
        for filters in (comparison.before, comparison.after)
    )
    return f"before {before}; after {after}"


def legend_html(comparison: Comparison) -> str:
    """The change map's own legend (site status colours with counts, contested outlines), escaped."""
    counts = comparison.sites["status"].value_counts()
    rows = [
        f'<div><i style="background:{colour}"></i>{escape(label)}, sites: {int(counts.get(status, 0))}</div>'
        for status, (colour, label) in STATUS_STYLE.items()
    ]
    changed = comparison.contested["change"].value_counts()
    rows += [
        f'<div><i class="area" style="border-color:{colour}"></i>{escape(label)}, governorates: {int(changed.get(key, 0))}</div>'
        for key, (colour, label) in CONTEST_STYLE.items()
    ]
    return f'{LEGEND_STYLE}<div class="change-legend"><b>Change between the windows</b>{"".join(rows)}</div>'


def _title(comparison: Comparison) -> str:
    return f"What changed: {window_text(comparison)}"


def _stamp(comparison: Comparison, version: str, title: str, made_at: datetime | None) -> stamp.Stamp:
    # the stamp counts the events of either window and names the sources of both
    stamped = stamp.build(comparison.events, comparison.after, version, title, made_at=made_at)
    return replace(stamped, window=window_text(comparison), count=len(comparison.events))


def _radius(count: int) -> float:
    return 5 + 3 * math.sqrt(max(count, 1))  # area grows with the number of events


def _site_marks(sites: pd.DataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Sites by change", control=False)
    # ended sites first, so the sites that are there now are drawn on top
    for status in (ENDED, CONTINUED, APPEARED):
        colour, label = STATUS_STYLE[status]
        for row in sites.loc[sites["status"] == status].itertuples():
            ids = row.events_after if status != ENDED else row.events_before
            count = len(ids.split())
            tip = f"<b>{escape(row.site)}</b><br>{escape(label)}<br>{count} events: {escape(ids)}"
            folium.CircleMarker(
                (row.lat, row.lon),
                radius=_radius(count),
                color="#ffffff" if status != ENDED else colour,
                weight=1.5,
                fill=True,
                fill_color=colour,
                fill_opacity=0.9 if status != ENDED else 0.35,
                dash_array="3 3" if status == ENDED else None,
                tooltip=folium.Tooltip(tip),
            ).add_to(group)
    return group


def share_lines(comparison: Comparison, governorate: str) -> list[str]:
    """Each sponsor's count and share before and after in one governorate, biggest move first."""
    rows = comparison.shares.loc[comparison.shares["governorate"] == governorate]
    rows = rows.reindex(rows["share_change"].abs().sort_values(ascending=False).index)
    return [
        f"{row.sponsor}: {row.before_count} ({row.before_share:.0%}) to {row.after_count} ({row.after_share:.0%})"
        for row in rows.itertuples()
    ]


def _contest_outlines(comparison: Comparison) -> folium.FeatureGroup:
    """Every governorate with events in either window, its tooltip the sponsors' shares before and after;
    outlined when it became or stopped being contested."""
    group = folium.FeatureGroup(name="Contested changes", control=False)
    shapes = geodata.governorates()[["name", "geometry"]]
    changed = dict(zip(comparison.contested["governorate"], comparison.contested["change"], strict=True))
    for governorate in sorted(set(comparison.shares["governorate"])):
        colour, label = CONTEST_STYLE.get(changed.get(governorate, ""), ("#000000", ""))
        # a constant style per call (no feature data reaches the template); outlined only when contest changed
        style = {"color": colour, "weight": 4 if label else 0, "dashArray": "10 6", "fillOpacity": 0}
        heading = f"{governorate}: {label}" if label else governorate
        lines = "<br>".join(escape(line) for line in share_lines(comparison, governorate))
        tip = f"<b>{escape(heading)}</b><br>{lines}"  # every text escaped: tooltips are template literals
        for geometry in shapes.loc[shapes["name"] == governorate, "geometry"]:
            folium.GeoJson(
                geometry.__geo_interface__,
                style_function=lambda _feature, style=style: style,
                tooltip=folium.Tooltip(tip),
            ).add_to(group)
    return group
