"""The map page in Streamlit's AppTest: sidebar filters, the URL both ways, garbage links, problems."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from influence.contract import vocabulary
from influence.load import synthetic
from influence.load.dataset import load
from influence.view import query
from influence.view.query import Filters
from tests.conftest import map_drawn

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROWS = 400
SHOWN = re.compile(r"\*\*([\d,]+)\*\* of ([\d,]+) events shown")


@pytest.fixture(scope="module")
def events_file(tmp_path_factory) -> Path:
    return synthetic.write(
        tmp_path_factory.mktemp("explore") / "synthetic-400.csv", ROWS, seed=7, hostile=True
    )


@pytest.fixture(autouse=True)
def _events_file(events_file, monkeypatch):
    monkeypatch.setenv("EVENTS_CSV", str(events_file))


def _open(params: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    map_drawn(app.run())
    assert not app.exception, [failure.value for failure in app.exception]
    return app


def _shown(app: AppTest) -> tuple[int, int]:
    for block in app.markdown:
        found = SHOWN.search(block.value)
        if found:
            return int(found[1].replace(",", "")), int(found[2].replace(",", ""))
    raise AssertionError("no 'N of M events shown' on the page")


def _expected(events_file: Path, filters: Filters) -> int:
    return len(query.apply(load(events_file).events, filters))


def test_the_page_opens_on_every_event():
    assert _shown(_open()) == (ROWS, ROWS)


def test_a_link_with_filters_reproduces_the_count(events_file):
    params = {"sponsor": ["Iran", "Turkey"], "type": "training", "confidence": "probable"}
    expected = _expected(
        events_file,
        Filters(sponsors=("Iran", "Turkey"), event_types=("training",), min_confidence="probable"),
    )
    app = _open(params)
    assert _shown(app)[0] == expected > 0
    assert app.sidebar.multiselect(key="f_sponsors").value == ["Iran", "Turkey"]


def test_a_custom_window_in_the_link_is_applied(events_file):
    app = _open({"start": "2019-01-01", "end": "2019-12-31"})
    assert _shown(app)[0] == _expected(events_file, Filters(start=date(2019, 1, 1), end=date(2019, 12, 31)))
    assert app.sidebar.selectbox(key="f_window").value == "custom"


@pytest.mark.parametrize(
    "params",
    [
        {"sponsor": "Atlantis"},
        {"start": "not-a-date", "end": "2021-99-99"},
        {"window": "<script>alert(1)</script>"},
        {"view": "NaN,Infinity,zoom"},
        {"confidence": "certain", "type": "`${x}`", "gov": "Narnia", "actor": "Nobody"},
        {"basemap": "moon", "step": "decade", "layers": "ghosts"},
        {"q": "x" * 3000},
    ],
)
def test_garbage_in_the_link_does_not_break_the_page(params):
    app = _open(params)
    shown, total = _shown(app)
    assert total == ROWS
    if "q" not in params:
        assert shown == ROWS
        assert any("ignored" in caption.value or "opens on Syria" in caption.value for caption in app.caption)


def test_a_bad_value_is_shown_literally_never_as_markup():
    app = _open({"sponsor": "[click](javascript:alert(1)) <b>bold</b>"})
    notes = " ".join(caption.value for caption in app.caption)
    assert "<b>" not in notes and "](" not in notes


def test_unticking_a_sponsor_changes_the_count_and_the_link(events_file):
    app = _open()
    app.sidebar.multiselect(key="f_sponsors").unselect("Iran").run()
    remaining = tuple(s.name for s in vocabulary.load().sponsors if s.name != "Iran")
    assert _shown(app)[0] == _expected(events_file, Filters(sponsors=remaining)) < ROWS
    assert app.query_params["sponsor"] == list(remaining)


def test_the_link_written_reopens_the_same_view():
    app = _open()
    app.sidebar.multiselect(key="f_types").select("recruitment").run()
    app.sidebar.text_input(key="f_text").input("group 3").run()
    app.sidebar.selectbox(key="f_window").select("365d").run()
    link = {key: app.query_params[key] for key in app.query_params}
    assert _shown(_open(link)) == _shown(app)


def test_a_preset_window_and_playback_steps():
    app = _open()
    app.button(key="p_forward").click().run()
    first = dict(app.query_params)
    assert first["window"] == "custom" and first["start"] <= first["end"]
    app.button(key="p_forward").click().run()
    assert app.query_params["start"] > first["start"]
    app.button(key="p_back").click().run()
    assert app.query_params["start"] == first["start"]


def test_the_slider_moves_the_window_start_on_the_calendar():
    app = _open({"step": "month", "window": "custom", "start": "2020-01-01", "end": "2020-01-31"})
    app.select_slider(key="p_start").set_value(date(2021, 6, 1)).run()
    # a calendar month stays a calendar month (June has 30 days), it does not keep January's 31
    assert (app.query_params["start"], app.query_params["end"]) == ("2021-06-01", "2021-06-30")


def test_monthly_steps_stay_on_calendar_months():
    app = _open({"step": "month", "window": "custom", "start": "2017-01-01", "end": "2017-01-31"})
    seen = []
    for _ in range(3):
        app.button(key="p_forward").click().run()
        seen.append((app.query_params["start"], app.query_params["end"]))
    assert seen == [("2017-02-01", "2017-02-28"), ("2017-03-01", "2017-03-31"), ("2017-04-01", "2017-04-30")]


def test_weekly_steps_run_monday_to_sunday():
    app = _open({"step": "week", "window": "custom", "start": "2019-03-04", "end": "2019-03-10"})
    app.button(key="p_forward").click().run()
    assert (app.query_params["start"], app.query_params["end"]) == ("2019-03-11", "2019-03-17")


def test_cumulative_playback_keeps_the_start_and_moves_the_end(events_file):
    app = _open({"step": "month"})
    app.session_state["p_mode"] = "cumulative"
    app.run()
    app.button(key="p_forward").click().run()
    first = dict(app.query_params)
    app.button(key="p_forward").click().run()
    second = dict(app.query_params)
    assert first["start"] == second["start"] and first["end"] < second["end"]
    assert date.fromisoformat(second["end"]).day in (28, 29, 30, 31)  # the last day of a calendar month
    assert _shown(app)[0] == _expected(
        events_file, Filters(start=date.fromisoformat(second["start"]), end=date.fromisoformat(second["end"]))
    )


def test_problems_are_listed_while_valid_events_stay_on_the_map(tmp_path, events_file, monkeypatch):
    broken = tmp_path / "broken.csv"
    with events_file.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    bad = {**rows[0], "id": "SYN-BAD", "sponsor": "Atlantis"}
    with broken.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, bad])
    monkeypatch.setenv("EVENTS_CSV", str(broken))
    app = _open()
    assert _shown(app) == (ROWS, ROWS)
    expander = [block for block in app.expander if "Problems" in block.label]
    assert expander and "(1)" in expander[0].label
    app.session_state["problems"] = True
    app.run()
    listed = app.dataframe[0].value
    assert listed.iloc[0]["column"] == "sponsor" and listed.iloc[0]["value"] == "Atlantis"
    assert listed.iloc[0]["line"] == ROWS + 2  # the header is line 1


def test_the_table_is_built_only_when_opened():
    app = _open()
    assert not app.dataframe  # closed: no table data sent with the first map
    app.session_state["events_table"] = True
    app.run()
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == ROWS


def test_a_missing_events_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "nowhere.csv"))
    app = _open()
    assert _shown(app) == (0, 0)
    assert any("Problems" in block.label for block in app.expander)


def test_a_kind_of_tie_chosen_in_the_sidebar_filters_the_map_and_the_link(monkeypatch):
    # the committed seed file: its actors tie to their sponsors as proxies (4) or own forces (2)
    seed = Path(__file__).resolve().parents[1] / "data" / "seed_events.csv"
    monkeypatch.setenv("EVENTS_CSV", str(seed))
    app = _open()
    total = _shown(app)[1]
    proxies = _expected(seed, Filters(tie_kinds=("proxy or backed",)))
    assert 0 < proxies < total
    app.multiselect(key="f_ties").select("proxy or backed").run()
    assert _shown(app) == (proxies, total)
    assert app.query_params["tie"] in ("proxy or backed", ["proxy or backed"])  # AppTest gives one value bare
    assert _shown(_open({"tie": "proxy or backed"})) == (proxies, total)


def test_a_visits_first_run_sends_the_map_alone_and_its_controls_once_it_is_drawn():
    # the browser draws the map first; the bridge's report that it drew it reruns the page with the controls
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert [item for item in app.get("component_instance") if item.proto.component_name.endswith(".livemap")]
    assert _shown(app) == (ROWS, ROWS)  # the heading and the count come with the map
    assert not app.sidebar.multiselect and not app.button
    assert "appear as soon as the map is drawn" in app.sidebar.caption[0].value
    map_drawn(app)
    assert not app.exception
    assert app.sidebar.multiselect(key="f_sponsors").value
    assert app.button(key="p_forward")
    app.sidebar.multiselect(key="f_sponsors").unselect("Iran").run()  # later runs draw everything at once
    assert app.sidebar.multiselect(key="f_sponsors") and app.button(key="p_forward")
