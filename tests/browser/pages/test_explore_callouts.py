"""A link's callouts (`ann=`) on the Explore page in a real browser: drawn on the live map, kept through a
filter change, and carried by the export panel's files.

Runs `streamlit run app.py` on the committed synthetic fixture (tests/data/brief_events.csv) through the
harness in conftest.py, every request off localhost refused; every wait is a bounded Playwright wait.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from influence.view import urlstate
from influence.view.model import Annotation, View
from tests.browser.conftest import ROOT, in_view, map_frame

pytestmark = pytest.mark.browser

APP = ROOT / "app.py"
EVENTS = ROOT / "tests" / "data" / "brief_events.csv"
KEY = "explore_map"
HOSTILE = "Azaz <b>`${alert(1)}`</b>"
CALLOUTS = (
    Annotation("label", HOSTILE, 36.5864, 37.0463, 36.9, 36.6),
    Annotation("circle", "تدمر (synthetic)", 34.5601, 38.2674, radius_km=30.0),
)


def _idle(page) -> None:
    """Wait until Streamlit has finished the run (its status widget shows only while a script runs)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def _download(page, key: str) -> bytes:
    with page.expect_download(timeout=120_000) as started:
        in_view(page.locator(f".st-key-{key} button").first).click()
    with open(started.value.path(), "rb") as stream:
        return stream.read()


def test_a_links_callouts_are_drawn_on_the_live_map_and_in_its_exports(streamlit_server, offline_page):
    page = offline_page.page
    url = streamlit_server(APP, EVENTS)
    page.goto(f"{url}/?{urlencode(urlstate.write(View(annotations=CALLOUTS)), doseq=True)}")
    frame = map_frame(page, KEY)
    drawn = frame.locator(".brief-callout")
    drawn.nth(1).wait_for(timeout=60_000)
    # the typed text, shown as text: the markup in it neither ran nor became elements
    assert sorted(drawn.all_inner_texts()) == sorted(item.text for item in CALLOUTS)
    assert frame.locator(".brief-callout b").count() == 0
    frame.locator("body").evaluate("() => { window.__probe = 'still here'; }")

    # a filter change redraws the events in place: the document, and its callouts, stay
    _idle(page)
    page.locator(".st-key-f_sponsors button[aria-label='Remove Iran']").first.click()
    page.wait_for_function("() => new URLSearchParams(location.search).has('sponsor')", timeout=30_000)
    _idle(page)
    assert frame.locator("body").evaluate("() => window.__probe") == "still here"
    assert drawn.count() == 2
    assert "ann" in page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")

    _idle(page)
    in_view(page.locator("summary", has_text="Export this view")).click()
    page.get_by_text("The link's 2 callouts are drawn on the PNG, PDF and HTML.").wait_for(timeout=30_000)
    saved = json.loads(_download(page, "export_json"))
    assert [item["text"] for item in saved["annotations"]] == [item.text for item in CALLOUTS]
    document = _download(page, "export_html").decode("utf-8")
    # folium writes the icon's HTML as JSON, so the Arabic text is there as \u escapes
    assert document.count("brief-callout") == 2 and json.dumps("تدمر (synthetic)")[1:-1] in document
    assert "${alert" not in document
    assert offline_page.page_errors == [] and offline_page.dialogs == []
