"""Callouts travel in a link: the view model survives write -> read, and a bad `ann=` never breaks a page."""

from __future__ import annotations

import base64
import hashlib
import zlib
from datetime import date
from urllib.parse import parse_qs, urlencode

from influence.view import calloutlink, urlstate
from influence.view.model import MAX_ITEMS, MAX_TEXT, Annotation, Extent, View
from influence.view.query import Filters
from influence.view.urlstate import Vocabularies

KNOWN = Vocabularies(sponsors=("Iran", "Russia"), layers=("events", "flows"), basemaps=("boundaries",))
CALLOUTS = (
    Annotation("label", 'Azaz <b>`${alert(1)}`</b> & "quotes"', 36.5864, 37.0463, 36.9, 36.6),
    Annotation("arrow", "تدمر: Russian base", 34.5601, 38.2674, 34.1, 37.5),
    Annotation("circle", "Deir ez-Zor crossings %2F ? # =", 35.3359, 40.1408, radius_km=42.5),
)
VIEW = View(
    filters=Filters(start=date(2021, 1, 1), end=date(2021, 6, 30), sponsors=("Iran",)),
    title="Q1-Q2 2021: Iran's network",
    window="custom",
    extent=Extent(35.2, 38.9, 7.0),
    annotations=CALLOUTS,
)


def _through_a_link(view: View) -> View:
    """Write the view's query string, send it as a browser would (percent-encoded), read it back."""
    params = urlstate.write(view)
    if view.extent:  # the map's own JavaScript writes `view=`; the page never does
        params["view"] = [",".join(f"{number:g}" for number in view.extent)]
    sent = urlencode(params, doseq=True)
    return urlstate.read(parse_qs(sent, keep_blank_values=True), KNOWN)


def test_a_view_with_callouts_survives_a_link():
    assert _through_a_link(VIEW) == VIEW


def test_the_link_rounds_points_to_about_ten_metres():
    precise = Annotation("label", "x", 36.123456, 37.987654, 36.5, 37.0)
    (back,) = _through_a_link(View(annotations=(precise,))).annotations
    assert (back.lat, back.lon) == (36.1235, 37.9877)


def test_the_parameter_is_url_safe_and_versioned():
    value = calloutlink.encode(CALLOUTS)
    assert value.startswith("1.")
    assert urlencode({"ann": value}) == f"ann={value}"  # nothing in it needs percent-encoding


def test_a_view_without_callouts_writes_no_parameter():
    assert "ann" not in urlstate.write(View(title="t"))


def test_callouts_too_long_for_a_link_are_left_out_with_a_note():
    # distinct hex texts (hashes) so compression cannot fold them: MAX_ITEMS callouts of MAX_TEXT characters
    many = tuple(
        Annotation("label", hashlib.sha512(bytes([number])).hexdigest() + hashlib.sha256(bytes([number])).hexdigest(),
                   35.0 + number / 100, 38.0, 35.5, 38.5)
        for number in range(MAX_ITEMS)
    )  # fmt: skip
    view = View(annotations=many)
    note = urlstate.link_note(view)
    assert "ann" not in urlstate.write(view)
    assert note is not None and f"The {MAX_ITEMS} callouts" in note and "view file" in note
    assert urlstate.link_note(VIEW) is None


def test_a_callout_the_view_file_would_refuse_is_dropped_with_a_note():
    bad = Annotation("label", "ok", 95.0, 37.0, 36.0, 37.0)  # latitude out of range
    text = "x" * (MAX_TEXT + 1)
    long = Annotation("arrow", text, 36.0, 37.0, 36.5, 37.5)
    view = urlstate.read({"ann": calloutlink.encode((CALLOUTS[0], bad, long))}, KNOWN)
    assert view.annotations == (CALLOUTS[0],)
    assert any("callout 2.lat/lon" in note for note in view.notes)
    assert any("callout 3.text" in note for note in view.notes)


def test_garbage_in_the_parameter_is_a_note_not_a_failure():
    value = calloutlink.encode(CALLOUTS)
    for garbage in ("2." + value[2:], "hello", value[:-12], "1.!!!", "1." + "A" * 4000):
        view = urlstate.read({"ann": garbage, "sponsor": "Iran"}, KNOWN)
        assert view.annotations == () and view.filters.sponsors == ("Iran",)
        assert any(note.startswith("callouts") for note in view.notes), garbage


def test_a_packed_bomb_is_refused():
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(b"[" + b" " * 1_000_000 + b"]") + packer.flush()
    value = "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    assert len(value) <= calloutlink.MAX_CHARS
    view = urlstate.read({"ann": value}, KNOWN)
    assert view.annotations == () and any("damaged" in note for note in view.notes)


def test_the_explore_page_leaves_a_links_callouts_alone():
    current = {"ann": calloutlink.encode(CALLOUTS), "title": "t", "sponsor": "Iran"}
    to_set, to_delete = urlstate.changes(current, urlstate.write(View()))
    assert to_delete == ["sponsor"] and to_set == {}
    _, brief_deletes = urlstate.changes(current, {}, urlstate.WRITTEN_KEYS + urlstate.BRIEF_KEYS)
    assert set(brief_deletes) == {"ann", "title", "sponsor"}
