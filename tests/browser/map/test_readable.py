"""The map stays readable where real data piles up: stacks on one point, sponsors sharing a town, the heat.

Data: SYNTHETIC events written by `_stacked_csv` (ids SYN-, sources say so): 50 events on Tadmur's gazetteer
point (Iran and Russia), one Iran and one Russia event on Qamishli's point with a recruit -> train chain
leaving Qamishli for Al-Hasakah (its flow line starts under the Qamishli marks), and 6 events at Aleppo.
"""

from __future__ import annotations

import csv
import json
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from influence.contract.schema import COLUMN_NAMES
from tests.browser.conftest import (
    ALEPPO,
    APP,
    HASAKAH,
    KEY,
    QAMISHLI,
    TADMUR,
    in_view,
    map_frame,
    wait_for_events,
)

pytestmark = pytest.mark.browser

LAND = (0xFD, 0xFC, 0xF8)  # the offline basemap's land fill (layers/basemap.py)


def _row(number: int, place: str, at: tuple[float, float], sponsor: str, kind: str, **extra: str) -> dict:
    row = dict.fromkeys(COLUMN_NAMES, "")
    row.update(
        id=f"SYN-READ-{number:03d}",
        date=f"2021-{1 + number % 12:02d}-{1 + number % 27:02d}",
        place=place,
        lat=str(at[0]),
        lon=str(at[1]),
        precision="town",
        sponsor=sponsor,
        actor=f"SYN {sponsor} unit",
        event_type=kind,
        description=f"SYNTHETIC event {number}, no such event was reported",
        source="SYNTHETIC test data",
        confidence="confirmed",
    )
    row.update(extra)
    return row


def _stacked_csv(folder: Path) -> Path:
    rows = (
        [_row(n, "Tadmur", TADMUR, "Iran" if n % 3 else "Russia", "presence") for n in range(1, 51)]
        + [
            _row(51, "Qamishli", QAMISHLI, "Iran", "recruitment", chain="SYN-CHAIN-Q", count="40"),
            _row(52, "القامشلي", QAMISHLI, "Russia", "presence"),
            _row(53, "Al-Hasakah", HASAKAH, "Iran", "training", chain="SYN-CHAIN-Q", count="40"),
        ]
        + [_row(54 + n, "Aleppo", ALEPPO, "Turkey", "attack") for n in range(6)]
    )
    path = folder / "stacked.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMN_NAMES), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


EVENTS = 59


@pytest.fixture
def stacked(streamlit_server, offline_page, tmp_path):
    """The app on the stacked file; returns (watched page, map frame, url)."""
    url = streamlit_server(APP, _stacked_csv(tmp_path))
    return offline_page, url


def _open(watched, url: str, query: str = ""):
    watched.page.goto(f"{url}/{query}")
    return wait_for_events(watched.page, KEY, EVENTS)


# the events layer's own map: the map frame is sandboxed (no allow-same-origin), so walking every property
# of window would touch localStorage, which throws there
MAP = "window.__map"  # set by static/app/livemap.js


def _centre_on(frame, at: tuple[float, float], zoom: int) -> None:
    # resolves after the move's redraw and the next frame: an event to wait for, not a time
    frame.locator("body").evaluate(
        f"(_, [lat, lon, zoom]) => new Promise(done => {{ const m = {MAP};"
        " m.once('moveend', () => requestAnimationFrame(() => done()));"
        " m.setView([lat, lon], zoom, {animate: false}); })",
        [at[0], at[1], zoom],
    )


def _point(frame, at: tuple[float, float]) -> tuple[float, float]:
    x, y = frame.locator("body").evaluate(
        f"(_, [lat, lon]) => {{ const p = {MAP}.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }}",
        list(at),
    )
    return x, y


def _click(watched, frame, at: tuple[float, float]) -> None:
    x, y = _point(frame, at)
    box = frame.locator(".leaflet-container").bounding_box()
    watched.page.mouse.click(box["x"] + x, box["y"] + y)


def test_point_holding_50_events_shows_its_count_and_lists_all_50(stacked):
    watched, url = stacked
    frame = _open(watched, url)
    _centre_on(frame, TADMUR, 9)
    marks = frame.locator("body").evaluate("() => window.__eventsLayer.marks()")
    tadmur = [stack for stack in marks["stacks"] if stack["n"] == 50]
    assert len(tadmur) == 1, marks
    assert tadmur[0]["by"] == {"Iran": 34, "Russia": 16}
    # the stack is drawn in its sponsors' colours, not white: read the page's pixels beside the count
    x, y = _point(frame, TADMUR)
    shot = Image.open(BytesIO(frame.locator(".leaflet-container").screenshot())).convert("RGB")
    ring = [
        shot.getpixel((round(x + dx), round(y + dy))) for dx, dy in ((11, 0), (-11, 0), (0, 11), (0, -11))
    ]
    assert all(sum(abs(c - land) for c, land in zip(p, LAND, strict=True)) > 150 for p in ring), ring
    assert not any(min(p) > 230 for p in ring), f"white around the count: {ring}"
    _click(watched, frame, TADMUR)
    listing = frame.locator('.events-list[data-count="50"]')
    listing.wait_for(state="visible", timeout=10_000)
    assert listing.locator(".event-popup").count() == 50
    assert "50 events here" in listing.inner_text()
    scroller = frame.locator(".leaflet-popup-scrolled")
    assert scroller.evaluate("e => e.scrollHeight > e.clientHeight"), "the list scrolls inside the popup"
    assert watched.page_errors == []


def test_iran_and_russia_on_one_point_both_open_and_the_flow_never_takes_the_click(stacked):
    watched, url = stacked
    frame = _open(watched, url)
    _centre_on(frame, QAMISHLI, 9)
    assert frame.locator('.leaflet-container[data-flows-drawn="1"]').count() == 1
    _click(watched, frame, QAMISHLI)
    spread = frame.locator("body").evaluate("() => window.__eventsLayer.marks().spread")
    assert sorted(item["sponsor"] for item in spread) == ["Iran", "Russia"], spread
    assert frame.locator(".leaflet-popup").count() == 0, "the flow under the marks opened its popup"
    for item in spread:
        _click(watched, frame, tuple(item["at"]))
        popup = frame.locator(".event-popup")
        popup.wait_for(state="visible", timeout=10_000)
        assert item["sponsor"] in popup.inner_text()
        assert "Chain" not in frame.locator(".leaflet-popup").inner_text()
        frame.locator("body").evaluate(f"() => {MAP}.closePopup()")
        popup.wait_for(state="detached", timeout=10_000)


def test_density_shows_over_syria_on_the_offline_basemap(stacked):
    watched, url = stacked
    watched.page.goto(f"{url}/?layers=density")
    frame = map_frame(watched.page, KEY)
    # the heat has drawn the state's points (the document draws nothing until the live state arrives)
    frame.locator('.leaflet-container[data-heat-drawn]:not([data-heat-drawn="0"])').wait_for(
        state="attached", timeout=30_000
    )
    _centre_on(frame, TADMUR, 8)
    x, y = _point(frame, TADMUR)
    shot = Image.open(BytesIO(frame.locator(".leaflet-container").screenshot())).convert("RGB")
    # a little below the point: the place label's dot sits on the point itself
    red, green, blue = shot.getpixel((round(x), round(y + 7)))
    # the heat's colour, not the land's cream: far from LAND and clearly saturated
    assert max(abs(red - LAND[0]), abs(green - LAND[1]), abs(blue - LAND[2])) > 60, (red, green, blue)
    assert max(red, green, blue) - min(red, green, blue) > 60, (red, green, blue)


def test_controls_leave_the_data_visible_and_the_legend_lists_what_is_drawn(stacked):
    watched, url = stacked
    frame = _open(watched, url)
    # off the busy corners: the legend bottom right, the layer list collapsed top left
    assert frame.locator(".leaflet-bottom.leaflet-right .map-legend").is_visible()
    layers = frame.locator(".leaflet-top.leaflet-left .leaflet-control-layers")
    assert layers.count() == 1 and "leaflet-control-layers-expanded" not in layers.get_attribute("class")
    assert frame.locator(".leaflet-top.leaflet-right .leaflet-control").count() == 0
    shown = frame.locator(".map-legend [data-legend]:not([hidden])").all_inner_texts()
    for drawn in ("Iran", "Russia", "Turkey", "Base or presence", "Recruitment", "Training", "Attack"):
        assert drawn in shown, (drawn, shown)
    for absent in ("United States", "Deployment", "Statement", "alleged"):
        assert absent not in shown, (absent, shown)
    # the map fills the window's height but for the playback row under it (tests/browser/map/test_layout_fit.py),
    # and the rule the shading follows is in the legend
    frame_box = watched.page.locator(".st-key-explore_map iframe").bounding_box()
    assert frame_box["y"] + frame_box["height"] > 1000 - 100, frame_box
    assert "Shaded from 5 events" in frame.locator(".map-legend").inner_text()


def test_full_screen_button_fills_the_window_and_returns(stacked):
    watched, url = stacked
    frame = _open(watched, url)
    button = frame.locator(".map-fullscreen a")
    button.click()
    frame.locator('.map-fullscreen a[aria-pressed="true"]').wait_for(timeout=10_000)
    page_frame = watched.page.locator(".st-key-explore_map iframe")
    watched.page.wait_for_function(
        "() => { const f = document.querySelector('.st-key-explore_map iframe').getBoundingClientRect();"
        " return f.width >= innerWidth - 1 && f.height >= innerHeight - 1; }"
    )
    map_box = frame.locator(".leaflet-container").bounding_box()
    assert map_box["width"] >= 1399 and map_box["height"] >= 999, map_box
    button.click()
    frame.locator('.map-fullscreen a[aria-pressed="false"]').wait_for(timeout=10_000)
    assert page_frame.bounding_box()["width"] < 1400


def test_at_800_px_the_legend_starts_folded_and_the_map_keeps_its_room(streamlit_server, browser, tmp_path):
    url = streamlit_server(APP, _stacked_csv(tmp_path))
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort()
        )
        page.goto(f"{url}/")
        frame = wait_for_events(page, KEY, EVENTS)
        assert frame.locator("details.map-legend").evaluate("e => e.open") is False
        assert frame.locator(".map-legend summary").is_visible()
        box = frame.locator(".leaflet-container").bounding_box()
        assert box["width"] >= 440 and box["height"] >= 420, box
        frame.locator(".map-legend summary").click()
        assert frame.locator("details.map-legend").evaluate("e => e.open") is True
    finally:
        context.close()


def test_influence_shading_weighs_volume(stacked):
    watched, url = stacked
    frame = _open(watched, url)
    # Homs (Tadmur: Iran 34, Russia 16) is shaded Iran green; Al-Hasakah (4 events) and Aleppo (6 Turkey
    # events, but far fewer than Homs) are not as dark: intensity is share x volume
    opacity = frame.locator("body").evaluate(
        "() => { const out = {}; document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')"
        ".forEach(p => { const f = p.getAttribute('fill'), o = Number(p.getAttribute('fill-opacity'));"
        " if (o > 0) out[f] = Math.max(out[f] || 0, o); }); return out; }"
    )
    assert set(opacity) == {"#1b9e3a", "#ff7f0e"}, (
        opacity
    )  # Iran (Homs) and Turkey (Aleppo); Hasakah unshaded
    assert opacity["#1b9e3a"] > opacity["#ff7f0e"], opacity


def test_export_takes_the_view_on_screen(stacked):
    watched, url = stacked
    page = watched.page
    frame = _open(watched, url)
    _centre_on(frame, QAMISHLI, 9)  # the analyst zooms to the north-east
    page.wait_for_function("() => /view=37\\.0\\d*,41\\.2\\d*,9/.test(location.search)")
    in_view(page.get_by_text("Export this view")).click()
    page.get_by_text("View exported: centre 37.0", exact=False).wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as started:
        in_view(page.get_by_role("button", name="View file")).click()
    saved = json.loads(Path(started.value.path()).read_text(encoding="utf-8"))
    extent = saved["extent"]
    assert (round(extent["lat"], 1), round(extent["lon"], 1), extent["zoom"]) == (37.1, 41.2, 9), extent
