"""View files: a small versioned JSON that round-trips, canonicalises names and names every mistake."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from influence.view import sizes, viewfile
from influence.view.query import Filters
from influence.view.viewfile import View, ViewFileError

DATA = Path(__file__).resolve().parents[1] / "data"


def full_view() -> View:
    filters = Filters(
        start=date(2021, 1, 1),
        end=date(2021, 2, 28),
        sponsors=("Iran", "Russia"),
        actors=("Liwa Fatimiyoun",),
        event_types=("recruitment",),
        governorates=("Al-Hasakah",),
        min_confidence="probable",
        text="Qamishli",
        chains_only=True,
        tie_kinds=("own forces",),
    )
    return View(
        filters, "Weekly: <Iran> & `co`", (36.5, 40.8, 8.0), "a4", ("events", "flows"), "boundaries", "custom"
    )


def test_view_round_trips_through_json() -> None:
    view = full_view()
    assert viewfile.from_json(viewfile.to_json(view)) == view


def test_default_view_round_trips_and_names_its_version() -> None:
    data = json.loads(viewfile.to_json(View()))
    assert data["version"] == viewfile.FORMAT_VERSION
    assert list(data) == list(viewfile.KEYS)
    assert viewfile.from_dict(data) == View()


def test_committed_fixture_reads(tmp_path: Path) -> None:
    view = viewfile.read(DATA / "export_view.json")
    assert view.filters.sponsors == ("Iran",)
    assert view.filters.start == date(2021, 1, 1) and view.filters.end == date(2021, 2, 28)
    assert view.size == "slide"


def test_aliases_are_canonicalised() -> None:
    data = viewfile.to_dict(View())
    data["filters"]["sponsors"] = ["iranian", "Россия"]
    data["filters"]["event_types"] = ["base"]
    view = viewfile.from_dict(data)
    assert view.filters.sponsors == ("Iran", "Russia")
    assert view.filters.event_types == ("presence",)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version=3), "version: this program reads view files of version 1 or 2, found 3"),
        (lambda d: d.pop("version"), "found None"),
        (lambda d: d.update(tittle="x"), "unknown keys 'tittle'"),
        (lambda d: d["window"].update(start="2021-13-01"), "window.start: '2021-13-01' is not a date"),
        (lambda d: d["window"].update(start="2021-03-01", end="2021-01-01"), "start 2021-03-01 is after end"),
        (
            lambda d: d["filters"].update(sponsors=["Irann"]),
            "unknown sponsor 'Irann'; did you mean 'Iran'?",
        ),
        (lambda d: d["filters"].update(event_types=["trainig"]), "did you mean 'training'?"),
        (lambda d: d["filters"].update(governorates=["Hasaka"]), "did you mean 'Al-Hasakah'?"),
        (lambda d: d["filters"].update(min_confidence="sure"), "unknown confidence level 'sure'"),
        (lambda d: d["filters"].update(sponsors="Iran"), "filters.sponsors: expected a list of names"),
        (lambda d: d.update(extent={"lat": 95, "lon": 1, "zoom": 3}), "extent '95,1,3' is out of range"),
        (lambda d: d.update(extent={"lat": "36", "lon": 1, "zoom": 3}), "extent: expected null or"),
        (lambda d: d.update(size="huge"), "size 'huge': use slide, a4, letter or WIDTHxHEIGHT"),
        (lambda d: d.update(size="9000x100"), "between 320 and 8000 pixels"),
        (lambda d: d.update(title="x" * 201), "title: 201 characters"),
        (lambda d: d.update(layers="events"), "layers: expected null"),
    ],
)
def test_mistakes_are_named(change: Callable[[dict], object], expected: str) -> None:
    data = viewfile.to_dict(View())
    change(data)
    with pytest.raises(ViewFileError, match="view file: ") as raised:
        viewfile.from_dict(data)
    assert expected in str(raised.value)


def test_every_mistake_is_listed_at_once() -> None:
    data = viewfile.to_dict(View()) | {"size": "huge", "version": 3}
    with pytest.raises(ViewFileError) as raised:
        viewfile.from_dict(data, "weekly.json")
    assert str(raised.value).startswith("weekly.json: 2 problems:")


def test_layers_and_basemaps_are_checked_against_what_is_known() -> None:
    data = viewfile.to_dict(View()) | {"layers": ["event"], "basemap": "osm"}
    with pytest.raises(ViewFileError) as raised:
        viewfile.from_dict(data, layers=("events", "flows"), basemaps=("boundaries", "osm-tiles"))
    assert "did you mean 'events'?" in str(raised.value)
    assert "unknown basemap 'osm'" in str(raised.value)


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ViewFileError, match=r"broken.json: not JSON"):
        viewfile.read(broken)
    with pytest.raises(ViewFileError, match=r"missing.json: cannot read"):
        viewfile.read(tmp_path / "missing.json")
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(ViewFileError, match="a view file is a JSON object"):
        viewfile.read(listed)


@pytest.mark.parametrize(
    ("text", "pixels"),
    [("slide", (1920, 1080)), ("A4", (2339, 1654)), ("letter", (2200, 1700)), ("1600x900", (1600, 900))],
)
def test_sizes(text: str, pixels: tuple[int, int]) -> None:
    size = sizes.parse_size(text)
    assert (size.width, size.height) == pixels
    css_width, css_height = size.css
    assert abs(css_width * size.scale - size.width) <= 1 and abs(css_height * size.scale - size.height) <= 1


def test_print_sizes_are_at_least_200_dpi() -> None:
    a4, letter = sizes.SIZES["a4"], sizes.SIZES["letter"]
    assert a4.width / (297 / 25.4) >= 199.9 and a4.height / (210 / 25.4) >= 199.9
    assert letter.width / 11 >= 200 and letter.height / 8.5 >= 200


def test_kinds_of_tie_are_checked_against_the_registry_and_older_files_without_them_read() -> None:
    data = viewfile.to_dict(full_view())
    assert data["filters"]["tie_kinds"] == ["own forces"]
    data["filters"]["tie_kinds"] = ["cousins"]
    with pytest.raises(ViewFileError, match=r"kind of tie.*cousins|cousins.*kind of tie"):
        viewfile.from_dict(data)
    del data["filters"]["tie_kinds"]
    assert viewfile.from_dict(data).filters.tie_kinds == ()
