"""Annotations: saved in the view file, escaped, and drawn in every export (HTML, PNG, PDF); never in events.csv."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdf
import pytest
from PIL import Image

from influence.brief import callouts
from influence.export import snapshot
from influence.load.dataset import Dataset, load
from influence.view import query, viewfile
from influence.view.model import Annotation, Extent, View
from influence.view.query import Filters
from layers import LAYERS

DATA = Path(__file__).resolve().parents[1] / "data"
MADE = datetime(2021, 7, 1, 9, 0, tzinfo=UTC)
HOSTILE = "Tall Tamr `${alert(1)}` <img src=x onerror=alert(2)> {{ 7*7 }}"
CALLOUTS = (
    Annotation("label", HOSTILE, 36.65, 40.37, 36.2, 39.2),
    Annotation("arrow", "Convoy route", 34.45, 40.92, 35.33, 40.14),
    Annotation("circle", "Contested since March", 36.2, 37.15, radius_km=30),
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(DATA / "brief_events.csv")


def annotated() -> View:
    return View(
        Filters(start=date(2021, 1, 1)),
        "Annotated",
        Extent(35.6, 38.6, 7.0),
        window="custom",
        annotations=CALLOUTS,
    )


def compose(dataset: Dataset, view: View) -> snapshot.Composition:
    return snapshot.compose(
        query.apply(dataset.events, view.filters), view, dataset.version, MADE, registry=LAYERS
    )


def test_annotations_survive_save_and_reload(tmp_path: Path) -> None:
    path = tmp_path / "weekly.json"
    path.write_text(viewfile.to_json(annotated()), encoding="utf-8")
    again = viewfile.read(path, layers=LAYERS.keys)
    assert again.annotations == CALLOUTS


def test_the_html_export_holds_every_callout_escaped(dataset: Dataset) -> None:
    document = snapshot.export(compose(dataset, annotated()), "html").data.decode("utf-8")
    assert document.count("brief-callout") == 3
    # escaped by htmltext.escape, then JSON-quoted by folium into the icon's options
    assert (
        r"Tall Tamr \u0026#x60;\u0026#x24;\u0026#x7B;alert(1)\u0026#x7D;\u0026#x60; \u0026lt;img" in document
    )
    assert "<img src=x" not in document and "${alert" not in document and "{{ 7*7 }}" not in document


def test_a_view_without_annotations_draws_none(dataset: Dataset) -> None:
    assert "brief-callout" not in compose(dataset, replace(annotated(), annotations=())).html


def test_callout_text_is_in_the_pdf(dataset: Dataset) -> None:
    pdf = snapshot.export(compose(dataset, annotated()), "pdf").data
    text = pypdf.PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Convoy route" in text and "Contested since March" in text
    assert "alert(1)" in text  # drawn as the typed text, never run


def test_callouts_are_in_the_png_where_they_point(dataset: Dataset) -> None:
    plain = _pixels(snapshot.export(compose(dataset, replace(annotated(), annotations=())), "png").data)
    marked = _pixels(snapshot.export(compose(dataset, annotated()), "png").data)
    changed = np.abs(plain - marked).sum(axis=2) > 60
    # black ink was added (the callouts' colour), and only a small part of the picture changed
    ink = (marked.sum(axis=2) < 120) & changed
    assert ink.sum() > 2000
    assert changed.mean() < 0.1


def test_the_leader_line_runs_from_the_label_to_the_point() -> None:
    item = CALLOUTS[0]
    lines = [element for element in callouts.elements(item) if element.__class__.__name__ == "PolyLine"]
    assert lines and all(
        line.locations == [[item.to_lat, item.to_lon], [item.lat, item.lon]] for line in lines
    )


def test_an_arrow_head_points_at_its_point() -> None:
    head, *wings = callouts.arrow_head((35.0, 40.0), (34.0, 41.0))
    assert head == (34.0, 41.0)
    # both wings lie back towards the tail (north-west of the head)
    assert all(lat > 34.0 and lon < 41.0 for lat, lon in wings)


def test_the_events_file_is_untouched_by_a_view_with_annotations(tmp_path: Path, dataset: Dataset) -> None:
    before = (DATA / "brief_events.csv").read_bytes()
    (tmp_path / "v.json").write_text(viewfile.to_json(annotated()), encoding="utf-8")
    compose(dataset, annotated())
    assert (DATA / "brief_events.csv").read_bytes() == before
    assert "Tall Tamr" not in before.decode("utf-8")


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


# Rectangles the page drew, in CSS pixels: the legend, every place name, each circle's label with its circle
GEOMETRY = """() => {
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const map = window.__map;
  const circles = Array.from(document.querySelectorAll('.brief-callout[data-radius-km]')).map(label => {
    const lat = +label.dataset.lat, lon = +label.dataset.lon, frame = map.getContainer().getBoundingClientRect();
    const c = map.latLngToContainerPoint([lat, lon]);
    const rim = map.latLngToContainerPoint([lat + label.dataset.radiusKm / 111.32, lon]);
    return {rect: rect(label), side: label.dataset.side, centre: [frame.left + c.x, frame.top + c.y],
            radius: Math.abs(c.y - rim.y)};
  });
  return {legend: rect(document.querySelector('.map-legend')), circles: circles,
          places: Array.from(document.querySelectorAll('.place-label')).map(e => [e.textContent, rect(e)])};
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _outside(rect: list[float], centre: list[float], radius: float) -> bool:
    """True when no point of `rect` lies inside the circle."""
    nearest_x = min(max(centre[0], rect[0]), rect[2])
    nearest_y = min(max(centre[1], rect[1]), rect[3])
    return (nearest_x - centre[0]) ** 2 + (nearest_y - centre[1]) ** 2 >= radius**2


@pytest.mark.parametrize("for_print", [True, False], ids=["a4-pdf-page", "slide-png"])
def test_the_legend_and_a_circles_label_cover_no_place_name(dataset: Dataset, for_print: bool) -> None:
    # the deck's Q2 view: all of Syria, a circle around Aleppo whose rim passes just south of Azaz
    view = viewfile.read(DATA / "brief_q2.json", layers=LAYERS.keys)
    composition = compose(dataset, view)

    def measure(browser: object) -> dict:
        with snapshot.opened(browser, composition, for_print=for_print) as (page, _, _):
            return page.evaluate(GEOMETRY)

    found = snapshot.with_browser(measure)
    names = [name for name, _ in found["places"]]
    assert "Al Qāmishlī" in names and "I‘zāz" in names
    covered = [name for name, box in found["places"] if _overlap(box, found["legend"])]
    assert covered == [], f"the legend covers {covered}"
    (circle,) = found["circles"]
    assert circle["side"] in ("east", "west", "south", "north")
    assert _outside(circle["rect"], circle["centre"], circle["radius"]), "the label lies over its circle"
    under = [name for name, box in found["places"] if _overlap(box, circle["rect"])]
    assert under == [], f"the circle's label covers {under}"


def test_a_slide_shaped_view_printed_on_a4_keeps_its_centre(dataset: Dataset) -> None:
    view = viewfile.read(DATA / "brief_north.json", layers=LAYERS.keys)  # slide size, its own extent
    composition = compose(dataset, view)

    def measure(browser: object) -> list[float]:
        with snapshot.opened(browser, composition, for_print=True) as (page, _, _):
            return page.evaluate(
                "() => { const m = window.__map, c = m.getCenter(), s = m.getSize(); return [c.lat, c.lng, s.x, s.y]; }"
            )

    lat, lon, width, height = snapshot.with_browser(measure)
    assert (width, height) == snapshot.PAPER_CSS["A4"]
    assert view.extent is not None
    # within about two pixels at zoom 8 (framed for 16:9 and cut at the paper's edge, it was 78 px off)
    assert (lat, lon) == pytest.approx((view.extent.lat, view.extent.lon), abs=0.01)
