"""An editor in a real browser: log in, place a row by clicking the offline map, save; file and audit follow."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "data" / "edit_events.csv"


def rows(path: Path) -> dict[str, dict[str, str]]:
    """The events file as id -> row (the file's own encoding is UTF-8 here)."""
    return {
        row["id"]: row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    }


def test_editor_logs_in_places_a_row_by_map_click_and_saves(editor_page, offline_page, tmp_path):
    before = rows(FIXTURE)
    page, events = editor_page(FIXTURE)
    page.get_by_text("Set the location by clicking on a map").click()

    frame_element = page.locator("[data-testid='stExpander'] iframe").last
    leaflet = frame_element.content_frame.locator(".leaflet-container")
    leaflet.wait_for(timeout=30_000)
    frame_element.scroll_into_view_if_needed()
    box = leaflet.bounding_box()  # in page coordinates
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the map's centre: in Syria
    chosen = page.get_by_role("button", name="Set row 1 to")
    chosen.click()
    # far from the row's own place (Qamishli): a warning is shown, and warnings do not block Save
    page.get_by_text("0 errors, 1 warnings").wait_for(timeout=30_000)
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_enabled(timeout=30_000)
    save.click()
    page.get_by_text("Saved: 0 added, 1 changed, 0 deleted").wait_for(timeout=30_000)

    after = rows(events)
    first_id = next(iter(before))
    lat, lon = float(after[first_id]["lat"]), float(after[first_id]["lon"])
    assert 34.0 < lat < 36.0 and 37.5 < lon < 39.5, (lat, lon)
    assert {key: row for key, row in after.items() if key != first_id} == {
        key: row for key, row in before.items() if key != first_id
    }
    lines = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    [entry] = [line for line in lines if "intent" not in line]  # the intent line precedes the entry
    assert entry["user"] == "alice" and first_id in json.dumps(entry)
    assert offline_page.blocked == [] and offline_page.page_errors == []
