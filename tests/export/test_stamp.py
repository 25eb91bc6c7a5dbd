"""The stamp: window, filters, count, top sources, version, UTC time and attribution, all escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd

from influence.export import stamp
from influence.load.dataset import load
from influence.view.query import Filters

SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_events.csv"
MADE = datetime(2021, 3, 1, 12, 30, tzinfo=UTC)


def frame(sources: list[str]) -> pd.DataFrame:
    days = pd.to_datetime(["2021-01-05"] * len(sources))
    return pd.DataFrame({"source": sources, "date": days, "end_date": pd.NaT})


def test_stamp_lines_of_the_seed() -> None:
    dataset = load(SEED)
    built = stamp.build(dataset.events, Filters(sponsors=("Iran",)), dataset.version, "Brief", made_at=MADE)
    lines = dict(built.lines())
    assert built.title == "Brief"
    assert lines["Window"] == "2021-01-15 to 2021-02-15"  # open filter bounds: the dates of the events shown
    assert lines["Filters"] == "Sponsors: Iran"
    assert lines["Events shown"] == str(len(dataset.events))
    assert lines["Data version"] == dataset.version
    assert lines["Made"] == "2021-03-01 12:30 UTC"
    assert "Natural Earth" in lines["Geodata"] and "GeoNames (CC BY 4.0)" in lines["Geodata"]
    assert "Basemap" not in lines


def test_window_comes_from_the_filters_when_set() -> None:
    filters = Filters(start=date(2021, 1, 1), end=date(2021, 2, 28))
    assert stamp.window_text(frame(["a"]), filters) == "2021-01-01 to 2021-02-28"
    assert stamp.window_text(frame([]), Filters()) == "beginning to latest"


def test_sources_most_frequent_first_top_five_and_more() -> None:
    sources = ["b"] * 3 + ["a"] * 3 + ["c"] * 2 + ["d", "e", "f", "g", ""]
    shown, more = stamp.top_sources(frame(sources))
    assert shown == ("a", "b", "c", "d", "e")  # ties by name
    assert more == 2
    built = stamp.build(frame(sources), Filters(), "v", made_at=MADE)
    assert built.sources_text == "a; b; c; d; e; and 2 more"


def test_made_time_is_utc() -> None:
    local = datetime(2021, 3, 1, 15, 30, tzinfo=timezone(timedelta(hours=3)))
    assert stamp.build(frame([]), Filters(), "v", made_at=local).made_text == "2021-03-01 12:30 UTC"


def test_default_title_and_basemap_line() -> None:
    built = stamp.build(
        frame(["a"]), Filters(), "v", "  ", basemap_attribution="© OpenStreetMap", made_at=MADE
    )
    assert built.title == stamp.DEFAULT_TITLE
    assert dict(built.lines())["Basemap"] == "© OpenStreetMap"


def test_html_escapes_every_text() -> None:
    hostile = "<img src=x onerror=alert(1)> `${alert(1)}` \\"
    built = stamp.build(frame([hostile]), Filters(text=hostile), "v", hostile, made_at=MADE)
    block = stamp.html(built)
    body = block.split("</style>", 1)[1]  # the fixed style sheet aside, every character came from text
    for raw in ("<img", "`", "${", "\\"):
        assert raw not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in block
    assert built.metadata()["Title"] == hostile.strip()  # plain data stays plain; only HTML is escaped
