"""Time playback: step the window by a calendar week (Monday to Sunday) or month, as a moving window or
cumulatively ("everything up to"), or let it play; the timeline's drag and click move it too.

The one owner of the playback window's state: every change goes through sidebar.set_window, in a callback
or at the top of a run, before the sidebar's widgets exist (Streamlit forbids setting a widget's value once
the widget is drawn in a run). Each step is a rerun whose map redraws in place (ui/explore/livemap.py). Playing uses
a fragment that reruns on a timer; nothing sleeps.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import streamlit as st

from influence.view import window
from ui import layout
from ui.explore import sidebar

STEP, START, MODE = "p_step", "p_start", "p_mode"
_PLAYING, _PENDING, _LAST_TICK = "p_playing", "p_pending", "p_last_tick"
INTERVAL_SECONDS = 1.5
MODES = {"window": "Window", "cumulative": "Up to"}  # moving window, or everything up to its end


def seed(step: str) -> None:
    """Give the step control the URL's value when it has none yet."""
    st.session_state.setdefault(STEP, step)
    st.session_state.setdefault(MODE, "window")
    st.session_state.setdefault(_PLAYING, False)


def apply_pending(span: tuple[date, date]) -> None:
    """Move the window by the steps the timer asked for since the last run (call before the sidebar)."""
    steps = st.session_state.pop(_PENDING, 0)
    if steps and not _move(span, steps):
        st.session_state[_PLAYING] = False  # the end of the record: stop rather than loop


def render(span: tuple[date, date], start: date | None, end: date | None) -> None:
    """Draw the step buttons, play/pause, the step and mode choices and the slider of the window."""
    step, playing = st.session_state[STEP], st.session_state[_PLAYING]
    cumulative = st.session_state[MODE] == "cumulative"
    choices = window.starts(span[0], span[1], step)
    anchor = (end if cumulative else start) or (span[1] if cumulative else span[0])
    st.session_state[START] = min(choices, key=lambda day: abs(day - window.floor(anchor, step)))
    # one keyed row: ui/layout.py sizes its columns by their content and lets the slider wrap when narrow
    with st.container(key=layout.PLAYBACK_KEY):
        _controls(span, choices, step, playing, cumulative)
    if playing:
        st.fragment(run_every=INTERVAL_SECONDS)(_tick)()


def _controls(
    span: tuple[date, date], choices: list[date], step: str, playing: bool, cumulative: bool
) -> None:
    columns = st.columns([1, 1, 1, 3, 3, 6], gap="small", vertical_alignment="bottom")
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
    columns[4].segmented_control(
        "Playback", list(MODES), key=MODE, format_func=MODES.get, label_visibility="collapsed", required=True,
    )  # fmt: skip
    columns[5].select_slider(
        "Up to" if cumulative else "Window starts", choices, key=START, format_func=lambda day: _label(day, step),
        on_change=_slid, args=(span,), label_visibility="collapsed",
    )  # fmt: skip


def jump(span: tuple[date, date], day: date) -> None:
    """Timeline click: the window moves to the step holding `day`, keeping its length in steps (cumulative
    playback ends there instead)."""
    step = st.session_state[STEP]
    if st.session_state[MODE] == "cumulative":
        sidebar.set_window(span[0], window.period_end(day, step))
        return
    start, end = _current(span)
    spanned = window.steps_spanned(start, end, step) if not _all_dates() else None
    begin = window.floor(day, step)
    sidebar.set_window(begin, window.advance(begin, step, spanned or 1) - timedelta(days=1))


def select(first: date, last: date) -> None:
    """Timeline drag: the window becomes the whole steps from the one holding `first` to the one holding `last`."""
    step = st.session_state[STEP]
    sidebar.set_window(window.floor(first, step), window.period_end(last, step))


def _label(day: date, step: str) -> str:
    return day.strftime("%b %Y") if step == "month" else f"week of {day.isoformat()}"


def _all_dates() -> bool:
    return st.session_state.get(sidebar.WINDOW, "all") == "all"


def _current(span: tuple[date, date]) -> tuple[date, date]:
    """The window on screen; 'all dates' plays from the first step."""
    if _all_dates():
        return window.first_window(span[0], st.session_state[STEP])
    last = st.session_state.get(sidebar.LAST_WINDOW)
    return last if last and last[1] else (span[0], span[1])


def _first(span: tuple[date, date]) -> tuple[date, date]:
    """Where playback starts: the first step, or everything up to the end of the first step."""
    step = st.session_state[STEP]
    start, end = window.first_window(span[0], step)
    return (span[0], end) if st.session_state[MODE] == "cumulative" else (start, end)


def _move(span: tuple[date, date], steps: int) -> bool:
    """Shift (or grow) the window by calendar steps; False (and no change) when it would leave the data's span."""
    step = st.session_state[STEP]
    if _all_dates():
        start, end = _first(span)
        steps -= 1
    else:
        start, end = _current(span)
    if st.session_state[MODE] == "cumulative":
        start, end = window.grow(span[0], end, step, steps) if steps else (span[0], end)
        if end < span[0] or window.floor(end, step) > window.floor(span[1], step):
            return False
    else:
        start, end = window.shift(start, end, step, steps) if steps else (start, end)
        if start > span[1] or end < span[0]:
            return False
    sidebar.set_window(start, end)
    return True


def _toggle(span: tuple[date, date]) -> None:
    playing = not st.session_state[_PLAYING]
    st.session_state[_PLAYING] = playing
    st.session_state[_LAST_TICK] = time.monotonic()
    if playing and _all_dates():
        sidebar.set_window(*_first(span))


def _slid(span: tuple[date, date]) -> None:
    chosen, step = st.session_state[START], st.session_state[STEP]
    if st.session_state[MODE] == "cumulative":
        sidebar.set_window(span[0], window.period_end(chosen, step))
        return
    start, end = _current(span)
    # keep the window's length in steps; from 'all dates' the window becomes one step long
    spanned = None if _all_dates() else window.steps_spanned(start, end, step)
    if spanned is None and not _all_dates():
        sidebar.set_window(chosen, chosen + (end - start))
        return
    sidebar.set_window(chosen, window.advance(chosen, step, spanned or 1) - timedelta(days=1))


def _tick() -> None:
    # the fragment also runs inside every full run: only a timer run that is due moves the window
    now = time.monotonic()
    if now - st.session_state.get(_LAST_TICK, 0.0) < INTERVAL_SECONDS * 0.8:
        return
    st.session_state[_LAST_TICK] = now
    st.session_state[_PENDING] = st.session_state.get(_PENDING, 0) + 1
    st.rerun(scope="app")
