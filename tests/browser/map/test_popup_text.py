"""Popup text that travels compressed (a bigger data set) still opens, decompressed, on a click."""

from __future__ import annotations

import pytest

from influence.load import synthetic
from influence.load.dataset import load
from layers import events as events_layer
from tests.browser.conftest import ROOT, wait_for_events

pytestmark = pytest.mark.browser


def test_popup_of_a_large_data_set_shows_its_text(streamlit_server, offline_page, tmp_path):
    csv_file = synthetic.write(tmp_path / "synthetic.csv", 3000, seed=7)
    dataset = load(csv_file)
    texts = dataset.events["description"].str.len().sum()
    assert texts > events_layer.COMPRESS_ABOVE, "the fixture must be big enough to take the compressed path"
    url = streamlit_server(ROOT / "app.py", csv_file)
    page = offline_page.page
    # only events, and zoomed in far enough that the jittered points of one place are marks, not an aggregate
    page.goto(f"{url}/?layers=events")
    frame = wait_for_events(page, "explore_map", len(dataset.events), timeout=60)

    target = dataset.events.iloc[0]
    point = frame.locator("body").evaluate(
        "(_body, [lat, lon]) => { const m = window.__eventsLayer._map; m.setView([lat, lon], 14, {animate: false});"
        " const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [float(target["lat"]), float(target["lon"])],
    )
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    popup = frame.locator(".event-popup")
    popup.wait_for(state="visible", timeout=10_000)
    text = popup.inner_text()
    nearby = dataset.events[
        ((dataset.events["lat"] - target["lat"]).abs() < 0.01)
        & ((dataset.events["lon"] - target["lon"]).abs() < 0.01)
    ]
    assert any(description in text for description in nearby["description"]), text[:300]
    assert "SYNTHETIC" in text
    assert offline_page.page_errors == [] and offline_page.blocked == []
