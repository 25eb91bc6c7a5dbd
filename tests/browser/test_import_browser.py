"""An editor imports an ACLED-layout file in a real browser: recognised, converted, summarised, saved."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _login(editor_page):
    page, events = editor_page(DATA / "edit_events.csv")
    page.get_by_role("tab", name="Import").click()
    return page, events


def test_an_acled_export_is_recognised_converted_and_imported_in_one_save(editor_page, offline_page):
    page, events = _login(editor_page)
    page.locator("input[type=file]").set_input_files(str(DATA / "intake_acled.csv"))
    page.get_by_text("Recognised as ACLED export from its header").wait_for(timeout=60_000)
    page.get_by_text("289 rows read, 285 events written, 4 rejected").wait_for(timeout=60_000)
    page.get_by_text("Rows left out (4), by source line").wait_for()
    button = page.get_by_role("button", name="Import (285 added")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.get_by_text("Saved: 285 added, 0 changed, 0 deleted").wait_for(timeout=60_000)
    ids = {row["id"] for row in csv.DictReader(io.StringIO(events.read_text(encoding="utf-8")))}
    assert {"SYRFX0001", "SYRFX9001", "SYRFX9002"} <= ids and "SYRFX9005" not in ids  # the bad date left out
    assert offline_page.page_errors == []


def test_a_layout_no_preset_knows_gets_the_mapping_builder(editor_page, offline_page):
    page, _ = _login(editor_page)
    page.locator("input[type=file]").set_input_files(str(DATA / "intake_generic.csv"))
    page.get_by_text("This layout matches no preset").wait_for(timeout=60_000)
    page.get_by_text("Choose at least the date column").wait_for(timeout=30_000)
