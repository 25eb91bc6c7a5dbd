"""The map and its playback controls are in the window together, at 1400 x 1000 and at 800 x 900, and
nothing on the page covers the map or is cut at 800 px.

Data: the ACLED-layout import fixture (tests/data/intake_acled.csv, FICTIONAL rows in ACLED's export layout),
converted by `cli.py import` as a user would, so the page shows its problems badge as real imports do.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ROOT, wait_for_events

pytestmark = pytest.mark.browser

APP = ROOT / "app.py"
KEY = "explore_map"
PLAYBACK = (".st-key-p_back", ".st-key-p_play", ".st-key-p_forward", ".st-key-p_step", ".st-key-p_mode",
            ".st-key-p_start")  # fmt: skip
# every box the check needs, in page (viewport) pixels at scroll 0
BOXES = """selectors => { const box = s => { const e = document.querySelector(s); if (!e) return null;
  const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  return Object.fromEntries(selectors.map(s => [s, box(s)])); }"""


@pytest.fixture(scope="module")
def imported(acled_import):
    """The ACLED fixture imported into the events contract; (path, number of events)."""
    return acled_import, sum(1 for _ in acled_import.open(encoding="utf-8")) - 1


def _open(streamlit_server, browser, imported, width: int, height: int):
    path, events = imported
    url = streamlit_server(APP, path)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(f"{url}/")
    wait_for_events(page, KEY, events, timeout=60)
    page.locator(".st-key-p_step").wait_for()
    return context, page


def _inside(box: dict, width: int, height: int) -> bool:
    return (
        box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width + 0.5 and box["bottom"] <= height + 0.5
    )


def _overlap(one: dict, other: dict) -> bool:
    return not (
        one["right"] <= other["left"] or other["right"] <= one["left"]
        or one["bottom"] <= other["top"] or other["bottom"] <= one["top"]
    )  # fmt: skip


@pytest.mark.parametrize(("width", "height"), [(1400, 1000), (1100, 900), (800, 900)])
def test_the_map_and_the_playback_controls_are_in_the_window_together(
    streamlit_server, browser, imported, width, height
):
    context, page = _open(streamlit_server, browser, imported, width, height)
    try:
        frame = f".st-key-{KEY} iframe"
        boxes = page.evaluate(BOXES, [frame, *PLAYBACK])
        assert all(boxes.values()), boxes
        assert page.evaluate("() => scrollY") == 0
        for selector, box in boxes.items():
            assert _inside(box, width, height), (selector, box)
        # the map still takes most of the window's height, and the controls are under it, not on it
        map_box = boxes.pop(frame)
        assert map_box["bottom"] - map_box["top"] >= 0.55 * height, map_box
        assert map_box["right"] - map_box["left"] >= 440, map_box
        for selector, box in boxes.items():
            assert box["top"] >= map_box["bottom"], (selector, box, map_box)
    finally:
        context.close()


def test_at_800_px_nothing_covers_the_map_and_no_control_is_cut(streamlit_server, browser, imported):
    context, page = _open(streamlit_server, browser, imported, 800, 900)
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 800
        badge = page.locator(".stMarkdownBadge", has_text="problems")
        assert badge.is_visible()
        # the badge shows all its words (the grid cut "9 problems (0 errors)" to "9 problems (0 e…")
        assert badge.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), badge.inner_text()
        map_box = page.locator(f".st-key-{KEY} iframe").bounding_box()
        for selector in (".stMarkdownBadge", *PLAYBACK, "[data-testid='stHeading']"):
            box = page.locator(selector).first.bounding_box()
            corners = {"left": box["x"], "top": box["y"], "right": box["x"] + box["width"],
                       "bottom": box["y"] + box["height"]}  # fmt: skip
            framed = {"left": map_box["x"], "top": map_box["y"], "right": map_box["x"] + map_box["width"],
                      "bottom": map_box["y"] + map_box["height"]}  # fmt: skip
            assert not _overlap(corners, framed), (selector, corners, framed)
        # both choices of each segmented control are on screen, not scrolled out of their group
        for key in ("p_step", "p_mode"):
            group = page.locator(f".st-key-{key} [role='radiogroup']")
            assert group.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), key
            assert group.locator("button").count() == 2
        for label in ("Week", "Month", "Window", "Up to"):
            button = page.get_by_role("radio", name=label)
            box = button.bounding_box()
            assert box and box["width"] > 20 and box["x"] + box["width"] <= 800, (label, box)
        # the slider is wide enough to drag
        assert page.locator(".st-key-p_start").bounding_box()["width"] >= 200
    finally:
        context.close()
