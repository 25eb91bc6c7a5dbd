"""The live map's state: the mask is the query's own selection, and each layer's data follows the filter."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from influence.load import synthetic
from influence.load.dataset import load
from influence.mapping import livestate
from influence.mapping.context import load_context
from influence.view import query
from influence.view.query import Filters
from layers import LAYERS


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    path = synthetic.write(tmp_path_factory.mktemp("livestate") / "synthetic.csv", 400, seed=5)
    return load(path).events


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 1001])
def test_mask_round_trips_any_length(size):
    chosen = np.random.default_rng(size).random(size) < 0.4
    assert livestate.unmask(livestate.mask(chosen), size).tolist() == chosen.tolist()


def test_state_marks_exactly_the_events_the_query_keeps(events):
    filters = Filters(sponsors=("Iran", "Turkey"), start=date(2018, 1, 1))
    chosen = query.selected(events, filters)
    state = livestate.state(events, chosen, load_context(), registry=LAYERS, layers=("events", "influence"))
    kept = livestate.unmask(state["data"]["events"]["mask"], len(events))
    assert events.loc[kept].index.equals(query.apply(events, filters).index)
    assert state["data"]["events"]["count"] == len(query.apply(events, filters)) < len(events)
    assert state["layers"] == ["events", "influence"]


def test_influence_shades_only_governorates_with_events_shown(events):
    context = load_context()
    only = events["governorate"].dropna().iloc[0]
    chosen = events["governorate"] == only
    styles = livestate.state(events, chosen, context, registry=LAYERS, layers=("influence",))["data"][
        "influence"
    ]
    assert list(styles) == [only]
    fill, opacity, contested, tooltip = styles[only]
    assert fill.startswith("#") and 0 < opacity <= 1 and isinstance(contested, bool) and only in tooltip


def test_a_layer_gets_its_data_only_while_it_is_shown(events):
    chosen = np.ones(len(events), dtype=bool)
    off = livestate.state(events, chosen, load_context(), registry=LAYERS, layers=("events",))
    on = livestate.state(events, chosen, load_context(), registry=LAYERS, layers=("events", "density"))
    assert "density" not in off["data"]
    weights = [point[2] for point in on["data"]["density"]["points"]]
    assert weights and max(weights) == on["data"]["density"]["max"]


def test_state_key_changes_with_the_mask_only_when_it_changes(events):
    context = load_context()
    everything = livestate.state(
        events, np.ones(len(events), dtype=bool), context, registry=LAYERS, layers=("events",)
    )
    again = livestate.state(
        events, np.ones(len(events), dtype=bool), context, registry=LAYERS, layers=("events",)
    )
    fewer = livestate.state(events, events["sponsor"] == "Iran", context, registry=LAYERS, layers=("events",))
    assert livestate.key(everything) == livestate.key(again) != livestate.key(fewer)


def test_the_basemap_is_part_of_the_state_and_of_its_key(events):
    context = load_context()
    chosen = np.ones(len(events), dtype=bool)
    offline = livestate.state(
        events, chosen, context, registry=LAYERS, layers=("events",), basemap="boundaries"
    )
    online = livestate.state(events, chosen, context, registry=LAYERS, layers=("events",), basemap="osm")
    assert (offline["basemap"], online["basemap"]) == ("boundaries", "osm")
    assert livestate.key(offline) != livestate.key(online)


def test_states_of_a_new_version_never_reuse_what_was_prepared_for_the_old_one(events):
    # the influence and flows layers count over codes prepared once per frame (influence.mapping.prepared)
    context = load_context()
    everything = np.ones(len(events), dtype=bool)
    layers = ("influence", "flows")
    before = livestate.state(events, everything, context, registry=LAYERS, layers=layers)["data"]
    # a new version of the file: the same rows with Iran's events turned Russia's, and no chains
    edited = events.assign(sponsor=events["sponsor"].replace({"Iran": "Russia"}), chain=None).reset_index(
        drop=True
    )
    after = livestate.state(edited, np.ones(len(edited), dtype=bool), context, registry=LAYERS, layers=layers)
    assert any(style[3].count("Iran") for style in before["influence"].values())
    assert not any("Iran" in style[3] for style in after["data"]["influence"].values())
    assert before["flows"]["flows"] and after["data"]["flows"]["flows"] == []
    # and a state over a part of the frame counts only that part
    half = np.arange(len(events)) % 2 == 0
    partial = livestate.state(events, half, context, registry=LAYERS, layers=("influence",))["data"]
    assert partial["influence"] == _whole_frame_styles(events.loc[half], context)


def test_what_is_prepared_for_a_frame_is_forgotten_with_it(events):
    import gc

    from influence.mapping import prepared

    frame = events.copy()
    livestate.state(
        frame, np.ones(len(frame), dtype=bool), load_context(), registry=LAYERS, layers=("influence",)
    )
    assert any(key[0] == id(frame) for key in prepared._KEPT)
    gone = id(frame)
    del frame
    gc.collect()
    assert not any(key[0] == gone for key in prepared._KEPT)


def _whole_frame_styles(shown, context):
    """The influence layer's styles by its whole-frame rule (what a map composed of `shown` would shade)."""
    from layers import influence

    return influence.styles(influence.attributed(shown, context), context)
