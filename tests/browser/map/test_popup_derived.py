"""A derived sponsor says so in the popup: "derived from" and the relation, as drawn by the browser."""

from __future__ import annotations

import pytest

from influence.contract.schema import COLUMN_NAMES
from influence.load.dataset import load
from tests.browser.conftest import ROOT, wait_for_events

pytestmark = pytest.mark.browser

RELATION = "derived from National Defence Forces: proxy or backed of Syrian government"


def test_the_popup_of_an_event_whose_sponsor_was_derived_names_the_relation(
    streamlit_server, offline_page, tmp_path
):
    base = {"date": "2019-05-01", "precision": "town", "event_type": "presence", "confidence": "confirmed",
            "source": "Fixture Wire (fictional), 2019-05-02"}  # fmt: skip
    rows = [  # far apart, so a click finds one event; the first has no sponsor: actors.toml gives it
        base | {"id": "DER-1", "place": "Qamishli", "actor": "QDW: National Defense Forces", "sponsor": ""},
        base | {"id": "REP-1", "place": "Daraa", "actor": "Hezbollah", "sponsor": "Iran"},
    ]
    events = tmp_path / "derived.csv"
    lines = [",".join(COLUMN_NAMES)]
    lines += [",".join(f'"{row.get(name, "")}"' for name in COLUMN_NAMES) for row in rows]
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = load(events)
    assert dataset.problems == () or all(p.severity == "warning" for p in dataset.problems), dataset.problems
    url = streamlit_server(ROOT / "app.py", events)
    page = offline_page.page
    page.goto(f"{url}/?layers=events")
    frame = wait_for_events(page, "explore_map", 2, timeout=60)

    def popup_of(event_id: str) -> str:
        target = dataset.events.set_index("id").loc[event_id]  # the popup names its actor (not its id)
        point = frame.locator("body").evaluate(
            "(_body, [lat, lon]) => { const m = window.__eventsLayer._map; m.closePopup();"
            " m.setView([lat, lon], 12, {animate: false});"
            " const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            [float(target["lat"]), float(target["lon"])],
        )
        box = frame.locator(".leaflet-container").bounding_box()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        # the popup of this event (another may still be open): it names the event's actor
        popup = frame.locator(".event-popup").filter(has_text=target["actor"])
        popup.wait_for(state="visible", timeout=10_000)
        return popup.inner_text()

    derived = popup_of("DER-1")
    assert "Syrian government" in derived and RELATION in derived, derived
    reported = popup_of("REP-1")
    assert "Iran" in reported and "derived from" not in reported, reported
    assert offline_page.page_errors == [] and offline_page.blocked == []
