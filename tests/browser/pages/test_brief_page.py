"""The Brief page in a real browser: callouts placed by clicks and drawn on the map, a link that reopens them,
two periods side by side in step, a deck built.

Runs `streamlit run app.py` on the committed synthetic fixture (tests/data/brief_events.csv) through the
harness in conftest.py, every request off localhost refused; every wait is a bounded Playwright wait.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pypdf
import pytest

from influence.view import calloutlink, urlstate
from influence.view.model import Annotation, View
from tests.browser.conftest import ROOT, in_view, map_frame

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
    map_frame(page, "brief_preview").locator(".leaflet-container").wait_for(timeout=60_000)
    page.get_by_label("Text").fill(HOSTILE)
    page.get_by_role("button", name="Add callout").click()
    # the live map in the page draws the callout, its text shown literally (nothing ran: no dialog)
    callout = map_frame(page, "brief_preview").locator(".brief-callout")
    callout.wait_for(timeout=60_000)
    assert callout.inner_text() == HOSTILE
    _settled(page)
    with page.expect_download(timeout=30_000) as started:
        in_view(page.get_by_role("button", name="Download view file")).click()
    saved = json.loads(Path(started.value.path()).read_text(encoding="utf-8"))
    assert saved["version"] == 2 and [item["text"] for item in saved["annotations"]] == [HOSTILE]


def _linked(page) -> View:
    """The view the page's address carries now (read as a recipient of the link would)."""
    return urlstate.read(parse_qs(urlsplit(page.url).query))


QUIET = """() => {
  // the page is settled when no element has been stale (being redrawn by a rerun) for 300 ms: a new map
  // document reruns the page once more after it is drawn, and that rerun shifts the column below the map
  const now = performance.now();
  if (document.querySelector('[data-stale=true]') || window.__briefQuiet === undefined) window.__briefQuiet = now;
  return now - window.__briefQuiet > 300;
}"""


def _settled(page) -> None:
    """Wait (Playwright polls) until no rerun has redrawn the page for a moment."""
    page.evaluate("() => { window.__briefQuiet = undefined; }")
    page.wait_for_function(QUIET, polling=50, timeout=30_000)


def _ann(page) -> str:
    return page.evaluate("([key]) => new URLSearchParams(location.search).get(key) || ''", [calloutlink.KEY])


def _after(page, before: str) -> View:
    """Wait (Playwright polls) until the address's callouts differ from `before`; the view it then carries."""
    page.wait_for_function(
        "([key, before]) => (new URLSearchParams(location.search).get(key) || '') !== before",
        arg=[calloutlink.KEY, before],
        timeout=30_000,
    )
    return _linked(page)


def _click_map(page, lat: float, lon: float) -> None:
    """Click the map where (lat, lon) is drawn, as a briefer's mouse would."""
    _settled(page)
    frame = map_frame(page, "brief_preview")
    container = in_view(frame.locator(".leaflet-container")).bounding_box()
    x, y = frame.locator("body").evaluate(
        "(_, [lat, lon]) => { const p = window.__map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [lat, lon],
    )
    page.mouse.click(container["x"] + x, container["y"] + y)


def test_a_click_on_the_map_places_a_callout_which_moves_and_is_deleted(brief_page):
    page = brief_page.page
    frame = map_frame(page, "brief_preview")
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    _settled(page)
    page.get_by_text("Adds an arrow").click()
    before = _ann(page)
    # the Syrian desert south-west of Deir ez-Zor: no event of the fixture is near, so no marker takes the click
    _click_map(page, 34.6, 39.4)
    callout = frame.locator(".brief-callout")
    callout.wait_for(timeout=60_000)
    assert callout.inner_text() == "New arrow"
    (placed,) = _after(page, before).annotations
    assert placed.kind == "arrow" and abs(placed.lat - 34.6) < 0.05 and abs(placed.lon - 39.4) < 0.05

    # the form opened on the new callout: type its text there
    _settled(page)
    before = _ann(page)
    page.get_by_label("Text").fill("Supply route (synthetic)")
    page.get_by_role("button", name="Save callout").click()
    frame.locator(".brief-callout", has_text="Supply route (synthetic)").wait_for(timeout=60_000)
    assert [item.text for item in _after(page, before).annotations] == ["Supply route (synthetic)"]

    _settled(page)
    page.get_by_text("Moves the chosen callout's point").click()
    before = _ann(page)
    _click_map(page, 33.9, 38.6)
    (moved,) = _after(page, before).annotations
    assert (
        abs(moved.lat - 33.9) < 0.05
        and abs(moved.lon - 38.6) < 0.05
        and (moved.to_lat, moved.to_lon) == (placed.to_lat, placed.to_lon)
    )
    assert moved.text == "Supply route (synthetic)"
    # the arrow's head is drawn where the click was: the map's own layers hold a polygon tipped there
    tip = frame.locator("body").evaluate(
        "() => { let found = null; window.__map.eachLayer(l => { if (l instanceof L.Polygon && !(l instanceof L.Rectangle)"
        " && l.getLatLngs()[0].length === 3) found = l.getLatLngs()[0][0]; }); return found && [found.lat, found.lng]; }"
    )
    assert tip is not None and abs(tip[0] - 33.9) < 0.05 and abs(tip[1] - 38.6) < 0.05

    _settled(page)
    in_view(page.get_by_role("button", name="Delete this callout")).click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('ann')", timeout=30_000)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    frame.locator(".brief-callout").first.wait_for(state="detached", timeout=60_000)


def test_a_copied_link_reopens_the_view_with_its_callouts(streamlit_server, offline_page):
    url = streamlit_server(APP, EVENTS)
    callouts = (
        Annotation("label", HOSTILE, 36.5864, 37.0463, 36.9, 36.6),
        Annotation("circle", "تدمر (synthetic)", 34.5601, 38.2674, radius_km=30.0),
    )
    shared = View(title="Linked brief (synthetic)", annotations=callouts)
    page = offline_page.page
    page.goto(f"{url}/brief?{urlencode(urlstate.write(shared), doseq=True)}")
    drawn = map_frame(page, "brief_preview").locator(".brief-callout")
    drawn.nth(1).wait_for(timeout=60_000)
    assert sorted(drawn.all_inner_texts()) == sorted(item.text for item in callouts)
    assert page.get_by_label("Title").input_value() == shared.title
    # the page keeps the link as it found it: the same callouts, the same title
    assert _linked(page).annotations == callouts and _linked(page).title == shared.title
    assert offline_page.page_errors == [] and offline_page.dialogs == []


def test_the_two_periods_move_together(brief_page):
    page = brief_page.page
    page.get_by_role("tab", name="Compare two periods").click()
    page.get_by_role("tab", name="Side by side").click()
    pair = page.frame_locator(".st-key-brief_side_by_side iframe")
    pair.locator("body[data-synced=true]").wait_for(timeout=60_000)
    left, right = (pair.frame_locator(f".half:nth-child({n}) iframe") for n in (1, 2))
    script = "() => window.__map"  # mapview.render_html names each document's map
    centre = (
        f"() => {{ const m = ({script})(); const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }}"
    )
    # the copy runs inside the left map's own move event, so the right map has moved when evaluate returns;
    # a rerun may still replace the pair's frame just after it synced (the address is rewritten once the page
    # opens), so the move is made again on the new pair until the deadline: only a copy moves the right map
    deadline, seen = time.monotonic() + 30, None
    while time.monotonic() < deadline:
        left.locator("body").evaluate(f"() => ({script})().setView([36.5, 40.7], 9, {{animate: false}})")
        lat, lon, zoom = right.locator("body").evaluate(centre)
        seen = (round(lat, 1), round(lon, 1), zoom)
        if seen == (36.5, 40.7, 9):
            break
        pair.locator("body[data-synced=true]").wait_for(timeout=60_000)
    assert seen == (36.5, 40.7, 9)


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
