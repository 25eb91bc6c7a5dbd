"""The export panel: title, size and eight deferred download buttons with program-made file names."""

from __future__ import annotations

import json
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdf
from PIL import Image
from streamlit.testing.v1 import AppTest

from influence.export import filenames
from influence.load.dataset import load
from influence.view import calloutlink, query, viewfile
from influence.view.model import Annotation
from tests.conftest import map_drawn
from ui.explore import export_panel

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed_events.csv"
APP = ROOT / "app.py"


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


CALLOUTS = (
    Annotation("label", "Convoy route", 36.65, 40.37, 36.2, 39.2),
    Annotation("circle", "Contested since March", 36.2, 37.15, radius_km=30),
)


def test_a_links_callouts_reach_the_explore_pages_panel() -> None:
    # the Explore page itself, opened from a link with ann=: the panel says it draws them
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params[calloutlink.KEY] = calloutlink.encode(CALLOUTS)
    app.session_state["export_panel"] = True
    map_drawn(app.run())
    assert not app.exception, [failure.value for failure in app.exception]
    assert any("The link's 2 callouts are drawn" in caption.value for caption in app.caption)


def test_the_panels_png_pdf_and_html_draw_the_callouts() -> None:
    dataset = load(SEED)
    plain = viewfile.View(query.Filters(), "Callouts", (35.6, 38.6, 7.0))
    marked = replace(plain, annotations=CALLOUTS)

    def made(view: viewfile.View) -> dict[str, bytes]:
        return {
            d.label: d.make()
            for d in export_panel.downloads(dataset.events, view, dataset)
            if d.label in ("PNG", "PDF", "HTML")
        }

    before, after = made(plain), made(marked)
    assert (
        after["HTML"].decode("utf-8").count("brief-callout") == 2 and b"brief-callout" not in before["HTML"]
    )
    text = pypdf.PdfReader(BytesIO(after["PDF"])).pages[0].extract_text()
    assert "Convoy route" in text and "Contested since March" in text
    pixels = [
        np.asarray(Image.open(BytesIO(made_png)).convert("RGB")).astype(int)
        for made_png in (before["PNG"], after["PNG"])
    ]
    changed = np.abs(pixels[0] - pixels[1]).sum(axis=2) > 60
    ink = (pixels[1].sum(axis=2) < 120) & changed  # the callouts' near-black ink, where nothing was
    assert ink.sum() > 1000 and changed.mean() < 0.1
    assert (
        viewfile.from_dict(
            json.loads(
                next(
                    d
                    for d in export_panel.downloads(dataset.events, marked, dataset)
                    if d.label == "View file"
                ).make()
            )
        ).annotations
        == CALLOUTS
    )
