"""The timeline under the map, drawn in the browser (static/timeline/): stacked by sponsor, the window
shaded, calendar ticks, events or people as the measure; drag across it to set the window, click a bar to
jump the window there (both through ui/explore/playback.py, the one owner of the window's state)."""

from __future__ import annotations

from datetime import date

import streamlit as st
import streamlit.components.v1 as components

from influence.mapping.assets import STATIC
from influence.view import timeline
from ui.explore import playback

MEASURE = "t_measure"
_KEY, _HANDLED = "t_chart", "t_handled"
_COMPONENT = components.declare_component("timeline", path=str(STATIC / "timeline"))


def measure(columns: list[str]) -> str:
    """Draw the measure choice (events, or people/fatalities when the data has them) and return it."""
    choices = timeline.measures(columns)
    if st.session_state.get(MEASURE) not in choices:
        st.session_state[MEASURE] = "events"
    if len(choices) > 1:
        st.segmented_control(
            "Measure", list(choices), key=MEASURE, format_func=choices.get, required=True,
            label_visibility="collapsed",
        )  # fmt: skip
    return st.session_state[MEASURE]


def render(bars: dict, start: date | None, end: date | None, span: tuple[date, date]) -> None:
    """Draw the chart `bars` (influence.view.timeline.bars, as ui/cache.py keeps it), the window [start, end] shaded."""
    if not bars["periods"]:
        st.caption("No events to chart.")
        return
    chart = timeline.with_window(bars, start, end)
    periods = [date.fromisoformat(day) for day in chart["periods"]]
    _COMPONENT(chart=chart, key=_KEY, default=None, on_change=lambda: _answered(periods, span))


def _answered(periods: list[date], span: tuple[date, date]) -> None:
    # runs before the script: a drag or a click becomes a window through playback (calendar steps)
    value = st.session_state.get(_KEY)
    if not isinstance(value, dict) or value == st.session_state.get(_HANDLED):
        return
    st.session_state[_HANDLED] = value
    try:
        first, last = int(value["from"]), int(value["to"])
        kind = value["kind"]
    except (KeyError, TypeError, ValueError):
        return
    if not (0 <= first <= last < len(periods)):
        return
    if kind == "jump":
        playback.jump(span, periods[first])
    elif kind == "window":
        playback.select(periods[first], periods[last])
