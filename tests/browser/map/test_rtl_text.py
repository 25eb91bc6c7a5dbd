"""Right-to-left text reads from its start: in the events table (a canvas grid) and in the map's popups.

Data: SYNTHETIC events written by `_rtl_csv` (ids SYN-RTL-, descriptions say they are made up): one with an
Arabic place and a long Arabic description at Qamishli's gazetteer point, two English ones at Aleppo and
Al-Hasakah (the Aleppo one lasts several days, so the table's Until column has one date and two blanks).
"""

from __future__ import annotations

import csv
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from influence.contract.schema import COLUMN_NAMES
from tests.browser.conftest import ALEPPO, APP, HASAKAH, KEY, QAMISHLI, in_view, wait_for_events

pytestmark = pytest.mark.browser

# "A synthetic description: this event is not real; it was written to test that Arabic text is shown
# from its start in the table and in the map's popup" (long enough to overflow the widest column)
ARABIC = (
    "وصف تجريبي: هذا الحدث غير حقيقي، كتب لاختبار عرض النص العربي من بدايته في جدول الأحداث"
    " وفي النافذة المنبثقة على الخريطة، ولا يجوز الاستشهاد به"
)
ENGLISH = "SYNTHETIC event, no such event was reported; a long English description that overflows its cell"
HEADERS = ["Date", "Sponsor", "Place", "Description"]


def _rtl_csv(folder: Path) -> Path:
    base = dict.fromkeys(COLUMN_NAMES, "")
    base.update(precision="town", source="SYNTHETIC test data", confidence="confirmed", event_type="presence")
    rows = [
        {**base, "id": "SYN-RTL-1", "date": "2021-03-01", "place": "القامشلي", "lat": str(QAMISHLI[0]),
         "lon": str(QAMISHLI[1]), "sponsor": "Iran", "description": ARABIC},
        {**base, "id": "SYN-RTL-2", "date": "2021-02-01", "end_date": "2021-02-05", "place": "Aleppo",
         "lat": str(ALEPPO[0]), "lon": str(ALEPPO[1]), "sponsor": "Turkey", "description": ENGLISH},
        {**base, "id": "SYN-RTL-3", "date": "2021-01-01", "place": "Al-Hasakah", "lat": str(HASAKAH[0]),
         "lon": str(HASAKAH[1]), "sponsor": "Russia", "description": ENGLISH},
    ]  # fmt: skip
    path = folder / "rtl.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMN_NAMES), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def rtl_page(streamlit_server, offline_page, tmp_path):
    """The app on the RTL file, its map drawn; returns (watched page, map frame)."""
    url = streamlit_server(APP, _rtl_csv(tmp_path))
    offline_page.page.goto(f"{url}/")
    return offline_page, wait_for_events(offline_page.page, KEY, 3)


def _grid_lines(shot: Image.Image) -> tuple[list[int], list[int]]:
    """The x of the grid's column borders and the y of its row borders, read from its pixels."""
    grey = shot.convert("L")
    width, height = grey.size
    pixels = grey.load()

    def is_line(values: list[int]) -> bool:
        # a border is a light grey line (#E8E5E2) across most of the grid; cells are white, text dark
        return sum(200 <= value <= 240 for value in values) > 0.8 * len(values)

    columns = [x for x in range(1, width - 1) if is_line([pixels[x, y] for y in range(height)])]
    rows = [y for y in range(1, height - 1) if is_line([pixels[x, y] for x in range(width)])]
    return _merge(columns), _merge(rows)


def _merge(positions: list[int]) -> list[int]:
    merged: list[int] = []
    for position in positions:
        if not merged or position - merged[-1] > 2:
            merged.append(position)
    return merged


def _ink(shot: Image.Image, left: int, right: int, top: int, bottom: int) -> tuple[int, int]:
    """The leftmost and rightmost x of dark (text) pixels inside the box, relative to its left edge."""
    grey = shot.convert("L").load()
    inked = [x for x in range(left + 1, right) for y in range(top + 1, bottom) if grey[x, y] < 140]
    assert inked, "no text drawn in the cell"
    return min(inked) - left, max(inked) - left


def test_the_table_reads_arabic_from_its_start_in_a_sensible_order_with_blank_until(rtl_page):
    watched, _frame = rtl_page
    page = watched.page
    in_view(page.locator(".st-key-events_table summary")).click()
    grid = page.locator('[data-testid="stDataFrame"] [data-testid="data-grid-canvas"]')
    grid.wait_for(timeout=30_000)
    # the grid's accessible table (kept in step with what it draws) gives the order and the cells' text
    page.locator('[data-testid="stDataFrame"] td', has_text="Al-Hasakah").wait_for(state="attached")
    headers = grid.locator("th").all_inner_texts()
    assert headers[: len(HEADERS)] == HEADERS, headers
    places = [row.locator("td").nth(2).inner_text() for row in grid.locator("tbody tr").all()]
    assert places == ["القامشلي", "Aleppo", "Al-Hasakah"], places
    # the accessible table holds the columns in view only: scroll the grid to Until
    scroller = page.locator('[data-testid="stDataFrame"] .dvn-scroller')
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    until = grid.locator("th", has_text="Until")
    until.wait_for(state="attached", timeout=10_000)
    column = until.get_attribute("aria-colindex")
    cells = grid.locator(f'tbody td[aria-colindex="{column}"]').all_inner_texts()
    assert cells == ["", "2021-02-05", ""], cells  # blank, not "None"
    scroller.evaluate("e => { e.scrollLeft = 0; }")
    grid.locator("th", has_text="Description").wait_for(state="attached")

    in_view(grid)
    shot = Image.open(BytesIO(grid.screenshot())).convert("RGB")
    columns, rows = _grid_lines(shot)
    # borders: after Date, Sponsor, Place, Description, …; rows: under the header and each of 3 rows
    assert len(columns) >= 4 and len(rows) >= 3, (columns, rows)
    left, right = columns[2], columns[3]  # the Description column
    width = right - left
    arabic = _ink(shot, left, right, rows[0], rows[1])
    english = _ink(shot, left, right, rows[1], rows[2])
    # Arabic: aligned right (the grid's padding is 8 px) and cut on the left, so its start is shown
    assert arabic[1] >= width - 14 and arabic[0] <= 40, (arabic, width)
    # English: aligned left and cut on the right
    assert english[0] <= 14 and english[1] >= width - 4, (english, width)
    # the Arabic place is aligned right too, the English one left
    place_left, place_right = columns[1], columns[2]
    assert _ink(shot, place_left, place_right, rows[0], rows[1])[1] >= place_right - place_left - 14
    assert _ink(shot, place_left, place_right, rows[1], rows[2])[0] <= 14
    assert watched.page_errors == []


def test_an_arabic_popup_is_aligned_right_and_an_english_one_left(rtl_page):
    watched, frame = rtl_page
    page = watched.page
    for at, expected in ((QAMISHLI, "right"), (ALEPPO, "left")):
        point = frame.locator("body").evaluate(
            "(_, [lat, lon]) => { const m = window.__map; m.closePopup(); m.setView([lat, lon], 9, {animate: false});"
            " const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            list(at),
        )
        # a closed popup fades for 200 ms before Leaflet removes it: two popups would make the locators below
        # ambiguous (this failed once in CI on a slow machine)
        expect(frame.locator(".event-popup")).to_have_count(0, timeout=10_000)
        box = frame.locator(".leaflet-container").bounding_box()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        paragraph = frame.locator(".event-popup p")
        paragraph.wait_for(state="visible", timeout=10_000)
        # where the browser laid the text out: each line's ink against its paragraph's edges
        laid = paragraph.evaluate(
            "p => { const range = document.createRange(); range.selectNodeContents(p);"
            " const box = p.getBoundingClientRect(), lines = {};"
            " for (const r of range.getClientRects()) { const at = Math.round(r.top);"
            "  const line = lines[at] || (lines[at] = {left: Infinity, right: -Infinity});"
            "  line.left = Math.min(line.left, r.left - box.left); line.right = Math.max(line.right, box.right - r.right); }"
            " return {lines: Object.values(lines), direction: getComputedStyle(p).direction}; }"
        )
        place = frame.locator(".event-popup td", has_text="القامشلي" if expected == "right" else "Aleppo")
        place_laid = place.evaluate(
            "td => { const range = document.createRange(); range.selectNodeContents(td);"
            " const text = range.getBoundingClientRect(), box = td.getBoundingClientRect();"
            " return {left: text.left - box.left, right: box.right - text.right}; }"
        )
        if expected == "right":
            assert laid["direction"] == "rtl" and all(line["right"] < 2 for line in laid["lines"]), laid
            assert laid["lines"][-1]["left"] > 2, laid  # the last, shorter line ends short of the left edge
            assert place_laid["right"] < 4, place_laid
        else:
            assert laid["direction"] == "ltr" and all(line["left"] < 2 for line in laid["lines"]), laid
            assert place_laid["left"] < 4, place_laid
        assert paragraph.inner_text().startswith(ARABIC[:12] if expected == "right" else ENGLISH[:12])
    assert watched.page_errors == []


def test_one_popup_at_a_time_when_marks_are_clicked_one_after_another(rtl_page):
    watched, frame = rtl_page
    page = watched.page
    frame.locator("body").evaluate("() => window.__map.setView([36.6, 39.2], 7, {animate: false})")
    for at, place in (
        (QAMISHLI, "القامشلي"),
        (ALEPPO, "Aleppo"),
        (HASAKAH, "Al-Hasakah"),
        (ALEPPO, "Aleppo"),  # not Qamishli: Al-Hasakah's popup covers it at this zoom
    ):
        # where the mark is once the map has settled (opening a popup may pan the map to show it whole)
        point = frame.locator("body").evaluate(
            "(_, [lat, lon]) => new Promise(done => { const m = window.__map;"
            " const at = () => { const p = m.latLngToContainerPoint([lat, lon]); done([p.x, p.y]); };"
            " if (m._panAnim && m._panAnim._inProgress) m.once('moveend', at); else at(); })",
            list(at),
        )
        box = frame.locator(".leaflet-container").bounding_box()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        # the popup of the mark just clicked is open, and it is the only one
        frame.locator(".leaflet-popup .event-popup td", has_text=place).wait_for(
            state="visible", timeout=10_000
        )
        # the one before fades out (Leaflet removes its element 0.2 s after closing it): poll until it is gone
        expect(frame.locator(".leaflet-popup")).to_have_count(1, timeout=5_000)
        assert frame.locator("body").evaluate("() => window.__map.hasLayer(window.__map._popup)")
    assert watched.page_errors == []
