"""The analyst's map page: filters in the sidebar, the map, playback and timeline, the table, the problems."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from influence.brief import callouts
from influence.contract import vocabulary
from influence.load.dataset import Dataset
from influence.mapping import mapview
from influence.view import clicks, model, urlstate
from influence.view.query import Filters
from layers import LAYERS
from ui import cache, layout, markup, problems
from ui.explore import (
    events_table,
    export_panel,
    livemap,
    playback,
    sidebar,
    timeline,
    urlsync,
)

MAP_KEY = "explore_map"  # the container the browser tests and CSS know (.st-key-explore_map)
LIVE_KEY = "explore_live_map"
_LINK_NOTES = "explore_link_notes"
_CONTROLS_AFTER = "explore_controls_after"  # the document whose first draw the controls wait for


def render() -> None:
    """Draw the map page."""
    dataset = cache.dataset()
    declared = vocabulary.load()
    span = cache.span(dataset.version, dataset.events)
    known = _known(dataset)
    state = urlsync.read(known)

    # Programmatic changes (the URL on first run, playback steps) go in before any widget is drawn.
    sidebar.seed(state, known, span)
    playback.seed(state.step)
    playback.apply_pending(span)
    # The map goes out first, so the browser redraws it before anything else on a filter change or a playback
    # step: the controls' choice is read from their state, the sidebar and the heading are drawn after it.
    choice = sidebar.current(declared, span)
    filters = choice.filters
    mask = cache.selected(dataset.version, filters, dataset.events)
    top = st.container()  # the heading and the counts, above the map, filled once the map is sent

    title = f"Syria influence map: {filters.start or 'beginning'} to {filters.end or 'latest'}"
    view = state.view.as_tuple() if state.view else None
    layers = _layers(state)
    annotated = callouts.key(state.annotations)  # a link's callouts (ann=) are drawn in the map's document
    layout.fill_height(MAP_KEY)
    first_map = LIVE_KEY not in st.session_state  # this visit's first map (or one opened from a link)
    doc_key = dataset.version + (f"+{annotated}" if annotated else "")
    if first_map:
        st.session_state[_CONTROLS_AFTER] = doc_key
    with st.container(key=MAP_KEY):
        livemap.show(
            key=LIVE_KEY,
            doc_key=doc_key,
            document=lambda: cache.live_html(dataset.version, dataset.events, annotated, state.annotations),
            document_file=lambda: cache.live_file(
                dataset.version, dataset.events, annotated, state.annotations
            ),
            state=cache.live_state(
                dataset.version, filters, layers, title, choice.basemap, dataset.events, _store=first_map
            ),
            view=view,
            height=mapview.DEFAULT_HEIGHT,
            on_click=_clicked,
            on_basemap=sidebar.pick_basemap,
        )
    if _controls_wait(doc_key):
        # a visit's first run: the map alone (and its heading), so the browser spends its first second on it; the
        # bridge's report that the map is drawn reruns the page with everything else (measured: the sidebar's
        # widgets cost the app page ~0.6 s of main thread before the map's frame was even created)
        _heading(top, dataset, int(mask.sum()), filters, state.notes)
        with st.sidebar:
            st.header("Filters")
            st.caption("The filters appear as soon as the map is drawn.")
        return
    if sidebar.render(declared, known, span, _basemaps()) != choice:
        st.rerun()  # a control corrected its value as it was drawn: map what it holds now
    _heading(top, dataset, int(mask.sum()), filters, state.notes)

    shown = cache.filtered(dataset.version, filters, dataset.events)
    playback.render(span, filters.start, filters.end)
    step = st.session_state[playback.STEP]
    chosen = timeline.measure(list(dataset.events.columns))
    drawn = cache.bars(dataset.version, _without_window(filters), step, chosen, dataset.events)
    timeline.render(drawn, filters.start, filters.end, span)

    events_table.render(shown, declared)
    problems.render(dataset.problems, cache.events_file())
    # the map's own composition (layers, basemap, title), so a snapshot is what the analyst sees
    export_panel.render(
        shown, filters, view, dataset, layers=layers, basemap=choice.basemap, title=title,
        playback=(step, st.session_state[playback.MODE]), annotations=state.annotations,
    )  # fmt: skip
    urlsync.write(choice.url_state(step))


def _controls_wait(doc_key: str) -> bool:
    """Whether this run draws the map alone: a new map whose bridge has not yet said it drew `doc_key`."""
    if st.session_state.get(_CONTROLS_AFTER) != doc_key:
        return False
    if livemap.reported(LIVE_KEY).get("drawn") != doc_key:
        return True
    del st.session_state[_CONTROLS_AFTER]
    return False


def _heading(
    top: DeltaGenerator, dataset: Dataset, count: int, filters: Filters, notes: tuple[str, ...]
) -> None:
    """The title, the problems badge, the count shown and the filters in words, above the map."""
    with top:
        header, badge = st.columns([5, 2], vertical_alignment="bottom")
        header.subheader("Syria influence map")
        with badge:
            problems.badge(dataset.problems)
        st.markdown(f"**{count:,}** of {len(dataset.events):,} events shown")
        st.caption(markup.literal(" · ".join(filters.describe())))
        # the link's notes are kept for the session: the map's first report reruns the page with the cleaned URL
        for note in st.session_state.setdefault(_LINK_NOTES, notes):
            st.caption(":material/link_off: " + markup.literal(note))


def _layers(state: urlstate.UrlState) -> tuple[str, ...]:
    """The layers on: as toggled in the map this session, else as the link says, else the defaults."""
    toggled = livemap.reported(LIVE_KEY).get("layers")
    if isinstance(toggled, list):
        return tuple(key for key in toggled if key in LAYERS.keys)
    return state.layers if state.layers is not None else LAYERS.default_keys


def _clicked(lat: float, lon: float, add: bool) -> None:
    """A click on the map away from any event: filter by the governorate under it (shift adds)."""
    name = clicks.governorate_at(lat, lon)
    if name is not None:
        sidebar.pick_governorate(name, add)


def _known(dataset: Dataset) -> urlstate.Vocabularies:
    """Every value a link may name: declared vocabularies, the data's actors, governorates, layers, basemaps."""
    # the declared vocabularies with their aliases (a link may say "iran"), and the kinds of tie
    return model.declared(
        layers=LAYERS.keys, actors=cache.actors(dataset.version, dataset.events), basemaps=tuple(_basemaps())
    )


def _basemaps() -> dict[str, str]:
    return dict(mapview.BASEMAPS)


def _without_window(filters: Filters) -> Filters:
    """The same filters over all dates (the timeline shows the whole record, the window shaded)."""
    return replace(filters, start=None, end=None)
