"""One view model: a link and a view file are two spellings of the same View, checked by the same rules."""

from __future__ import annotations

import json
from datetime import date

import pytest

from influence.view import model, urlstate, viewfile
from influence.view.model import Annotation, Extent, View
from influence.view.query import Filters
from influence.view.viewfile import ViewFileError

KNOWN = model.declared(layers=("events", "flows"))
CALLOUTS = (
    Annotation("label", "Tall Tamr: `${x}` <b>", 36.65, 40.37, 36.9, 40.0),
    Annotation("arrow", "Convoy route", 35.33, 40.14, 34.45, 40.92),
    Annotation("circle", "Contested since March", 36.2, 37.15, radius_km=25),
)


def test_the_link_and_the_view_file_carry_the_same_class() -> None:
    assert urlstate.UrlState is View
    assert urlstate.read({}, KNOWN) == viewfile.from_dict(viewfile.to_dict(View()))


@pytest.mark.parametrize(
    ("link", "file_change"),
    [
        ({"sponsor": "Irann"}, lambda d: d["filters"].update(sponsors=["Irann"])),
        ({"type": "trainig"}, lambda d: d["filters"].update(event_types=["trainig"])),
        ({"gov": "Hasaka"}, lambda d: d["filters"].update(governorates=["Hasaka"])),
        ({"layers": "event"}, lambda d: d.update(layers=["event"])),
        ({"basemap": "moon"}, lambda d: d.update(basemap="moon")),
        ({"confidence": "sure"}, lambda d: d["filters"].update(min_confidence="sure")),
        ({"view": "95,38,6"}, lambda d: d.update(extent={"lat": 95, "lon": 38, "zoom": 6})),
        ({"start": "2021-13-01"}, lambda d: d["window"].update(start="2021-13-01")),
    ],
)
def test_a_bad_value_gets_the_same_words_in_a_link_and_a_file(link, file_change) -> None:
    note = urlstate.read(link, KNOWN).notes[0]
    data = viewfile.to_dict(View())
    file_change(data)
    with pytest.raises(ViewFileError) as raised:
        viewfile.from_dict(data, "v.json", layers=KNOWN.layers)
    problem = str(raised.value).removeprefix("v.json: ")
    assert note.casefold().startswith(problem.casefold()), (note, problem)


def test_aliases_are_canonical_in_a_link_too() -> None:
    state = urlstate.read({"sponsor": ["iranian", "Россия"], "type": "base"}, KNOWN)
    assert state.filters.sponsors == ("Iran", "Russia")
    assert state.filters.event_types == ("presence",)
    assert state.notes == ()


def test_annotations_round_trip_through_the_view_file() -> None:
    view = View(Filters(start=date(2021, 1, 1)), "Brief", Extent(36.0, 39.0, 7.0), window="custom")
    view = View(**{**view.__dict__, "annotations": CALLOUTS})
    again = viewfile.from_json(viewfile.to_json(view))
    assert again == view
    assert again.annotations[0].text == "Tall Tamr: `${x}` <b>"  # kept as typed; escaped when drawn


def test_a_version_1_file_reads_as_a_view_without_annotations() -> None:
    data = viewfile.to_dict(View(Filters(sponsors=("Iran",))))
    data.pop("annotations")
    data["version"] = 1
    view = viewfile.from_dict(data)
    assert view.annotations == () and view.filters.sponsors == ("Iran",)
    assert json.loads(viewfile.to_json(view))["version"] == 2  # saved again, it is a version-2 file


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"kind": "star", "text": "x", "lat": 36, "lon": 38}, "annotations[1].kind: 'star' is unknown"),
        ({"kind": "label", "text": "x", "lat": 36, "lon": 38}, "annotations[1].to_lat/to_lon: expected"),
        ({"kind": "circle", "text": "x", "lat": 36, "lon": 38}, "annotations[1].radius_km: expected"),
        ({"kind": "circle", "text": "x", "lat": 99, "lon": 38, "radius_km": 5}, "annotations[1].lat/lon"),
        (
            {"kind": "arrow", "text": "x" * 201, "lat": 1, "lon": 1, "to_lat": 2, "to_lon": 2},
            "201 characters",
        ),
        ({"kind": "circle", "text": "x", "lat": 1, "lon": 1, "radius_km": 5, "colour": "red"}, "'colour'"),
    ],
)
def test_bad_annotations_are_named(item: dict, expected: str) -> None:
    data = viewfile.to_dict(View()) | {"annotations": [item]}
    with pytest.raises(ViewFileError) as raised:
        viewfile.from_dict(data)
    assert expected in str(raised.value)


def test_a_version_1_file_with_annotations_is_refused() -> None:
    data = viewfile.to_dict(View()) | {"version": 1}
    with pytest.raises(ViewFileError, match="a version-1 view file has none"):
        viewfile.from_dict(data)
