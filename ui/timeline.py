"""The timeline under the map: events per week or month stacked by sponsor, the window shaded.

Drawn as a small inline SVG (one rect per period and sponsor, a native tooltip on each) rather than an
Altair chart: Vega's browser code took 0.2-0.5 s of the browser's one main thread right while the map's
iframe was starting, and the chart has no interaction beyond its tooltips.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from influence.contract.vocabulary import Vocabulary
from influence.mapping.htmltext import escape
from ui import markup

HEIGHT = 170  # drawing height of the bars, in CSS pixels
_WIDTH = 1000  # the SVG's own units across; it is stretched to the column width


def render(
    counts: pd.DataFrame, vocabulary: Vocabulary, step: str, start: date | None, end: date | None
) -> None:
    """Draw the stacked bars of `counts` (influence.view.timeline.counts) with the window [start, end] shaded."""
    if counts.empty:
        st.caption("No events to chart.")
        return
    measure = "events"
    if "fatalities" in counts.columns and counts["fatalities"].sum() > 0:
        measure = st.radio("Bars count", ("events", "fatalities"), horizontal=True, key="timeline_measure")
    table = counts.assign(events=counts["fatalities"]) if measure == "fatalities" else counts
    st.html(svg(table, vocabulary, step, start, end, measure=measure))


def svg(
    counts: pd.DataFrame,
    vocabulary: Vocabulary,
    step: str,
    start: date | None,
    end: date | None,
    *,
    measure: str = "events",
) -> str:
    """The chart as HTML: a legend, the bars (SVG) and the first and last period under them."""
    colours = {sponsor.name: markup.colour(sponsor.colour) for sponsor in vocabulary.sponsors}
    table = counts.assign(period=pd.to_datetime(counts["period"]))
    periods = sorted(table["period"].unique())
    first, last = pd.Timestamp(periods[0]), pd.Timestamp(periods[-1])
    after = last + (pd.Timedelta(days=7) if step == "week" else pd.offsets.MonthBegin(1))
    span = max((after - first).total_seconds(), 1.0)

    def x(moment: pd.Timestamp) -> float:
        return round(_WIDTH * (moment - first).total_seconds() / span, 2)

    totals = table.groupby("period")["events"].sum()
    peak = max(int(totals.max()), 1)
    slot = _WIDTH / max(len(periods), 1)
    gap = min(1.0, slot * 0.15)
    parts: list[str] = []
    if start or end:
        left = x(pd.Timestamp(start)) if start else 0.0
        right = x(pd.Timestamp(end + timedelta(days=1))) if end else float(_WIDTH)
        left, right = max(0.0, left), min(float(_WIDTH), right)
        if right > left:
            parts.append(
                f'<rect x="{left}" y="0" width="{round(right - left, 2)}" height="{HEIGHT}" fill="#999999" '
                'fill-opacity="0.25"></rect>'
            )
    label = "%Y-%m-%d" if step == "week" else "%Y-%m"
    # one path per sponsor (a few elements whatever the number of bars), and one invisible rect per period
    # carrying the tooltip: thousands of titled rects made the page's HTML heavy at weekly steps
    paths: dict[str, list[str]] = {}
    stacked = dict.fromkeys(periods, 0.0)
    titles: dict[object, list[str]] = {moment: [] for moment in periods}
    width = round(max(slot - gap, 0.5), 2)
    for row in table.itertuples(index=False):
        height = HEIGHT * int(row.events) / peak
        below = stacked[row.period]
        stacked[row.period] = below + height
        left = round(x(pd.Timestamp(row.period)) + gap / 2, 2)
        paths.setdefault(row.sponsor, []).append(
            f"M{left} {round(HEIGHT - below - height, 2)}h{width}v{round(height, 2)}h-{width}z"
        )
        titles[row.period].append(f"{escape(row.sponsor)}: {int(row.events):,}")
    for sponsor, steps in paths.items():
        parts.append(f'<path d="{"".join(steps)}" fill="{colours.get(sponsor, "#777777")}"></path>')
    for moment in periods:
        stamp = pd.Timestamp(moment)
        parts.append(
            f'<rect x="{x(stamp)}" y="0" width="{round(slot, 2)}" height="{HEIGHT}" fill-opacity="0">'
            f"<title>{stamp.strftime(label)}: {int(totals[moment]):,} events ({', '.join(titles[moment])})"
            "</title></rect>"
        )
    legend = markup.swatches([(name, colours[name]) for name in colours if name in set(table["sponsor"])])
    return (
        '<div class="influence-timeline" style="font-size:0.8rem">'
        f'<div style="display:flex;justify-content:space-between;align-items:baseline">'
        f"<span>{legend}</span><span>{escape(measure.capitalize())} per {escape(step)} (peak {peak:,})</span></div>"
        f'<svg viewBox="0 0 {_WIDTH} {HEIGHT}" preserveAspectRatio="none" width="100%" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(measure.capitalize())} per {escape(step)}, stacked by sponsor" '
        f'style="display:block;border-bottom:1px solid #999999">{"".join(parts)}</svg>'
        f'<div style="display:flex;justify-content:space-between;color:#666666">'
        f"<span>{first.strftime(label)}</span><span>{last.strftime(label)}</span></div></div>"
    )
