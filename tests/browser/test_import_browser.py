"""An editor imports an ACLED-layout file in a real browser: recognised, converted, summarised, saved."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from influence.edit import access

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _login(streamlit_server, offline_page, tmp_path):
    events = tmp_path / "events.csv"
    shutil.copy(DATA / "edit_events.csv", events)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[editors]\nalice = "{access.hash_password("correct horse", iterations=access.MIN_ITERATIONS)}"\n'
    )
    url = streamlit_server(ROOT / "app.py", events, "--secrets.files", str(secrets))
    page = offline_page.page
    page.goto(f"{url}/edit")
    page.get_by_label("User name").fill("alice")
    page.get_by_role("textbox", name="Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("tab", name="Import").click()
    return page, events


def test_an_acled_export_is_recognised_converted_and_imported_in_one_save(
    streamlit_server, offline_page, tmp_path
):
    page, events = _login(streamlit_server, offline_page, tmp_path)
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


def test_a_layout_no_preset_knows_gets_the_mapping_builder(streamlit_server, offline_page, tmp_path):
    page, _ = _login(streamlit_server, offline_page, tmp_path)
    page.locator("input[type=file]").set_input_files(str(DATA / "intake_generic.csv"))
    page.get_by_text("This layout matches no preset").wait_for(timeout=60_000)
    page.get_by_text("Choose at least the date column").wait_for(timeout=30_000)
