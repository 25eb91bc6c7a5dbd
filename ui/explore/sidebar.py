"""The sidebar: window presets, sponsors (with their colours), actors, types, places, confidence, search, basemap."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from influence.contract.vocabulary import Vocabulary
from influence.view import clicks, urlstate, window
from influence.view.query import Filters
from ui import markup

# Widget keys, one per control; the URL seeds them once, then the widgets own the values.
WINDOW, RANGE, SPONSORS, ACTORS, TYPES, GOVERNORATES = (
    "f_window",
    "f_range",
    "f_sponsors",
    "f_actors",
    "f_types",
    "f_govs",
)
CONFIDENCE, TEXT, CHAINS, BASEMAP, TIES = "f_confidence", "f_text", "f_chains", "f_basemap", "f_ties"
LAST_WINDOW = "f_last_window"
ANY = "any"  # the confidence choice that filters nothing (a widget value cannot be None and show a label)
_EARLIEST, _LATEST = date(1900, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Choice:
    """What the sidebar says: the filters (window resolved to dates), the window preset and the basemap."""

    filters: Filters
    window: str
    basemap: str

    def url_state(self, step: str) -> urlstate.UrlState:
        """The part of the URL this choice owns (custom windows keep their dates, presets do not)."""
        dated = self.filters if self.window == "custom" else replace(self.filters, start=None, end=None)
        return urlstate.UrlState(filters=dated, window=self.window, basemap=self.basemap, step=step)


def seed(state: urlstate.UrlState, known: urlstate.Vocabularies, span: tuple[date, date]) -> None:
    """Give every control without a value the value the URL asks for (first run, or back on this page)."""
    filters = state.filters
    values = {
        WINDOW: state.window,
        RANGE: (filters.start or span[0], filters.end or span[1]),
        SPONSORS: list(filters.sponsors or known.sponsors),
        ACTORS: list(filters.actors),
        TYPES: list(filters.event_types),
        GOVERNORATES: list(filters.governorates),
        TIES: list(filters.tie_kinds),
        CONFIDENCE: filters.min_confidence or ANY,
        TEXT: filters.text,
        CHAINS: filters.chains_only,
        BASEMAP: state.basemap,
    }
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def render(
    vocabulary: Vocabulary, known: urlstate.Vocabularies, span: tuple[date, date], basemaps: dict[str, str]
) -> Choice:
    """Draw the filter controls and return what they select (current() on what they hold once drawn)."""
    with st.sidebar:
        st.header("Filters")
        preset = st.selectbox(
            "Time window", list(window.PRESETS), key=WINDOW, format_func=lambda key: window.PRESETS[key][0],
            on_change=_window_changed, args=(span,),
        )  # fmt: skip
        if preset == "custom":
            st.date_input("From – to", key=RANGE, min_value=_EARLIEST, max_value=_LATEST, format="YYYY-MM-DD")
        start, end = _window(preset, span)
        st.session_state[LAST_WINDOW] = (start or span[0], end or span[1])

        colours = {sponsor.name: sponsor.colour for sponsor in vocabulary.sponsors}
        sponsors = st.multiselect("Sponsors", list(colours), key=SPONSORS, placeholder="All sponsors")
        st.html(markup.swatches([(name, colours[name]) for name in sponsors or colours]))
        st.multiselect("Actors", list(known.actors), key=ACTORS, placeholder="All actors")
        labels = {kind.key: kind.label for kind in vocabulary.event_types}
        st.multiselect(
            "Event types", list(labels), key=TYPES, format_func=labels.get, placeholder="All types"
        )
        st.multiselect("Governorates", list(known.governorates), key=GOVERNORATES, placeholder="All")
        st.multiselect(
            "Kinds of tie", list(known.tie_kinds), key=TIES, placeholder="Any tie",
            help="Keep events whose actor's tie to their sponsor on that date is of these kinds (actors.toml).",
        )  # fmt: skip
        st.selectbox(
            "Minimum confidence", [ANY, *known.confidences], key=CONFIDENCE,
            format_func=lambda key: "Any" if key == ANY else f"{key} or stronger",
        )  # fmt: skip
        st.text_input("Search place, actor, description", key=TEXT, max_chars=urlstate.MAX_TEXT)
        st.toggle("Only recruit → train → deploy chains", key=CHAINS)
        st.header("Map")
        st.selectbox("Basemap", list(basemaps), key=BASEMAP, format_func=lambda key: basemaps.get(key, key))
    return current(vocabulary, span)


def current(vocabulary: Vocabulary, span: tuple[date, date]) -> Choice:
    """What the controls select, read from their state: the same before they are drawn in a run (the map is
    sent first, so the browser redraws it before the sidebar's widgets) as after."""
    state = st.session_state
    preset = state[WINDOW]
    start, end = _window(preset, span)
    colours = [sponsor.name for sponsor in vocabulary.sponsors]
    sponsors = list(state[SPONSORS])
    confidence = state[CONFIDENCE]
    filters = Filters(
        start=start,
        end=end,
        # every sponsor ticked, or none, means no sponsor filter; the URL then stays short
        sponsors=() if set(sponsors) >= set(colours) else tuple(sponsors),
        actors=tuple(state[ACTORS]),
        event_types=tuple(state[TYPES]),
        governorates=tuple(state[GOVERNORATES]),
        tie_kinds=tuple(state[TIES]),
        min_confidence=None if confidence == ANY else confidence,
        text=str(state[TEXT]).strip(),
        chains_only=bool(state[CHAINS]),
    )
    return Choice(filters=filters, window=preset, basemap=state[BASEMAP])


def pick_governorate(name: str, add: bool) -> None:
    """A governorate clicked on the map: chosen alone, or added/removed with shift (call before the sidebar)."""
    current = tuple(st.session_state.get(GOVERNORATES, ()))
    st.session_state[GOVERNORATES] = list(clicks.choose(current, name, add))


def pick_basemap(key: str) -> None:
    """A basemap chosen in the map's layer control: the sidebar's choice follows (call before the sidebar)."""
    st.session_state[BASEMAP] = key


def set_window(start: date, end: date) -> None:
    """Make the window a custom one from start to end (for playback; call before the sidebar is drawn)."""
    st.session_state[WINDOW] = "custom"
    st.session_state[RANGE] = (start, end)


def _window(preset: str, span: tuple[date, date]) -> tuple[date | None, date | None]:
    if preset != "custom":
        return window.resolve(preset, span[1])
    chosen = st.session_state.get(RANGE, span)
    # while the analyst picks the second date, the widget holds one date: keep the start, leave the end open
    picked = tuple(chosen) if isinstance(chosen, list | tuple) else (chosen,)
    return (picked[0], picked[1]) if len(picked) == 2 else (picked[0] if picked else None, None)


def _window_changed(span: tuple[date, date]) -> None:
    # switching to "custom" starts from the window that was on screen, not from an arbitrary range
    if st.session_state[WINDOW] == "custom":
        st.session_state[RANGE] = st.session_state.get(LAST_WINDOW, span)
