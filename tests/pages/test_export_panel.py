"""The export panel: title, size and eight deferred download buttons with program-made file names."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from influence.export import filenames
from influence.load.dataset import load
from influence.view import query, viewfile
from ui.explore import export_panel

SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_events.csv"


def panel() -> None:
    from influence.load.dataset import load
    from influence.view import query
    from ui.explore import export_panel

    dataset = load()  # $EVENTS_CSV: the seed rows' private copy (tests/conftest.py)
    export_panel.render(dataset.events, query.Filters(), (35.0, 38.0, 7.0), dataset, title="Analyst's title")


def test_panel_is_built_only_when_opened() -> None:
    # opening it reruns the page, which reads the view the map wrote last into the address
    app = AppTest.from_function(panel, default_timeout=30).run()
    assert not app.exception
    assert app.get("download_button") == [] and app.text_input.len == 0


def test_panel_draws_title_size_buttons_and_the_view_it_exports() -> None:
    app = AppTest.from_function(panel, default_timeout=30)
    app.session_state["export_panel"] = True  # as if opened
    app.run()
    assert not app.exception
    assert any("centre 35.000, 38.000, zoom 7" in caption.value for caption in app.caption)
    assert [box.value for box in app.text_input] == ["Analyst's title"]
    assert [box.value for box in app.selectbox] == ["slide"]
    labels = [button.label for button in app.get("download_button")]
    assert labels == ["PNG", "PDF", "HTML", "CSV", "GeoJSON", "View file", "Playback GIF", "Playback MP4"]


def test_file_names_never_come_from_typed_text() -> None:
    dataset = load(SEED)
    hostile = query.Filters(text="<script>../../x", actors=("../../etc",))
    view = viewfile.View(hostile, title="../../boot; rm -rf")
    names = [download.file_name for download in export_panel.downloads(dataset.events, view, dataset)]
    assert len(set(names)) == len(names)
    for name in names:
        assert name.startswith("syria-influence") and set(name) <= filenames.SAFE_ALPHABET, name


def test_view_file_download_replays_the_view() -> None:
    dataset = load(SEED)
    view = viewfile.View(query.Filters(sponsors=("Iran",)), "Weekly", (36.0, 39.5, 7.0), "a4", ("events",))
    made = {d.label: d for d in export_panel.downloads(dataset.events, view, dataset)}
    assert viewfile.from_dict(json.loads(made["View file"].make())) == view
    assert made["CSV"].make().startswith(b"\xef\xbb\xbfid,date,")
