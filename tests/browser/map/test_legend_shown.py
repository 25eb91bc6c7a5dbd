"""The legend lists what the map draws: after a filter, only the sponsors and event types of the events shown.

Data: the ACLED-layout import fixture (tests/data/intake_acled.csv, FICTIONAL rows in ACLED's export layout),
converted by `cli.py import`; its events use 8 of the declared event types and all 6 sponsors.
"""

from __future__ import annotations

import pytest

from influence.contract import vocabulary
from influence.load.dataset import load
from influence.view.query import Filters, apply
from tests.browser.conftest import ROOT, wait_for_events

pytestmark = pytest.mark.browser

KEY = "explore_map"


def _listed(frame, heading: str) -> list[str]:
    group = frame.locator(".map-legend .legend-group", has=frame.locator("h4", has_text=heading))
    return group.locator("[data-legend]:not([hidden])").all_inner_texts()


def test_the_legend_lists_the_sponsors_and_types_of_the_events_shown(
    streamlit_server, offline_page, acled_import
):
    declared = vocabulary.load()
    labels = {kind.key: kind.label for kind in declared.event_types}
    events = load(acled_import).events
    russia = apply(events, Filters(sponsors=("Russia",)))
    assert 0 < len(russia) < len(events)
    page = offline_page.page
    url = streamlit_server(ROOT / "app.py", acled_import)

    page.goto(f"{url}/")
    frame = wait_for_events(page, KEY, len(events), timeout=60)
    every_type = sorted(labels[key] for key in events["event_type"].unique())
    assert sorted(_listed(frame, "Event type")) == every_type
    assert len(every_type) < len(declared.event_types), "the fixture leaves some declared types unused"
    assert sorted(_listed(frame, "Sponsor")) == sorted(events["sponsor"].unique())

    # a link filtered to Russia: its sponsor and only the types of its events
    page.goto(f"{url}/?sponsor=Russia")
    frame = wait_for_events(page, KEY, len(russia), timeout=60)
    frame.locator(".map-legend [data-legend^='sponsor:']:not([hidden])").first.wait_for(state="attached")
    assert _listed(frame, "Sponsor") == ["Russia"]
    assert sorted(_listed(frame, "Event type")) == sorted(
        labels[key] for key in russia["event_type"].unique()
    )
    assert offline_page.page_errors == []
