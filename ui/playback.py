"""Time playback: step the window by a week or a month, or let it play, so activity can be watched moving.

Every change of the window happens in a callback or at the top of a run, before the sidebar's widgets
exist, because Streamlit forbids setting a widget's value once the widget is drawn in a run.
Playing uses a fragment that reruns on a timer; nothing sleeps.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import streamlit as st

from influence.view import window
from ui import sidebar

STEP, START = "p_step", "p_start"
_PLAYING, _PENDING, _LAST_TICK = "p_playing", "p_pending", "p_last_tick"
INTERVAL_SECONDS = 1.5


def seed(step: str) -> None:
    """Give the step control the URL's value when it has none yet."""
    st.session_state.setdefault(STEP, step)
    st.session_state.setdefault(_PLAYING, False)


def apply_pending(span: tuple[date, date]) -> None:
    """Move the window by the steps the timer asked for since the last run (call before the sidebar)."""
    steps = st.session_state.pop(_PENDING, 0)
    if steps and not _move(span, steps):
        st.session_state[_PLAYING] = False  # the end of the record: stop rather than loop


def render(span: tuple[date, date], start: date | None, end: date | None) -> None:
    """Draw the step buttons, play/pause and the slider of the window start."""
    step = st.session_state[STEP]
    playing = st.session_state[_PLAYING]
    choices = window.starts(span[0], span[1], step)
    st.session_state[START] = window.floor(start or span[0], step) if start else choices[0]
    if st.session_state[START] not in choices:
        st.session_state[START] = min(choices, key=lambda day: abs(day - st.session_state[START]))
    columns = st.columns([1, 1, 1, 2, 8], vertical_alignment="bottom")
    # Material icons ship with Streamlit, so they show offline (⏮/⏭ glyphs need a system font)
    columns[0].button(
        "", icon=":material/skip_previous:", key="p_back", help="One step back", on_click=_move, args=(span, -1),
        width="stretch",
    )  # fmt: skip
    columns[1].button(
        "", icon=":material/pause:" if playing else ":material/play_arrow:", key="p_play",
        help="Pause" if playing else "Play", on_click=_toggle, args=(span,), width="stretch",
    )  # fmt: skip
    columns[2].button(
        "", icon=":material/skip_next:", key="p_forward", help="One step forward", on_click=_move, args=(span, 1),
        width="stretch",
    )  # fmt: skip
    columns[3].segmented_control(
        "Step", list(window.STEPS), key=STEP, format_func=window.STEPS.get, label_visibility="collapsed",
        required=True,
    )  # fmt: skip
    columns[4].select_slider(
        "Window starts", choices, key=START, format_func=lambda day: _label(day, step), on_change=_slid,
        args=(span,), label_visibility="collapsed",
    )  # fmt: skip
    if playing:
        st.fragment(run_every=INTERVAL_SECONDS)(_tick)()


def _label(day: date, step: str) -> str:
    return day.strftime("%b %Y") if step == "month" else f"week of {day.isoformat()}"


def _current(span: tuple[date, date]) -> tuple[date, date]:
    """The window on screen; 'all dates' plays from the first step."""
    if st.session_state.get(sidebar.WINDOW, "all") == "all":
        return window.first_window(span[0], st.session_state[STEP])
    last = st.session_state.get(sidebar.LAST_WINDOW)
    return last if last and last[1] else (span[0], span[1])


def _move(span: tuple[date, date], steps: int) -> bool:
    """Shift the window; False (and no change) when it would leave the data's time span."""
    step = st.session_state[STEP]
    if st.session_state.get(sidebar.WINDOW, "all") == "all":
        start, end = window.first_window(span[0], step)
        steps -= 1
    else:
        start, end = _current(span)
    start, end = window.shift(start, end, step, steps)
    if start > span[1] or end < span[0]:
        return False
    sidebar.set_window(start, end)
    return True


def _toggle(span: tuple[date, date]) -> None:
    playing = not st.session_state[_PLAYING]
    st.session_state[_PLAYING] = playing
    st.session_state[_LAST_TICK] = time.monotonic()
    if playing and st.session_state.get(sidebar.WINDOW, "all") == "all":
        sidebar.set_window(*window.first_window(span[0], st.session_state[STEP]))


def _slid(span: tuple[date, date]) -> None:
    start = st.session_state[START]
    current = _current(span)
    # keep the window's length; from 'all dates' the window becomes one step long
    length = current[1] - current[0] if st.session_state.get(sidebar.WINDOW) != "all" else None
    end = (
        start + length
        if length is not None
        else window.advance(start, st.session_state[STEP]) - timedelta(days=1)
    )
    sidebar.set_window(start, end)


def _tick() -> None:
    # the fragment also runs inside every full run: only a timer run that is due moves the window
    now = time.monotonic()
    if now - st.session_state.get(_LAST_TICK, 0.0) < INTERVAL_SECONDS * 0.8:
        return
    st.session_state[_LAST_TICK] = now
    st.session_state[_PENDING] = st.session_state.get(_PENDING, 0) + 1
    st.rerun(scope="app")
