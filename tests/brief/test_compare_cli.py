"""`cli.py export --compare BEFORE_VIEW AFTER_VIEW`: the table of changes and a stamped change map."""

from __future__ import annotations

import argparse
import csv
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from influence.brief import manifest
from influence.commands import export
from influence.view import viewfile
from layers import LAYERS

DATA = Path(__file__).resolve().parents[1] / "data"
Q1, Q2 = str(DATA / "brief_q1.json"), str(DATA / "brief_q2.json")


@pytest.fixture(autouse=True)
def brief_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTS_CSV", str(DATA / "brief_events.csv"))


def run(*arguments: str) -> int:
    parser = argparse.ArgumentParser()
    export.configure(parser)
    parser.set_defaults(registry=LAYERS)
    return export.run(parser.parse_args(list(arguments)))


def test_the_table_of_changes_as_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "changes.csv"
    assert run("--compare", Q1, Q2, "--out", str(out)) == 0
    assert "10 appeared, 10 ended, 3 continued" in capsys.readouterr().out
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    contested = {row["governorate"]: row["change"] for row in rows if "contested" in row["change"]}
    assert contested == {"Aleppo": "became contested", "Al-Hasakah": "stopped being contested"}
    assert all(row["events_before"] or row["events_after"] for row in rows)


def test_the_change_map_png_is_stamped_with_both_windows(tmp_path: Path) -> None:
    out = tmp_path / "change.png"
    assert run("--compare", Q1, Q2, "--out", str(out)) == 0
    with Image.open(out) as image:
        assert image.size == (1920, 1080)
        assert image.text["Window"] == "before 2021-01-01 to 2021-03-31; after 2021-04-01 to 2021-06-30"
        assert image.text["Title"].startswith("What changed")


def test_a_bad_view_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert run("--compare", str(broken), Q2, "--out", str(tmp_path / "x.png")) == 2
    assert "broken.json: not JSON" in capsys.readouterr().err
    assert run("--compare", Q1, Q2, "--out", str(tmp_path / "x.geojson")) == 2


def test_since_the_last_brief_compares_from_the_decks_last_view(tmp_path: Path) -> None:
    blank = pypdf.PdfWriter()
    blank.add_blank_page(100, 100)
    buffer = BytesIO()
    blank.write(buffer)
    north = viewfile.read(DATA / "brief_north.json")
    last_brief = manifest.Manifest(
        (("north.json", north), ("q1.json", viewfile.read(Q1))), "0123abcd", datetime(2021, 4, 1, tzinfo=UTC)
    )
    deck = tmp_path / "last-brief.pdf"
    deck.write_bytes(manifest.embed_pdf(buffer.getvalue(), last_brief))
    from_deck, from_view = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("--compare", str(deck), Q2, "--out", str(from_deck)) == 0
    assert run("--compare", Q1, Q2, "--out", str(from_view)) == 0
    assert from_deck.read_bytes() == from_view.read_bytes()
