"""Decks: three saved views become a cover and three stamped pages / slides; the manifest replays them."""

from __future__ import annotations

import argparse
import shutil
import unicodedata
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from pptx import Presentation

from influence.brief import manifest
from influence.commands import brief
from influence.load.dataset import load
from influence.view import viewfile
from layers import LAYERS

DATA = Path(__file__).resolve().parents[1] / "data"
VIEWS = [DATA / name for name in ("brief_q1.json", "brief_q2.json", "brief_north.json")]
WINDOWS = ["2021-01-01 to 2021-03-31", "2021-04-01 to 2021-06-30", "2021-01-01 to 2021-06-30"]


def run(*arguments: str) -> int:
    parser = argparse.ArgumentParser()
    brief.configure(parser)
    parser.set_defaults(registry=LAYERS)
    return brief.run(parser.parse_args(list(arguments)))


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decks")
    events = folder / "events.csv"
    shutil.copyfile(DATA / "brief_events.csv", events)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVENTS_CSV", str(events))
        made = {}
        for fmt in ("pdf", "pptx"):
            made[fmt] = folder / f"brief.{fmt}"
            assert run(*map(str, VIEWS), "--out", str(made[fmt]), "--title", "Three views (synthetic)") == 0
    return made | {"events": events}


def expected_views() -> list[viewfile.View]:
    return [viewfile.read(path, layers=LAYERS.keys) for path in VIEWS]


def test_the_pdf_has_a_cover_and_one_stamped_page_per_view(decks: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(decks["pdf"])
    assert len(reader.pages) == 4
    cover = unicodedata.normalize("NFKC", reader.pages[0].extract_text())  # the font's "ﬁ" ligature as "fi"
    assert "Three views (synthetic)" in cover and load(decks["events"]).version in cover
    assert "DATA VERSION" in cover.upper() and "MADE" in cover.upper() and " UTC" in cover
    # the views in order, each with its window and the events it shows
    places = [cover.index(view.title) for view in expected_views()]
    assert places == sorted(places)
    for view, window, count in zip(expected_views(), WINDOWS, (13, 13, 10), strict=True):
        row = cover[cover.index(view.title) :].splitlines()[0]
        assert window in row and str(count) in row, row
    for page, view, window in zip(reader.pages[1:], expected_views(), WINDOWS, strict=True):
        text = page.extract_text()
        assert f"Window: {window}" in text and view.title in text
        assert "Data version:" in text and "Made:" in text and "Sources:" in text
    # the Al-Hasakah view shows only that governorate's events: its stamp says how many
    assert "Events shown: 10" in reader.pages[3].extract_text()


def test_the_pdf_carries_its_manifest(decks: dict[str, Path]) -> None:
    found = manifest.read(decks["pdf"], layers=LAYERS.keys)
    assert [name for name, _ in found.views] == [path.name for path in VIEWS]
    assert [view for _, view in found.views] == expected_views()
    assert found.data_version == load(decks["events"]).version
    assert found.views[1][1].annotations  # the annotations travel with the view


def test_the_pptx_has_one_slide_per_view_with_image_stamp_and_notes(decks: dict[str, Path]) -> None:
    presentation = Presentation(str(decks["pptx"]))
    slides = list(presentation.slides)
    assert len(slides) == 4
    band = slides[0].shapes[0].text_frame.text
    assert "Three views (synthetic)" in band and f"Data version: {load(decks['events']).version}" in band
    assert "Views: 3" in band and "Made: " in band and " UTC" in band
    table = next(shape.table for shape in slides[0].shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][1:4] == ["View", "Window", "Events shown"]
    assert [row[1:4] for row in rows[1:]] == [
        [view.title, window, count]
        for view, window, count in zip(expected_views(), WINDOWS, ("13", "13", "10"), strict=True)
    ]
    for slide, view, window in zip(slides[1:], expected_views(), WINDOWS, strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        with Image.open(BytesIO(pictures[0].image.blob)) as image:
            assert image.size == (1920, 1080)
            assert image.text["Window"] == window and image.text["Title"] == view.title
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Window: {window}" in notes
        assert "Sources:\n- SYNTHETIC test data (briefs) (" in notes
        assert notes.count("Sources") == 1, notes  # the stamp's own sources line is not repeated
    assert manifest.read(decks["pptx"]).data_version == load(decks["events"]).version


def test_replay_on_the_same_data_says_unchanged(
    decks: dict[str, Path], tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("EVENTS_CSV", str(decks["events"]))
    out = tmp_path / "again.pdf"
    assert run("--replay", str(decks["pdf"]), "--out", str(out)) == 0
    assert "data unchanged since the deck was made" in capsys.readouterr().out
    assert len(pypdf.PdfReader(out).pages) == 4


def test_replay_on_changed_data_says_so(decks: dict[str, Path], tmp_path: Path, capsys, monkeypatch) -> None:
    changed = tmp_path / "events.csv"
    text = decks["events"].read_text(encoding="utf-8")
    changed.write_text(
        text.replace("SYNTHETIC before only", "SYNTHETIC before only (edited)", 1), encoding="utf-8"
    )
    monkeypatch.setenv("EVENTS_CSV", str(changed))
    out = tmp_path / "replayed.pptx"
    assert run("--replay", str(decks["pptx"]), "--out", str(out)) == 0
    said = capsys.readouterr().out
    old, new = load(decks["events"]).version, load(changed).version
    assert "data changed since the deck was made" in said and f"version {old} then, {new} now" in said
    assert len(Presentation(str(out)).slides) == 4


def test_mistakes_are_named(tmp_path: Path, capsys) -> None:
    assert run(str(VIEWS[0]), "--out", str(tmp_path / "deck.docx")) == 2
    assert "--out must end in .pdf or .pptx" in capsys.readouterr().err
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(pypdf_blank())
    assert run("--replay", str(plain)) == 2
    assert "no brief-manifest.json attached" in capsys.readouterr().err


def pypdf_blank() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
