"""Snapshots: PNG and PDF of the same composition the app shows, with legend and stamp; HTML that works offline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import pytest
from PIL import Image

from influence.export import pngtext, snapshot
from influence.load import synthetic
from influence.load.dataset import Dataset, load
from influence.view import query, viewfile
from influence.view.viewfile import View
from layers import LAYERS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed_events.csv"  # a committed copy of the seed rows
VIEW = ROOT / "tests" / "data" / "export_view.json"
MADE = datetime(2021, 3, 1, 12, 30, tzinfo=UTC)
HOSTILE_TITLE = "<img src=x onerror=alert(1)> `${alert(2)}` \\ </script> تجنيد"
IRAN, RUSSIA = (27, 158, 58), (214, 39, 40)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(SEED)


@pytest.fixture(scope="module")
def iran_view() -> View:
    return viewfile.read(VIEW)


def shown(dataset: Dataset, view: View) -> Any:
    return query.apply(dataset.events, view.filters)


def compose(dataset: Dataset, view: View) -> snapshot.Composition:
    return snapshot.compose(shown(dataset, view), view, dataset.version, MADE, registry=LAYERS)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


def near(image: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Pixels of the colour's hue, saturated enough to be a sponsor's mark or area (any opacity, any ground)."""
    hsv = np.asarray(Image.fromarray(image.astype(np.uint8)).convert("HSV")).astype(int)
    target = np.asarray(Image.new("RGB", (1, 1), colour).convert("HSV")).astype(int)[0, 0]
    distance = np.abs(hsv[..., 0] - target[0])
    distance = np.minimum(distance, 256 - distance)  # hue wraps around (red sits at both ends)
    return (distance <= 14) & (hsv[..., 1] > 90) & (hsv[..., 2] > 60)  # 14 of 256: about 20 degrees


def map_region(image: np.ndarray) -> np.ndarray:
    """The map left of the legend (top right) and of the stamp (bottom right): where events are drawn."""
    height, width, _ = image.shape
    region = image.copy()
    region[:, width * 3 // 4 :] = 255
    region[height * 3 // 4 :, width // 2 :] = 255
    return region


# Without a browser -------------------------------------------------------------------------------


def test_composition_is_the_mapview_document_plus_the_stamp(dataset: Dataset, iran_view: View) -> None:
    composition = compose(dataset, iran_view)
    assert composition.html.count('class="influence-stamp"') == 1
    assert composition.html.rstrip().endswith("</html>")
    assert "map-title" in composition.html and "map-legend" in composition.html
    assert composition.tile_hosts == () and composition.draws_events
    assert composition.stamp.count == len(shown(dataset, iran_view))
    assert re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", composition.html) is None


def test_html_export_needs_no_browser(dataset: Dataset, iran_view: View) -> None:
    rendering = snapshot.export(compose(dataset, iran_view), "html")
    assert rendering.media_type == "text/html" and rendering.events_drawn is None
    assert b"Natural Earth" in rendering.data and dataset.version.encode() in rendering.data


def test_online_basemap_allows_its_tile_host_only_and_credits_it(dataset: Dataset) -> None:
    composition = compose(dataset, View(basemap="osm"))
    assert composition.tile_hosts == ("tile.openstreetmap.org",)
    assert "OpenStreetMap" in dict(composition.stamp.lines())["Basemap"]


def test_png_text_chunks_are_readable() -> None:
    blank = BytesIO()
    Image.new("RGB", (4, 3), "white").save(blank, format="PNG")
    stamped = pngtext.with_text(blank.getvalue(), {"Title": "إيران & <b>", "Window": "a to b"})
    image = Image.open(BytesIO(stamped))
    image.load()
    assert image.text == {"Title": "إيران & <b>", "Window": "a to b"}
    assert image.size == (4, 3)


def test_unknown_format_is_refused(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        snapshot.export(compose(dataset, View()), "svg")


# With the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def iran_png(dataset: Dataset, iran_view: View) -> snapshot.Rendering:
    return snapshot.export(compose(dataset, iran_view), "png")


@pytest.mark.browser
def test_png_is_a_slide_and_carries_the_stamp(
    iran_png: snapshot.Rendering, dataset: Dataset, iran_view: View
) -> None:
    image = Image.open(BytesIO(iran_png.data))
    image.load()
    assert image.size == (1920, 1080)
    texts = image.text
    assert texts["Title"] == iran_view.title
    assert texts["Window"] == "2021-01-01 to 2021-02-28"
    assert texts["Filters"] == "Sponsors: Iran"
    assert texts["Data version"] == dataset.version
    assert texts["Sources"].startswith("Asharq Al-Awsat")
    assert texts["Made"] == "2021-03-01 12:30 UTC"
    assert "Natural Earth" in texts["Geodata"]
    assert texts["Events drawn"] == texts["Events shown"] == str(len(shown(dataset, iran_view))) != "0"


@pytest.mark.browser
def test_png_shows_the_filtered_sponsor_legend_and_stamp(iran_png: snapshot.Rendering) -> None:
    image = pixels(iran_png.data)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 500, "a blank or flat picture"
    drawn = map_region(image)
    # marks and areas only: with a handful of events per governorate the influence shading stays off
    assert near(drawn, IRAN).sum() > 500, "Iran's events and areas are drawn in Iran's colour"
    assert near(drawn, RUSSIA).sum() < 50, "the Russia events were filtered out"
    height, width, _ = image.shape
    legend = image[: height * 3 // 4, width * 3 // 4 :]
    assert near(legend, IRAN).sum() > 100, "legend swatches"
    assert near(legend, RUSSIA).sum() < 20, "the legend lists only the sponsors on the map"
    stamp_box = image[height - 150 : height - 60, width - 500 : width - 40]  # inside the stamp (bottom right)
    assert stamp_box.mean() > 215, "the stamp's white box, not map colours"
    assert (stamp_box < 100).all(axis=2).sum() > 200, "dark stamp text"


@pytest.mark.browser
def test_whole_data_set_shows_every_sponsor(dataset: Dataset) -> None:
    rendering = snapshot.export(compose(dataset, View()), "png")
    image = map_region(pixels(rendering.data))
    assert rendering.events_drawn == len(dataset.events)
    assert near(image, IRAN).sum() > 500 and near(image, RUSSIA).sum() > 100


@pytest.mark.browser
@pytest.mark.parametrize(
    ("size", "pixels_wide", "pixels_high"),
    [("a4", 2339, 1654), ("letter", 2200, 1700), ("1000x700", 1000, 700)],
)
def test_png_sizes(dataset: Dataset, iran_view: View, size: str, pixels_wide: int, pixels_high: int) -> None:
    view = viewfile.from_dict(viewfile.to_dict(iran_view) | {"size": size})
    image = Image.open(BytesIO(snapshot.export(compose(dataset, view), "png").data))
    assert image.size == (pixels_wide, pixels_high)


@pytest.mark.browser
@pytest.mark.parametrize(("size", "points"), [("a4", (842, 595)), ("letter", (792, 612))])
def test_pdf_is_one_landscape_page_with_legend_stamp_and_vector_borders(
    dataset: Dataset, iran_view: View, size: str, points: tuple[int, int]
) -> None:
    view = viewfile.from_dict(viewfile.to_dict(iran_view) | {"size": size})
    rendering = snapshot.export(compose(dataset, view), "pdf")
    reader = pypdf.PdfReader(BytesIO(rendering.data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) in {
        points,
        (points[0] + 1, points[1] + 1),
    }
    text = " ".join(page.extract_text().split())  # the stamp wraps long lines
    for expected in (iran_view.title, "2021-01-01 to 2021-02-28", dataset.version, "Natural Earth", "GeoNames (CC BY 4.0)",
                     "Legend", "Iran", "Recruitment", "Sponsors: Iran", "Events shown: 4"):  # fmt: skip
        assert expected in text, expected
    # the borders are vector paths, not a picture of them
    assert len(re.findall(rb"\sl\n", page.get_contents().get_data())) > 500


@pytest.mark.browser
def test_view_without_the_events_layer_still_draws_the_map(dataset: Dataset) -> None:
    rendering = snapshot.export(compose(dataset, View(layers=("influence",))), "png")
    assert rendering.events_drawn == 0
    assert len(np.unique(pixels(rendering.data).reshape(-1, 3), axis=0)) > 200


@pytest.mark.browser
def test_unreachable_tiles_fall_back_to_the_offline_borders(dataset: Dataset) -> None:
    # no network here: the tile host is allowed but cannot answer; the borders are drawn and the stamp drops the credit
    rendering = snapshot.export(compose(dataset, View(basemap="osm")), "png")
    image = Image.open(BytesIO(rendering.data))
    assert rendering.events_drawn == len(dataset.events)
    assert len(np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)) > 200
    assert "Basemap" not in image.text, "no tile was drawn, so none is credited"


def open_offline(path: Path) -> dict:
    """Open a file in Chromium with every request but the file itself refused; report what happened."""

    def job(browser: Any) -> dict:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        try:
            page = context.new_page()
            errors: list[str] = []
            refused: list[str] = []
            dialogs: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

            def gate(route: Any) -> None:
                if route.request.url == path.as_uri():
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort()

            page.route("**/*", gate)
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(snapshot.DRAWN_HOOK, timeout=20_000)
            return {
                "drawn": page.evaluate(snapshot.DRAWN_COUNT),
                "title": page.inner_text(".map-title"),
                "stamp": page.inner_text(".influence-stamp"),
                "errors": errors,
                "refused": refused,
                "dialogs": dialogs,
            }
        finally:
            context.close()

    return snapshot.with_browser(job)


@pytest.mark.browser
def test_html_export_works_offline_with_every_request_refused(tmp_path: Path, dataset: Dataset) -> None:
    view = View(title=HOSTILE_TITLE)
    path = tmp_path / "brief.html"
    path.write_bytes(snapshot.export(compose(dataset, view), "html").data)
    opened = open_offline(path)
    assert opened["errors"] == [] and opened["dialogs"] == []
    assert opened["refused"] == [], "a self-contained file asks for nothing"
    assert opened["drawn"] == len(dataset.events)
    assert opened["title"] == HOSTILE_TITLE  # shown literally, never run
    assert dataset.version in opened["stamp"] and "Natural Earth" in opened["stamp"]


@pytest.mark.browser
def test_hostile_synthetic_text_is_drawn_and_never_run(tmp_path: Path) -> None:
    data = synthetic.write(tmp_path / "hostile.csv", 40, hostile=True)
    hostile = load(data)
    view = View(title=HOSTILE_TITLE, filters=query.Filters(text="alert"))
    composition = snapshot.compose(
        query.apply(hostile.events, view.filters), view, hostile.version, MADE, registry=LAYERS
    )
    rendering = snapshot.export(composition, "png")  # a page error or an alert would fail the snapshot
    assert rendering.events_drawn == composition.stamp.count > 0
    assert Image.open(BytesIO(rendering.data)).text["Title"] == HOSTILE_TITLE


@pytest.mark.browser
def test_browser_is_reused(dataset: Dataset) -> None:
    first = snapshot.with_browser(lambda browser: id(browser))
    snapshot.export(compose(dataset, View()), "png")
    assert snapshot.with_browser(lambda browser: id(browser)) == first
