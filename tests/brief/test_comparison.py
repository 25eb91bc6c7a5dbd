"""Two periods compared on a small committed file (tests/data/brief_events.csv, synthetic and labelled)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from influence.brief import changemap, comparison, contest
from influence.brief.comparison import APPEARED, CONTINUED, ENDED, Comparison
from influence.load.dataset import load
from influence.view.model import View
from influence.view.query import Filters
from layers import LAYERS

DATA = Path(__file__).resolve().parents[1] / "data"
BEFORE = Filters(start=date(2021, 1, 1), end=date(2021, 3, 31))
AFTER = Filters(start=date(2021, 4, 1), end=date(2021, 6, 30))


def ids(*numbers: int) -> tuple[str, ...]:
    return tuple(sorted(f"SYN-BRIEF-{n}" for n in numbers))


@pytest.fixture(scope="module")
def compared() -> Comparison:
    events = load(DATA / "brief_events.csv").events
    return comparison.compare(events, BEFORE, AFTER, contest.rule(LAYERS))


def test_events_appeared_ended_and_continued_exactly(compared: Comparison) -> None:
    assert compared.ids(APPEARED) == ids(7, 8, 9, 10, 11, 18, 19, 20, 21, 23)
    assert compared.ids(ENDED) == ids(1, 2, 3, 4, 6, 12, 13, 15, 16, 22)
    # events whose [date, end_date] spans both windows are there in both
    assert compared.ids(CONTINUED) == ids(5, 14, 17)


def test_sites_appeared_ended_and_continued(compared: Comparison) -> None:
    by_status = compared.sites.groupby("status")["site"].apply(lambda s: sorted(n.split(" (")[0] for n in s))
    assert by_status[APPEARED] == ["Latakia"]
    assert by_status[ENDED] == ["Palmyra"]
    assert by_status[CONTINUED] == ["Al-Bab", "Al-Hasakah", "Aleppo", "Azaz", "Qamishli"]


def test_shares_per_governorate_and_sponsor(compared: Comparison) -> None:
    table = compared.shares.set_index(["governorate", "sponsor"])
    iran = table.loc[("Aleppo", "Iran")]
    assert (iran.before_count, iran.after_count) == (5, 3)
    assert iran.before_share == pytest.approx(5 / 6) and iran.after_share == pytest.approx(3 / 6)
    assert iran.events_after == " ".join(ids(5, 7, 8))
    turkey = table.loc[("Aleppo", "Turkey")]
    assert (turkey.count_change, turkey.share_change) == (2, pytest.approx(2 / 6))
    us = table.loc[("Al-Hasakah", "United States")]
    assert (us.before_count, us.after_count, us.events_before) == (3, 5, " ".join(ids(12, 13, 14)))
    assert table.loc[("Homs", "Russia")].after_share == 0.0


def test_contested_by_the_influence_layers_rule(compared: Comparison) -> None:
    changes = dict(zip(compared.contested["governorate"], compared.contested["change"], strict=True))
    assert changes == {"Aleppo": comparison.BECAME, "Al-Hasakah": comparison.STOPPED}


def test_every_row_of_the_table_of_changes_names_its_events(compared: Comparison) -> None:
    table = compared.changes()
    assert list(table.columns) == list(comparison.CHANGE_COLUMNS)
    assert all(row.events_before or row.events_after for row in table.itertuples())
    known = set(load(DATA / "brief_events.csv").events["id"])
    for row in table.itertuples():
        assert set((row.events_before + " " + row.events_after).split()) <= known
    moved = table.loc[(table["change"] == "share moved") & (table["sponsor"] == "Turkey")].iloc[0]
    assert (moved.before, moved.after, moved.delta) == ("1 (17%)", "3 (50%)", "+2 (+33 points)")
    assert set(table.loc[table["change"].str.startswith("site"), "change"]) == {"site appeared", "site ended"}


def test_the_same_window_twice_changes_nothing() -> None:
    events = load(DATA / "brief_events.csv").events
    same = comparison.compare(events, BEFORE, BEFORE, contest.rule(LAYERS))
    assert same.ids(APPEARED) == same.ids(ENDED) == () and same.changes().empty


def test_the_change_map_colours_each_site_and_stamps_both_windows(compared: Comparison) -> None:
    composition = changemap.compose(compared, "abc123", View())
    assert composition.stamp.window == "before 2021-01-01 to 2021-03-31; after 2021-04-01 to 2021-06-30"
    assert composition.stamp.count == 23
    html = composition.html
    for colour, _ in changemap.STATUS_STYLE.values():
        assert colour in html
    assert "appeared (in the after window only), sites: 1" in html
    assert "became contested, governorates: 1" in html


def test_the_change_map_names_every_governorates_shares_before_and_after(compared: Comparison) -> None:
    assert changemap.share_lines(compared, "Aleppo") == [
        "Iran: 5 (83%) to 3 (50%)",
        "Turkey: 1 (17%) to 3 (50%)",
    ]
    html = changemap.compose(compared, "abc123", View()).html
    assert "<b>Aleppo: became contested</b><br>Iran: 5 (83%) to 3 (50%)" in html
    assert "<b>Homs</b><br>Russia: 1 (100%) to 0 (0%)" in html
