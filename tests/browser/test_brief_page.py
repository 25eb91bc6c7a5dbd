"""The Brief page in a real browser: callouts drawn on the map, two periods side by side in step, a deck built.

Runs `streamlit run app.py` on the committed synthetic fixture (tests/data/brief_events.csv) through the
harness in conftest.py, every request off localhost refused; every wait is a bounded Playwright wait.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

APP = ROOT / "app.py"
DATA = ROOT / "tests" / "data"
EVENTS = DATA / "brief_events.csv"
VIEWS = [DATA / name for name in ("brief_q1.json", "brief_q2.json", "brief_north.json")]
HOSTILE = "Azaz <b>`${alert(1)}`</b>"


@pytest.fixture
def brief_page(streamlit_server, offline_page):
    url = streamlit_server(APP, EVENTS)
    offline_page.page.goto(f"{url}/brief")
    offline_page.page.get_by_role("heading", name="Briefs").wait_for(timeout=60_000)
    yield offline_page
    assert offline_page.page_errors == [] and offline_page.dialogs == []


def test_a_callout_added_in_the_form_is_drawn_on_the_map_and_saved(brief_page):
    page = brief_page.page
    preview = page.frame_locator(".st-key-brief_preview iframe")
    preview.locator(".leaflet-container").wait_for(timeout=60_000)
    page.get_by_label("Text").fill(HOSTILE)
    page.get_by_role("button", name="Add callout").click()
    # the live map in the page draws the callout, its text shown literally (nothing ran: no dialog)
    callout = page.frame_locator(".st-key-brief_preview iframe").locator(".brief-callout")
    callout.wait_for(timeout=60_000)
    assert callout.inner_text() == HOSTILE
    with page.expect_download(timeout=30_000) as started:
        page.get_by_role("button", name="Download view file").click()
    saved = json.loads(Path(started.value.path()).read_text(encoding="utf-8"))
    assert saved["version"] == 2 and [item["text"] for item in saved["annotations"]] == [HOSTILE]


def test_the_two_periods_move_together(brief_page):
    page = brief_page.page
    page.get_by_role("tab", name="Compare two periods").click()
    page.get_by_role("tab", name="Side by side").click()
    pair = page.frame_locator(".st-key-brief_side_by_side iframe")
    pair.locator("body[data-synced=true]").wait_for(timeout=60_000)
    left, right = (pair.frame_locator(f".half:nth-child({n}) iframe") for n in (1, 2))
    script = "() => window.__map"  # mapview.render_html names each document's map
    left.locator("body").evaluate(f"() => ({script})().setView([36.5, 40.7], 9, {{animate: false}})")
    centre = (
        f"() => {{ const m = ({script})(); const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }}"
    )
    # the copy runs inside the left map's own move event, so the right map has moved when evaluate returns
    lat, lon, zoom = right.locator("body").evaluate(centre)
    assert (round(lat, 1), round(lon, 1), zoom) == (36.5, 40.7, 9)


def test_a_deck_of_three_views_is_ordered_and_built(brief_page):
    page = brief_page.page
    page.get_by_role("tab", name="Deck").click()
    page.locator(".st-key-brief_deck_upload_0 input[type=file]").set_input_files(
        [str(path) for path in VIEWS]
    )
    listed = "() => document.querySelector('.st-key-brief_deck_list')?.innerText.replace(/\\s+/g, ' ') || ''"
    page.wait_for_function(f"() => ({listed})().includes('3. Al-Hasakah')", timeout=60_000)
    page.locator(".st-key-brief_deck_list").get_by_role("button", name="↓").first.click()  # Q2 first, then Q1
    page.wait_for_function(
        f"() => /1\\. Q2 2021.*2\\. Q1 2021.*3\\. Al-Hasakah/.test(({listed})())", timeout=30_000
    )
    page.get_by_role("button", name="Build deck").click()
    with page.expect_download(timeout=120_000) as started:
        page.get_by_role("button", name="Download brief.pdf").click(timeout=120_000)
    reader = pypdf.PdfReader(started.value.path())
    assert len(reader.pages) == 4
    windows = ["2021-04-01 to 2021-06-30", "2021-01-01 to 2021-03-31", "2021-01-01 to 2021-06-30"]
    for page_of_deck, window in zip(reader.pages[1:], windows, strict=True):
        assert f"Window: {window}" in page_of_deck.extract_text()
