"""The Actors page lists each registered actor with its ties and its events, filtered by kind of tie."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cli import main

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def acled_events(tmp_path, monkeypatch):
    out = tmp_path / "events.csv"
    assert main(["import", str(DATA / "intake_acled.csv"), "--out", str(out)]) == 0
    monkeypatch.setenv("EVENTS_CSV", str(out))
    return out


def _page() -> AppTest:
    app = AppTest.from_string("from ui import actors\nactors.render()\n", default_timeout=60)
    return app.run()


def test_each_actor_is_listed_with_its_ties_and_event_counts(acled_events):
    app = _page()
    assert not app.exception
    table = app.dataframe[0].value.set_index("actor")
    assert table.loc["Hezbollah", "ties"].startswith("proxy or backed of Iran")
    assert table.loc["Syrian Arab Army and security forces (Assad era)", "ties"].endswith(
        "until 2024-12-08 (confirmed)"
    )
    assert table.loc["Russian armed forces", "events"] > 0
    assert table.loc["Syrian Democratic Forces", "events"] > 0
    unknown = app.dataframe[1].value
    assert "Liwa al-Fixture (fictional armed group)" in set(unknown["actor name in the data"])


def test_the_tie_kind_filter_keeps_only_actors_with_such_ties(acled_events):
    app = _page()
    app.multiselect(key="actors_kinds").set_value(["own forces"]).run()
    table = app.dataframe[0].value
    assert "Hezbollah" not in set(table["actor"])
    assert "Russian armed forces" in set(table["actor"])
    assert all("own forces" in ties for ties in table["ties"])
