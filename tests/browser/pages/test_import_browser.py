"""An editor imports an ACLED-layout file in a real browser: recognised, converted, summarised, saved."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
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


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the Streamlit selectbox labelled `label` (typed, then chosen from the list)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_a_mapping_built_in_the_app_is_saved_and_recognises_the_next_file(
    editor_page, offline_page, tmp_path
):
    presets = tmp_path / "presets"
    presets.mkdir()
    page, events = editor_page(DATA / "edit_events.csv", environment={"PRESETS_DIR": str(presets)})
    page.get_by_role("tab", name="Import").click()
    page.locator("input[type=file]").set_input_files(str(DATA / "intake_generic.csv"))
    page.get_by_text("This layout matches no preset").wait_for(timeout=60_000)
    for field, column in (("id", "Report"), ("date", "Day (dd/mm/yyyy)"), ("place", "Town"),
                          ("governorate", "Province"), ("actor", "Group"), ("source", "Outlet")):  # fmt: skip
        _choose(page, field, column)
    dates = page.get_by_role("combobox", name="How dates are written")
    dates.click()
    page.get_by_role("option", name="02/06/2023 (day first)").click()
    page.keyboard.press("Escape")
    _choose(page, "Event type when not given", "battle")
    name = page.get_by_label("Name to save this mapping under")
    name.fill("built-in-app")
    name.press("Enter")
    page.get_by_role("button", name="Save this mapping for reuse").click()
    page.get_by_text("Saved as built-in-app.toml").wait_for(timeout=30_000)
    assert (presets / "built-in-app.toml").exists()

    # a second file in the same layout, other rows: recognised by the saved mapping, converted with no choice made
    second = tmp_path / "second-export.csv"
    lines = (DATA / "intake_generic.csv").read_text(encoding="utf-8").splitlines()
    second.write_text("\n".join([lines[0], *(line.replace("G-0", "H-0", 1) for line in lines[1:4])]) + "\n")
    page.locator("input[type=file]").set_input_files(str(second))
    page.get_by_text("Recognised as Mapping 'built-in-app' from its header").wait_for(timeout=60_000)
    # the same rows as the fixture mapping converts (tests/data/intake_generic_mapping.toml): Majdal, Hama is
    # no place in Hama, so that row is reported, not guessed
    page.get_by_text("3 rows read, 2 events written, 1 rejected").wait_for(timeout=60_000)
    button = page.get_by_role("button", name="Import (2 added")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.get_by_text("Saved: 2 added, 0 changed, 0 deleted").wait_for(timeout=60_000)
    ids = {row["id"] for row in csv.DictReader(io.StringIO(events.read_text(encoding="utf-8")))}
    assert {"H-001", "H-003"} <= ids and "H-002" not in ids
    assert offline_page.page_errors == []
