"""The analyst's map in a real browser inside `streamlit run app.py`, with every outside request blocked.

Data: tests/data/map_events.csv (SYNTHETIC, 7 events; one chain of three stages, one area event and
the injection strings in actor, description and place-adjacent text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, map_frame, wait_for_events

pytestmark = pytest.mark.browser

FIXTURE = ROOT / "tests" / "data" / "map_events.csv"
APP = ROOT / "app.py"
KEY = "explore_map"
EVENTS = 7
IRAN = (0x1B, 0x9E, 0x3A)
RUSSIA = (0xD6, 0x27, 0x28)


@pytest.fixture
def app_page(streamlit_server, offline_page):
    """The app's map page loaded offline, with the fixture's events drawn."""
    url = streamlit_server(APP, FIXTURE)
    offline_page.page.goto(f"{url}/")  # the map is the default page
    frame = wait_for_events(offline_page.page, KEY, EVENTS)
    return offline_page, frame, url


TURKEY = (0xFF, 0x7F, 0x0E)
TOLERANCE = 40  # per channel: antialiasing and rounding, far less than any two sponsors' colours differ


def _close(pixel: list[int], colour: tuple[int, int, int]) -> bool:
    # the canvas's own pixel (getImageData: not premultiplied, not blended with the basemap), so its RGB is
    # the sponsor's colour whatever the confidence opacity; every channel is compared, not only the largest
    red, green, blue, alpha = pixel
    return alpha > 0 and all(
        abs(got - want) <= TOLERANCE for got, want in zip((red, green, blue), colour, strict=True)
    )


def test_colour_check_tells_neighbouring_sponsors_apart():
    # the old check compared only the dominant channel, so Turkey's orange passed as Russia's red
    assert _close([*RUSSIA, 200], RUSSIA)
    assert not _close([*TURKEY, 200], RUSSIA)
    assert not _close([*RUSSIA, 0], RUSSIA)


def test_map_draws_events_in_sponsor_colours_offline(app_page):
    watched, frame, _ = app_page
    canvas_pixel = frame.locator("body").evaluate("() => window.__eventsLayer.sample(36.2021, 37.1343)")
    assert _close(canvas_pixel, IRAN), canvas_pixel
    russia = frame.locator("body").evaluate("() => window.__eventsLayer.sample(35.1318, 36.7578)")
    assert _close(russia, RUSSIA), russia
    assert frame.locator(".leaflet-container").get_attribute("data-events-mode") == "points"
    assert watched.page_errors == []
    assert watched.console_errors == []


def test_legend_layer_control_and_flows_present(app_page):
    _, frame, _ = app_page
    assert frame.locator(".map-legend").is_visible()
    assert "Iran" in frame.locator(".map-legend").inner_text()
    # the layer list is folded into its button until the mouse is on it
    layers = frame.locator(".leaflet-control-layers")
    layers.hover()
    frame.locator(".leaflet-control-layers-expanded").wait_for(timeout=10_000)
    control = layers.inner_text()
    for label in ("Events", "Flows", "Influence by governorate", "Density", "Boundaries (offline)"):
        assert label in control
    assert frame.locator('.leaflet-container[data-flows-drawn="2"]').count() == 1
    assert frame.locator(".leaflet-flows-pane path.leaflet-interactive").count() == 2


def test_injection_strings_run_nothing_and_show_as_text(app_page):
    watched, frame, _ = app_page
    # open the popup of the event whose actor and description carry the payloads
    # centre on it first so no control (legend, layer list) covers the point
    point = frame.locator("body").evaluate(
        "() => { const m = window.__eventsLayer._map; m.setView([35.1318, 36.7578], 8, {animate: false});"
        " const p = m.latLngToContainerPoint([35.1318, 36.7578]); return [p.x, p.y]; }"
    )
    box = frame.locator(".leaflet-container").bounding_box()
    watched.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    popup = frame.locator(".event-popup")
    popup.wait_for(state="visible", timeout=10_000)
    text = popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in text
    assert "`${alert(1)}`" in text
    assert frame.locator(".event-popup img").count() == 0
    assert watched.dialogs == []
    assert watched.page_errors == []


def test_no_request_leaves_the_machine(app_page):
    watched, _, _ = app_page
    assert watched.blocked == []


def test_pan_writes_view_into_page_url_and_streamlit_reads_it(app_page):
    watched, frame, _ = app_page
    frame.locator("body").evaluate("() => window.__eventsLayer._map.setView([34.5, 38.5], 9)")
    # Leaflet snaps the centre to whole pixels, so the written view is within a few metres of the request
    # (read as numbers: the view may be written 34.5 as well as 34.4998)
    watched.page.wait_for_function(
        "() => { const v = new URLSearchParams(location.search).get('view'); if (!v) return false;"
        " const [lat, lon, zoom] = v.split(',').map(Number);"
        " return Math.abs(lat - 34.5) < 0.01 && Math.abs(lon - 38.5) < 0.01 && zoom === 9; }"
    )
    # a reload asks Streamlit for the page with the written view: the map must open there
    watched.page.reload()
    frame = map_frame(watched.page, KEY)
    frame.locator(".leaflet-container[data-events-drawn]").wait_for(state="attached", timeout=30_000)
    centre = frame.locator("body").evaluate(
        "() => { const c = window.__eventsLayer._map.getCenter(); return [c.lat, c.lng]; }"
    )
    assert centre == pytest.approx([34.5, 38.5], abs=0.01)


def test_influence_shading_leaves_thin_governorates_unshaded_and_says_why(app_page):
    watched, frame, _ = app_page
    # one event per governorate in this fixture: below the minimum count, so no governorate is shaded
    # (tests/browser/map/test_readable.py shows a busy one shaded); each still answers with its tooltip
    shapes = frame.locator(".leaflet-overlay-pane path.leaflet-interactive[fill='#888888']")
    assert shapes.count() >= 5
    assert {shapes.nth(k).get_attribute("fill-opacity") for k in range(shapes.count())} == {"0"}
    shapes.first.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert "fewer than 5 events counted" in tooltip.inner_text()
    assert watched.page_errors == [] and watched.console_errors == []


def _crowded_csv(folder: Path) -> Path:
    """SYNTHETIC: 40 Iran events on distinct points packed around Aleppo, 40 Russia ones around Deir ez-Zor."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    header, template = lines[0], lines[1].split(",")
    columns = header.split(",")
    rows = [header]
    for n in range(80):
        sponsor, (lat, lon) = ("Iran", (36.2021, 37.1343)) if n < 40 else ("Russia", (35.3359, 40.1408))
        cells = dict(zip(columns, template, strict=False))
        cells |= {
            "id": f"SYN-CROWD-{n}",
            "lat": f"{lat + (n % 7 - 3) * 0.004:.4f}",  # 7 x 6 distinct points within about 1.5 km
            "lon": f"{lon + (n // 7 % 6 - 3) * 0.004:.4f}",
            "sponsor": sponsor,
            "chain": "",
        }
        rows.append(",".join(cells[column] for column in columns))
    path = folder / "crowded.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_crowded_events_are_drawn_aggregated_when_zoomed_out_and_as_marks_again_when_zoomed_in(
    streamlit_server, offline_page, tmp_path
):
    url = streamlit_server(APP, _crowded_csv(tmp_path))
    offline_page.page.goto(f"{url}/?layers=events")
    frame = wait_for_events(offline_page.page, KEY, 80)
    box = frame.locator(".leaflet-container")
    layer = frame.locator("body")
    layer.evaluate("() => window.__eventsLayer._map.setView([35.8, 38.6], 6, {animate: false})")
    frame.locator('.leaflet-container[data-events-mode="aggregated"]').wait_for(
        state="attached", timeout=15_000
    )
    assert box.get_attribute("data-events-drawn") == "80"  # every event counted inside an aggregate
    # each aggregate is a pie in its events' sponsor colour where the events are (sampled 12 px below the
    # centre, clear of the count written on it)
    below = (
        "(_, at) => { const m = window.__eventsLayer._map;"
        " const p = m.latLngToContainerPoint(L.latLng(at[0], at[1]));"
        " const q = m.containerPointToLatLng(L.point(p.x, p.y + 12));"
        " return window.__eventsLayer.sample(q.lat, q.lng); }"
    )
    assert _close(layer.evaluate(below, [36.2021, 37.1343]), IRAN)
    assert _close(layer.evaluate(below, [35.3359, 40.1408]), RUSSIA)
    # zoomed in to a town, the points are far apart on screen: single marks again
    layer.evaluate("() => window.__eventsLayer._map.setView([36.2021, 37.1343], 15, {animate: false})")
    frame.locator('.leaflet-container[data-events-mode="points"]').wait_for(state="attached", timeout=15_000)
    assert offline_page.page_errors == []


def test_a_flow_opens_its_popup_with_stages_sponsor_people_and_places(app_page):
    watched, frame, _ = app_page
    # the middle of the Aleppo -> Palmyra line (in screen space, where the line is straight), centred on the map
    point = frame.locator("body").evaluate(
        "() => { const m = window.__map, z = 8;"
        " const a = m.project([36.2021, 37.1343], z), b = m.project([34.56, 38.28], z);"
        " const middle = m.unproject(a.add(b).divideBy(2), z); m.setView(middle, z, {animate: false});"
        " const p = m.latLngToContainerPoint(middle); return [p.x, p.y]; }"
    )
    box = frame.locator(".leaflet-container").bounding_box()
    watched.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    lines = popup.inner_text().splitlines()
    assert lines == ["Chain SYN-CHAIN-A", "Recruitment → Training", "Iran, 100 people", "Aleppo → Palmyra"], (
        lines
    )
    assert watched.page_errors == []
