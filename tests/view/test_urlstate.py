"""The query string carries the view both ways, and no garbage in a link can break the page."""

from __future__ import annotations

from datetime import date

import pytest

from influence.view import urlstate
from influence.view.query import Filters
from influence.view.urlstate import Extent, UrlState, Vocabularies

KNOWN = Vocabularies(
    sponsors=("Iran", "Russia", "Turkey"),
    actors=("Liwa Fatimiyoun", "Wagner"),
    event_types=("recruitment", "training"),
    confidences=("confirmed", "probable", "alleged"),
    governorates=("Al-Hasakah", "Aleppo"),
    tie_kinds=("own forces", "proxy or backed"),
    layers=("events", "flows", "areas"),
    basemaps=("boundaries", "osm"),
)


def test_an_empty_query_is_the_default_view():
    assert urlstate.read({}, KNOWN) == UrlState()


def test_defaults_write_nothing():
    assert urlstate.write(UrlState()) == {}


def test_a_full_state_survives_the_round_trip():
    state = UrlState(
        filters=Filters(
            start=date(2021, 1, 1),
            end=date(2021, 3, 31),
            sponsors=("Iran", "Russia"),
            actors=("Liwa Fatimiyoun",),
            event_types=("training",),
            governorates=("Al-Hasakah",),
            min_confidence="probable",
            text="Qamishli & <b>",
            chains_only=True,
            tie_kinds=("proxy or backed",),
        ),
        window="custom",
        basemap="osm",
        step="week",
    )
    assert urlstate.read(urlstate.write(state), KNOWN) == state


def test_a_preset_window_keeps_no_dates():
    state = UrlState(filters=Filters(start=date(2021, 1, 1), end=date(2021, 1, 30)), window="30d")
    assert urlstate.write(state) == {"window": ["30d"]}


def test_dates_without_a_window_mean_a_custom_window():
    state = urlstate.read({"start": "2021-01-01"}, KNOWN)
    assert (state.window, state.filters.start, state.filters.end) == ("custom", date(2021, 1, 1), None)


def test_single_strings_and_lists_are_both_accepted():
    assert urlstate.read({"sponsor": "Iran"}, KNOWN).filters.sponsors == ("Iran",)
    assert urlstate.read({"sponsor": ["Iran", "Turkey", "Iran"]}, KNOWN).filters.sponsors == (
        "Iran",
        "Turkey",
    )


def test_view_and_layers_are_read():
    state = urlstate.read({"view": "35.1,38.9,7", "layers": "events,flows"}, KNOWN)
    assert state.view == Extent(35.1, 38.9, 7.0)
    assert state.layers == ("events", "flows")
    assert state.notes == ()


def test_an_empty_layers_value_means_every_layer_off():
    assert urlstate.read({"layers": ""}, KNOWN).layers == ()


def test_only_unknown_layers_mean_the_default_layers():
    state = urlstate.read({"layers": "ghosts,spirits"}, KNOWN)
    assert state.layers is None and len(state.notes) == 2


def test_view_and_layers_are_never_written():
    state = UrlState(extent=Extent(35.0, 38.0, 6), layers=("events",))
    assert urlstate.write(state) == {}


GARBAGE = [
    ({"window": "yesterday"}, "window"),
    ({"start": "2021-13-45"}, "not a date"),
    ({"end": "0001-01-01"}, "out of range"),
    ({"sponsor": "Atlantis"}, "Atlantis"),
    ({"actor": "Nobody"}, "Nobody"),
    ({"type": "<script>"}, "<script>"),
    ({"gov": "Narnia"}, "Narnia"),
    ({"confidence": "certain"}, "certain"),
    ({"basemap": "moon"}, "moon"),
    ({"step": "decade"}, "decade"),
    ({"view": "35,38"}, "lat,lon,zoom"),
    ({"view": "nan,38,6"}, "not a number"),
    ({"view": "95,38,6"}, "out of range"),
    ({"view": "35,38,inf"}, "not a number"),
    ({"layers": "events,ghosts"}, "ghosts"),
]


@pytest.mark.parametrize(("params", "named"), GARBAGE)
def test_garbage_is_ignored_with_a_note(params, named):
    state = urlstate.read(params, KNOWN)
    assert len(state.notes) == 1
    assert named in state.notes[0]
    # the bad value is dropped and nothing else changes: the state is the default one (for the layer list,
    # the one known layer it also named is kept)
    expected = urlstate.read({"layers": "events"} if "layers" in params else {}, KNOWN)
    assert urlstate.without_notes(state) == urlstate.without_notes(expected)


def test_a_swapped_window_is_put_right():
    state = urlstate.read({"start": "2022-01-01", "end": "2021-01-01"}, KNOWN)
    assert (state.filters.start, state.filters.end) == (date(2021, 1, 1), date(2022, 1, 1))
    assert "swapped" in state.notes[0]


def test_long_values_are_cut_and_lists_capped():
    state = urlstate.read({"q": "x" * 5000, "actor": [f"a{n}" for n in range(200)]})
    assert len(state.filters.text) == urlstate.MAX_TEXT
    assert len(state.filters.actors) == urlstate.MAX_ITEMS
    assert any("first" in note for note in state.notes)


def test_notes_quote_bad_values_briefly():
    state = urlstate.read({"sponsor": "A" * 500}, KNOWN)
    assert len(state.notes[0]) < 100


def test_without_a_vocabulary_anything_is_accepted():
    assert urlstate.read({"sponsor": "Atlantis"}).filters.sponsors == ("Atlantis",)


def test_changes_touch_only_what_differs():
    current = {"sponsor": ["Iran"], "view": ["35,38,6"], "q": ["old"], "embed": ["true"]}
    desired = {"sponsor": ["Iran"], "window": ["30d"]}
    to_set, to_delete = urlstate.changes(current, desired)
    assert to_set == {"window": ["30d"]}
    assert to_delete == ["q"]  # view and embed belong to others


def test_no_changes_when_the_url_already_says_it():
    assert urlstate.changes({"sponsor": "Iran"}, {"sponsor": ["Iran"]}) == ({}, [])


def test_kinds_of_tie_travel_in_the_link_and_unknown_kinds_are_dropped_with_a_note():
    state = urlstate.read({"tie": ["own forces", "cousins"]}, KNOWN)
    assert state.filters.tie_kinds == ("own forces",)
    assert any("cousins" in note and "kind of tie" in note for note in state.notes), state.notes
    assert urlstate.write(state)["tie"] == ["own forces"]
