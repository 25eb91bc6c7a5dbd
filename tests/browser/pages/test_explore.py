"""The analyst's page in a real browser: filters redraw the map, the window moves, links reopen the view.

Runs `streamlit run app.py` through the harness in conftest.py, with every request off localhost refused.
Every wait is a Playwright wait on the map's drawn-events hook or on page text, bounded; nothing sleeps.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from influence.contract import vocabulary
from influence.load import synthetic
from influence.load.dataset import load
from influence.view import query, window
from influence.view.query import Filters
from tests.browser.conftest import ROOT, in_view, map_frame, wait_for_events

pytestmark = pytest.mark.browser

APP = ROOT / "app.py"
SEED = ROOT / "tests" / "data" / "seed_events.csv"  # a committed copy of the seed rows
KEY = "explore_map"
ROWS = 300


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory):
    return synthetic.write(tmp_path_factory.mktemp("explore-browser") / "synthetic-300.csv", ROWS, seed=11)


@pytest.fixture(scope="module")
def loaded(synthetic_file):
    return load(synthetic_file).events


def _expect(loaded, filters: Filters) -> int:
    return len(query.apply(loaded, filters))


def _wait_total(page, count: int):
    """Wait until the map holds `count` events (drawn or not: a zoomed-in view draws only those in sight)."""
    frame = map_frame(page, KEY)
    frame.locator(f'.leaflet-container[data-events-total="{count}"][data-events-drawn]').wait_for(
        state="attached", timeout=30_000
    )
    return frame


def _shown_text(page, count: int, total: int) -> None:
    page.get_by_text(f"{count:,} of {total:,} events shown").wait_for(timeout=30_000)


def _clean(watched) -> None:
    assert watched.page_errors == []
    assert watched.console_errors == []
    assert watched.dialogs == []
    assert watched.blocked == [], "the page asked for something off this machine"


def test_the_page_draws_the_seed_events(streamlit_server, offline_page):
    seed = len(load(SEED).events)
    url = streamlit_server(APP, SEED)
    offline_page.page.goto(f"{url}/")
    wait_for_events(offline_page.page, KEY, seed)
    _shown_text(offline_page.page, seed, seed)
    _clean(offline_page)


# epoch ms when the sidebar's sponsor control first appeared in the page (watched from before Streamlit's script ran)
_CONTROLS_SEEN = """new MutationObserver(function () {
  if (!window.__controlsAt && document.querySelector(".st-key-f_sponsors"))
    window.__controlsAt = performance.timeOrigin + performance.now();
}).observe(document, {subtree: true, childList: true});"""


def test_the_controls_come_once_the_map_is_drawn(streamlit_server, offline_page, synthetic_file):
    # the browser's first second goes to the map: the sidebar's widgets follow the map's report that it drew
    page = offline_page.page
    page.add_init_script(_CONTROLS_SEEN)
    page.goto(f"{streamlit_server(APP, synthetic_file)}/")
    frame = wait_for_events(page, KEY, ROWS)
    page.locator('.st-key-f_sponsors button[aria-label="Remove Iran"]').first.wait_for(timeout=30_000)
    drawn_at = float(frame.locator(".leaflet-container").get_attribute("data-live-at"))
    assert page.evaluate("() => window.__controlsAt") >= drawn_at
    _clean(offline_page)


def test_unticking_a_sponsor_redraws_fewer_events(streamlit_server, offline_page, synthetic_file, loaded):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, synthetic_file)}/")
    wait_for_events(page, KEY, ROWS)
    page.locator('.st-key-f_sponsors button[aria-label="Remove Iran"]').first.click()
    others = tuple(sponsor.name for sponsor in vocabulary.load().sponsors if sponsor.name != "Iran")
    expected = _expect(loaded, Filters(sponsors=others))
    assert expected < ROWS
    wait_for_events(page, KEY, expected)
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).getAll('sponsor').length === {len(others)}"
    )
    _clean(offline_page)


def test_stepping_the_window_moves_what_is_drawn(streamlit_server, offline_page, synthetic_file, loaded):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, synthetic_file)}/")
    wait_for_events(page, KEY, ROWS)
    first_day = loaded["date"].min().date()
    counts = []
    for steps in (1, 2):
        in_view(page.locator(".st-key-p_forward button").first).click()
        start, end = window.first_window(first_day, "month")
        start, end = window.shift(start, end, "month", steps - 1)
        expected = _expect(loaded, Filters(start=start, end=end))
        wait_for_events(page, KEY, expected)
        page.wait_for_function(f"() => location.search.includes('start={start.isoformat()}')")
        counts.append(expected)
    assert counts[0] < ROWS and counts[1] < ROWS
    _clean(offline_page)


def test_a_copied_link_reopens_the_same_view(streamlit_server, browser, offline_page, synthetic_file, loaded):
    page = offline_page.page
    url = streamlit_server(APP, synthetic_file)
    link = (
        f"{url}/?sponsor=Iran&sponsor=Turkey&window=custom&start=2018-01-01&end=2020-12-31&view=35.2,38.1,8"
    )
    page.goto(link)
    expected = _expect(
        loaded, Filters(start=date(2018, 1, 1), end=date(2020, 12, 31), sponsors=("Iran", "Turkey"))
    )
    frame = _wait_total(page, expected)
    _shown_text(page, expected, ROWS)
    centre = frame.locator("body").evaluate(
        "() => { const m = window.__eventsLayer._map; const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"
    )
    assert centre == pytest.approx([35.2, 38.1, 8], abs=0.01)

    # the address bar now holds the page's state; a second browser opening it sees the same
    copied = page.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort()
    )
    try:
        second = context.new_page()
        second.goto(copied)
        _wait_total(second, expected)
        _shown_text(second, expected, ROWS)
        # expect() retries until the multiselect has settled (it measures its chips before showing them)
        expect(second.locator(".st-key-f_sponsors [data-tag]")).to_have_text(["Iran", "Turkey"])
    finally:
        context.close()
    _clean(offline_page)


def test_garbage_in_the_link_still_draws_the_map(streamlit_server, offline_page, synthetic_file):
    page = offline_page.page
    url = streamlit_server(APP, synthetic_file)
    page.goto(f"{url}/?sponsor=Atlantis&start=yesterday&view=NaN,1,2&window=%3Cscript%3E&layers=ghosts")
    wait_for_events(page, KEY, ROWS)
    page.get_by_text("Unknown sponsor 'Atlantis'; ignored.").wait_for(timeout=30_000)
    _clean(offline_page)


def test_panning_never_reruns_the_script(streamlit_server, offline_page, synthetic_file):
    page = offline_page.page
    sent: list[int] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(len(payload))))
    page.goto(f"{streamlit_server(APP, synthetic_file)}/")
    frame = wait_for_events(page, KEY, ROWS)
    before = len(sent)
    frame.locator("body").evaluate(
        "() => window.__eventsLayer._map.setView([34.8, 38.9], 9, {animate: false})"
    )
    page.wait_for_function("() => /view=34\\.8\\d*,38\\.9\\d*,9/.test(location.search)")
    frame.locator("body").evaluate("() => window.__eventsLayer._map.setZoom(6, {animate: false})")
    page.wait_for_function("() => /view=[^&]*,6(&|$)/.test(location.search)")
    # a rerun is a message from the browser to the server; the map's moves send none
    assert len(sent) == before
    assert map_frame(page, KEY).locator(".leaflet-container[data-events-drawn]").count() == 1


def test_play_steps_the_window_until_paused(streamlit_server, offline_page, synthetic_file):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, synthetic_file)}/?window=custom&start=2016-01-01&end=2016-01-31")
    wait_for_events(
        page,
        KEY,
        _expect(load(synthetic_file).events, Filters(start=date(2016, 1, 1), end=date(2016, 1, 31))),
    )
    in_view(page.locator(".st-key-p_play button").first).click()
    # the timer moves the window one month per tick: wait (bounded) for two ticks
    page.wait_for_function("() => location.search.includes('start=2016-03-01')", timeout=30_000)
    in_view(page.locator(".st-key-p_play button").first).click()
    page.get_by_role("button", name="play_arrow").wait_for(timeout=30_000)
    _clean(offline_page)
