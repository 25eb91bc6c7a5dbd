"""Filters: window overlap, sponsor/type/governorate, confidence threshold and free-text search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from influence.load.dataset import load
from influence.view.query import Filters, apply

SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_events.csv"


def ids(filters: Filters) -> set[str]:
    return set(apply(load(SEED).events, filters)["id"])


def test_no_filter_keeps_everything():
    assert len(ids(Filters())) == 6


def test_window_keeps_events_that_overlap_it():
    # the recruitment drive runs 2021-01-15..2021-02-15, so a window in early February still shows it
    assert ids(Filters(start=date(2021, 2, 1), end=date(2021, 2, 10))) == {
        "FAT-2021-001",
        "FAT-2021-002",
        "FAT-2021-003",
    }
    assert ids(Filters(start=date(2021, 3, 1))) == set()
    assert ids(Filters(end=date(2021, 1, 14))) == set()


def test_sponsor_type_governorate_and_confidence():
    assert ids(Filters(sponsors=("Russia",))) == {"RUS-2021-001", "RUS-2021-002"}
    assert ids(Filters(event_types=("deployment",))) == {"FAT-2021-004"}
    assert ids(Filters(governorates=("Deir ez-Zor",))) == {"FAT-2021-004"}
    assert "FAT-2021-004" not in ids(Filters(min_confidence="probable"))
    assert ids(Filters(min_confidence="confirmed")) == set()


def test_text_search_covers_place_actor_and_description_case_insensitively():
    assert ids(Filters(text="haj ali")) == {"FAT-2021-001"}
    assert ids(Filters(text="russian forces")) == {"RUS-2021-001", "RUS-2021-002"}
    assert ids(Filters(text="tartab")) >= {"FAT-2021-003"}


def test_filters_round_trip_through_plain_data():
    chosen = Filters(start=date(2021, 1, 1), sponsors=("Iran",), min_confidence="probable", text="x")
    assert Filters.from_dict(chosen.to_dict()) == chosen
    assert "Sponsors: Iran" in chosen.describe()


def _places(*names: str):
    # SYNTHETIC rows: only the columns the text search reads
    return pd.DataFrame(
        {
            "id": [f"SYN-Q-{number}" for number in range(len(names))],
            "place": list(names),
            "actor": "",
            "description": "",
            "date": pd.Timestamp("2021-01-01"),
            "end_date": pd.NaT,
        }
    )


def _found(frame, text: str) -> list[str]:
    return list(apply(frame, Filters(text=text))["place"])


def test_search_finds_a_place_written_in_another_script():
    rows = _places("القامشلي", "Qamishli", "Al-Hasakah", "الحسكة", "Aleppo", "Qamishli, Al-Hasakah")
    assert _found(rows, "Qamishli") == ["القامشلي", "Qamishli", "Qamishli, Al-Hasakah"]
    assert _found(rows, "القامشلي") == ["القامشلي", "Qamishli", "Qamishli, Al-Hasakah"]
    assert set(_found(rows, "Hasakah")) == {"Al-Hasakah", "الحسكة", "Qamishli, Al-Hasakah"}
    assert set(_found(rows, "الحسكة")) == {"Al-Hasakah", "الحسكة"}
    assert _found(rows, "Aleppo") == ["Aleppo"]  # no other spelling in the rows: nothing more


def test_search_for_no_place_stays_a_plain_text_search():
    rows = _places("القامشلي", "Aleppo")
    assert _found(rows, "lepp") == ["Aleppo"]
    assert _found(rows, "nowhere at all") == []


def test_tie_kinds_keep_the_events_whose_actors_tie_to_their_sponsor_is_of_those_kinds():
    from influence.contract.schema import COLUMN_NAMES
    from influence.load.dataset import load_bytes

    base = {"date": "2019-05-01", "place": "Qamishli", "precision": "town", "event_type": "presence",
            "source": "Fixture Wire (fictional), 2019-05-02", "confidence": "confirmed"}  # fmt: skip
    rows = [
        {"id": "OWN", "actor": "Military Forces of Russia (2000-)", "sponsor": "Russia"},  # reported, agrees
        {"id": "PROXY", "actor": "Wagner", "sponsor": ""},  # derived from its tie
        {"id": "CONTRA", "actor": "Hezbollah", "sponsor": "Russia"},  # contradicts the registry: no tie
        {"id": "NONE", "actor": "Liwa al-Fixture", "sponsor": "Unattributed"},  # not in the registry
    ]
    lines = [",".join(COLUMN_NAMES)]
    lines += [",".join(f'"{(base | row).get(name, "")}"' for name in COLUMN_NAMES) for row in rows]
    events = load_bytes(("\n".join(lines) + "\n").encode("utf-8"), "kinds.csv").events
    assert len(events) == 4

    def kept(*kinds: str) -> set[str]:
        return set(apply(events, Filters(tie_kinds=kinds))["id"])

    assert kept() == {"OWN", "PROXY", "CONTRA", "NONE"}  # no choice: every event
    assert kept("own forces") == {"OWN"}
    assert kept("proxy or backed") == {"PROXY"}
    assert kept("own forces", "proxy or backed") == {"OWN", "PROXY"}
    assert Filters(tie_kinds=("own forces",)).describe()[-1] == "Kinds of tie: own forces"
    assert Filters.from_dict(Filters(tie_kinds=("allied",)).to_dict()).tie_kinds == ("allied",)
