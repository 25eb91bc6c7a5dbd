"""The live map in a real browser: mounted once, redrawn in place, answering clicks; the timeline drawn.

Data: SYNTHETIC events shaped like an ACLED import (influence.synthetic.clustered: many events on few
points, no chains), written per module. Every wait is a Playwright wait on the page, the map's own state
or its test hooks (data-events-total, data-live-state, the timeline svg's data-bars); nothing sleeps.
"""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from influence.contract import vocabulary
from influence.load import synthetic
from influence.load.dataset import load
from influence.mapping.basemap import SEA
from influence.view import clicks, query, window
from influence.view.query import Filters
from tests.browser.conftest import ROOT, in_view, map_frame

pytestmark = pytest.mark.browser

APP = ROOT / "app.py"
KEY = "explore_map"
ROWS = 1500
CENTRE = (
    "() => { const m = window.__eventsLayer._map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"
)


@pytest.fixture(scope="module")
def clustered_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("livemap-browser")
    return synthetic.write(folder / "clustered-1500.csv", ROWS, seed=21, shape="clustered")


@pytest.fixture(scope="module")
def loaded(clustered_file):
    return load(clustered_file).events


def _others(loaded) -> tuple[str, ...]:
    """Every sponsor in the data but Iran (the chip the tests remove)."""
    return tuple(name for name in loaded["sponsor"].unique() if name != "Iran")


def _total(page, count: int):
    frame = map_frame(page, KEY)
    frame.locator(f'.leaflet-container[data-events-total="{count}"][data-events-drawn]').wait_for(
        state="attached", timeout=30_000
    )
    return frame


def _timeline(page):
    return page.frame_locator(".st-key-t_chart iframe").first


def _clean(watched) -> None:
    assert watched.page_errors == []
    assert watched.console_errors == []
    assert watched.blocked == [], "the page asked for something off this machine"


def test_the_map_document_survives_a_filter_change_and_a_playback_step(
    streamlit_server, offline_page, clustered_file, loaded
):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    frame = _total(page, ROWS)
    frame.locator("body").evaluate(
        "() => { window.__probe = 'still here'; window.__eventsLayer._map.setView([35.1, 36.9], 9, {animate: false}); }"
    )
    page.wait_for_function("() => /view=35\\.1\\d*(,|%2C)36\\.9\\d*(,|%2C)9/.test(location.search)")

    page.locator('.st-key-f_sponsors button[aria-label="Remove Iran"]').first.click()
    kept = len(query.apply(loaded, Filters(sponsors=_others(loaded))))
    assert kept < ROWS
    frame = _total(page, kept)
    assert frame.locator("body").evaluate("() => window.__probe") == "still here"
    assert frame.locator("body").evaluate(CENTRE) == pytest.approx([35.1, 36.9, 9], abs=0.01)

    in_view(page.locator(".st-key-p_forward button").first).click()
    start, end = window.first_window(loaded["date"].min().date(), "month")
    stepped = len(query.apply(loaded, Filters(start=start, end=end, sponsors=_others(loaded))))
    frame = _total(page, stepped)
    page.wait_for_function(f"() => location.search.includes('start={start.isoformat()}')")
    assert frame.locator("body").evaluate("() => window.__probe") == "still here"
    assert frame.locator("body").evaluate(CENTRE) == pytest.approx([35.1, 36.9, 9], abs=0.01)
    _clean(offline_page)


def test_timeline_bars_are_drawn_in_sponsor_colours(streamlit_server, offline_page, clustered_file):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    _total(page, ROWS)
    _timeline(page).locator("svg[data-bars]").wait_for(state="attached", timeout=30_000)
    shot = Image.open(io.BytesIO(page.locator(".st-key-t_chart iframe").screenshot())).convert("RGB")
    pixels = np.asarray(shot).reshape(-1, 3)
    # the bars are opaque fills in the declared colours (vocabulary.toml): count each colour's pixels
    colours = {sponsor.name: sponsor.colour for sponsor in vocabulary.load().sponsors}
    painted = {
        name: int((pixels == [int(code[i : i + 2], 16) for i in (1, 3, 5)]).all(axis=1).sum())
        for name, code in colours.items()
    }
    assert all(count > 100 for count in painted.values()), painted
    _clean(offline_page)


def test_dragging_the_timeline_sets_the_window_and_a_click_jumps_it(
    streamlit_server, offline_page, clustered_file, loaded
):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    _total(page, ROWS)
    chart = _timeline(page).locator("svg[data-bars]")
    chart.wait_for(state="attached", timeout=30_000)
    # the frame shares the page's main thread: a new window only moves the shading, the bars stay as drawn
    chart.evaluate("svg => { svg.querySelector('path.bar').__kept = true; }")
    in_view(chart)
    box = chart.bounding_box()
    # the svg sits inside the component frame: its box is in page coordinates already
    y = box["y"] + 60
    page.mouse.move(box["x"] + box["width"] * 0.25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=6)
    page.mouse.up()
    # window, start and end are written to the address one after the other: wait for all three
    page.wait_for_function(
        "() => { const p = new URLSearchParams(location.search);"
        " return p.get('window') === 'custom' && p.has('start') && p.has('end'); }"
    )
    params = page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    months = window.steps_spanned(start, end, "month")
    assert months is not None and months > 1, (start, end)  # whole calendar months, several of them
    _total(page, len(query.apply(loaded, Filters(start=start, end=end))))
    expect(_timeline(page).locator("rect.window")).to_have_count(1)
    assert chart.evaluate("svg => svg.querySelector('path.bar').__kept === true")

    in_view(chart)
    box = chart.bounding_box()
    y = box["y"] + 60
    page.mouse.click(box["x"] + box["width"] * 0.8, y)
    # start and end are written to the address one after the other: wait for both
    page.wait_for_function(
        f"() => !location.search.includes('start={start.isoformat()}') && !location.search.includes('end={end.isoformat()}')"
    )
    params = page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    jumped = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    assert jumped[0] > end and window.steps_spanned(*jumped, "month") == months  # same length, later
    _total(page, len(query.apply(loaded, Filters(start=jumped[0], end=jumped[1]))))
    _clean(offline_page)


def _empty_spots(loaded, frame, count: int) -> list[tuple[float, float, str]]:
    """Points in different governorates, far from every event and not under a control (legend, layers)."""
    points = loaded[["lat", "lon"]].to_numpy()
    found: list[tuple[float, float, str]] = []
    for lat in np.arange(33.0, 36.8, 0.1):
        for lon in np.arange(36.4, 41.6, 0.1):
            nearest = np.min(np.hypot(points[:, 0] - lat, points[:, 1] - lon))
            name = clicks.governorate_at(float(lat), float(lon)) if nearest > 0.3 else None
            if not name or name in {spot[2] for spot in found}:
                continue
            free = frame.locator("body").evaluate(FREE, [float(lat), float(lon)])
            if free:
                found.append((float(lat), float(lon), name))
                if len(found) == count:
                    return found
    state = frame.locator("body").evaluate(CENTRE)
    raise AssertionError(f"no empty spot found in the synthetic data; map at {state}")


# true when the map itself (not a control, a popup or an event mark) is what a click there would hit
FREE = (
    "(_, [lat, lon]) => { const m = window.__eventsLayer._map, p = m.latLngToContainerPoint([lat, lon]);"
    " const box = m.getContainer().getBoundingClientRect(), size = m.getSize();"
    " if (p.x < 20 || p.y < 20 || p.x > size.x - 20 || p.y > size.y - 20) return false;"
    " const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);"
    " return Boolean(hit) && !hit.closest('.leaflet-control') && !hit.closest('.leaflet-flows-pane'); }"
)


def test_clicking_a_governorate_filters_by_it_and_shift_click_adds_one(
    streamlit_server, offline_page, clustered_file, loaded
):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    frame = _total(page, ROWS)
    (lat1, lon1, first), (lat2, lon2, second) = _empty_spots(loaded, frame, 2)
    container = frame.locator(".leaflet-container").bounding_box()

    def click(lat: float, lon: float) -> None:
        x, y = frame.locator("body").evaluate(
            "(_, [lat, lon]) => { const p = window.__eventsLayer._map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            [lat, lon],
        )
        page.mouse.click(container["x"] + x, container["y"] + y)

    click(lat1, lon1)
    expect(page.locator(".st-key-f_govs [data-tag]")).to_have_text([first], timeout=30_000)
    _total(page, len(query.apply(loaded, Filters(governorates=(first,)))))
    page.keyboard.down("Shift")
    click(lat2, lon2)
    page.keyboard.up("Shift")
    expect(page.locator(".st-key-f_govs [data-tag]")).to_have_text([first, second], timeout=30_000)
    _total(page, len(query.apply(loaded, Filters(governorates=(first, second)))))
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('gov').length === 2")
    _clean(offline_page)


def _idle(page) -> None:
    """Wait until Streamlit has finished the run (its status widget shows only while a script runs)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def _open_expander(page, label: str, inside: str) -> None:
    """Open the expander `label` once Streamlit has finished the run, and wait until `inside` shows."""
    _idle(page)
    in_view(page.locator("summary", has_text=label)).click()
    page.locator(inside).first.wait_for(state="visible", timeout=30_000)


def _download(page, key: str) -> bytes:
    with page.expect_download(timeout=120_000) as started:
        in_view(page.locator(f".st-key-{key} button").first).click()
    with open(started.value.path(), "rb") as stream:
        return stream.read()


def test_after_zoom_and_a_filter_change_the_view_is_kept_and_the_png_shows_it(
    streamlit_server, offline_page, clustered_file, loaded
):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    frame = _total(page, ROWS)
    # over the sea off Tartus: a view whose picture is mostly sea, unlike the whole country's
    frame.locator("body").evaluate(
        "() => window.__eventsLayer._map.setView([34.95, 35.2], 10, {animate: false})"
    )
    page.wait_for_function("() => /view=34\\.95\\d*(,|%2C)35\\.2\\d*(,|%2C)10/.test(location.search)")
    page.locator('.st-key-f_sponsors button[aria-label="Remove Iran"]').first.click()
    frame = _total(page, len(query.apply(loaded, Filters(sponsors=_others(loaded)))))
    assert frame.locator("body").evaluate(CENTRE) == pytest.approx([34.95, 35.2, 10], abs=0.01)

    _open_expander(page, "Export this view", ".st-key-export_json button")
    view = json.loads(_download(page, "export_json"))
    extent = view["extent"]
    assert [extent["lat"], extent["lon"], extent["zoom"]] == pytest.approx([34.95, 35.2, 10], abs=0.01)
    picture = np.asarray(Image.open(io.BytesIO(_download(page, "export_png"))).convert("RGB")).reshape(-1, 3)
    sea = np.array([int(SEA[i : i + 2], 16) for i in (1, 3, 5)])
    share = float((np.abs(picture.astype(int) - sea).max(axis=1) <= 3).mean())
    assert share > 0.5, f"only {share:.0%} of the exported picture is sea"
    _clean(offline_page)


def test_a_basemap_picked_in_the_layer_control_reaches_the_sidebar_the_link_and_the_export(
    streamlit_server, offline_page, clustered_file
):
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    frame = _total(page, ROWS)
    frame.locator("body").evaluate("() => { window.__probe = 'still here'; }")
    frame.locator(".leaflet-control-layers").hover()  # the collapsed list opens under the pointer
    frame.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('basemap') === 'osm'")
    expect(page.get_by_role("combobox", name="Basemap")).to_have_value("OpenStreetMap (online)")
    assert frame.locator("body").evaluate("() => window.__probe") == "still here"  # no reload
    _open_expander(page, "Export this view", ".st-key-export_json button")
    assert json.loads(_download(page, "export_json"))["basemap"] == "osm"
    # and back from the sidebar: the map follows without reloading its document
    _idle(page)
    page.get_by_role("combobox", name="Basemap").click()
    page.keyboard.type("Boundaries")  # the selectbox filters its options as one types
    page.get_by_role("option", name="Boundaries (offline)").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('basemap')")
    frame.locator(".leaflet-control-layers-base input:checked").first.wait_for(state="attached")
    checked = frame.locator("body").evaluate(
        "() => document.querySelector('.leaflet-control-layers-base input:checked').nextElementSibling.textContent"
    )
    assert "Boundaries" in checked, checked
    assert frame.locator("body").evaluate("() => window.__probe") == "still here"
    # the online tiles are refused (no network); nothing else may fail
    assert offline_page.page_errors == []


def test_the_map_is_drawn_again_after_visiting_another_page(streamlit_server, offline_page, clustered_file):
    # leaving the page unmounts the map's frame; back on it, a new frame must get the document again, though
    # the session's record says it was sent once (ui/explore/livemap.py)
    page = offline_page.page
    page.goto(f"{streamlit_server(APP, clustered_file)}/")
    frame = _total(page, ROWS)
    frame.locator("body").evaluate("() => { window.__probe = 'first frame'; }")
    page.locator('[data-testid="stSidebarNav"] a[href$="/actors"]').click()
    page.wait_for_url("**/actors**")
    page.locator('[data-testid="stSidebarNav"] a').filter(
        has_text="Map"
    ).click()  # the default page: href "/"
    frame = _total(page, ROWS)
    assert frame.locator("body").evaluate("() => window.__probe === undefined")  # a new document, drawn
    _clean(offline_page)
