"""A server's first map: only the Map page's code is imported, and a restarted server draws it from what it stored
(validated rows, the map document, its first state) without validating or composing again, yet an edited file
is drawn, never what was stored for its old content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from influence.load import synthetic
from influence.load.dataset import version_of
from influence.mapping import documents, livestate, mapview
from tests.conftest import map_drawn
from ui import cache
from ui.explore import livemap

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def _restart() -> None:
    """What a new server process starts with: nothing in Streamlit's caches (the disk keeps its entries)."""
    st.cache_data.clear()
    st.cache_resource.clear()


def _map_args(app: AppTest) -> dict:
    found = [item for item in app.get("component_instance") if item.proto.component_name.endswith(".livemap")]
    assert len(found) == 1, found
    return json.loads(found[0].proto.json_args)


@pytest.fixture
def stored_here(tmp_path, monkeypatch) -> Path:
    """A private cache folder that this process's live map serves its documents from."""
    monkeypatch.setenv("INFLUENCE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(livemap, "_DOCUMENTS_FOLDER", documents.served())
    _restart()
    yield tmp_path / "cache"
    _restart()


def test_the_first_map_imports_no_other_pages_code(tmp_path):
    # run in a fresh interpreter: what this one has imported for other tests says nothing
    events = synthetic.write(tmp_path / "synthetic-50.csv", 50, seed=5)
    probe = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"app = AppTest.from_file({APP!r}, default_timeout=120).run()\n"
        "assert not app.exception and not app.error, (app.exception, app.error)\n"
        "names = ('altair', 'pptx', 'pypdf', 'ui.actors', 'ui.brief.page', 'ui.editor.page')\n"
        "print(','.join(name for name in names if name in sys.modules))\n"
    )
    environment = {"EVENTS_CSV": str(events), "INFLUENCE_CACHE": str(tmp_path / "cache"), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1:] in ([], [""]), done.stdout


def test_a_restarted_server_draws_the_stored_map_without_validating_or_composing(
    tmp_path, stored_here, monkeypatch
):
    events = synthetic.write(tmp_path / "synthetic-300.csv", 300, seed=11)
    monkeypatch.setenv("EVENTS_CSV", str(events))
    first = AppTest.from_file(APP, default_timeout=60).run()
    assert not first.exception and not first.error
    drawn = _map_args(first)

    _restart()

    def refused(*args, **options):
        raise AssertionError("recomputed on a restart over an unchanged file")

    monkeypatch.setattr(cache, "load", refused)
    monkeypatch.setattr(mapview, "compose", refused)
    monkeypatch.setattr(livestate, "state", refused)
    again = AppTest.from_file(APP, default_timeout=60).run()
    assert not again.exception and not again.error, (again.exception, again.error)
    redrawn = _map_args(again)
    assert (redrawn["state"], redrawn["stateKey"]) == (drawn["state"], drawn["stateKey"])
    # the browser fetches the stored document by its address next to the bridge's own files
    stored_file = documents.stored_file(version_of(events))
    assert redrawn["documentUrl"] == f"../ui.explore.livemap.livemap_documents/{stored_file.name}"
    assert "document" not in redrawn


def test_an_edited_file_is_drawn_after_a_restart_not_what_was_stored(tmp_path, stored_here, monkeypatch):
    events = synthetic.write(tmp_path / "synthetic-300.csv", 300, seed=11)
    monkeypatch.setenv("EVENTS_CSV", str(events))
    before = _map_args(AppTest.from_file(APP, default_timeout=60).run())
    _restart()
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    events.write_text("".join(lines[:-100]), encoding="utf-8")  # an editor removed the last 100 events
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and not app.error
    after = _map_args(app)
    assert after["docKey"] == version_of(events) != before["docKey"]
    assert after["state"]["data"]["events"]["count"] == 200
    assert livestate.unmask(after["state"]["data"]["events"]["mask"], 200).all()
    assert any("**200** of 200 events shown" in item.value for item in app.markdown)


def test_without_a_served_folder_the_document_travels_inline(tmp_path, stored_here, monkeypatch):
    events = synthetic.write(tmp_path / "synthetic-100.csv", 100, seed=2)
    monkeypatch.setenv("EVENTS_CSV", str(events))
    monkeypatch.setattr(livemap, "_DOCUMENTS_FOLDER", tmp_path / "elsewhere")  # e.g. INFLUENCE_CACHE changed
    args = _map_args(AppTest.from_file(APP, default_timeout=60).run())
    assert "documentUrl" not in args and args["document"].lstrip().lower().startswith("<!doctype html")


def test_only_a_visits_first_map_is_stored(tmp_path, stored_here, monkeypatch):
    # a filter change or a playback step is not written to disk: at 100,000 events that cost 40-60 ms each
    events = synthetic.write(tmp_path / "synthetic-300.csv", 300, seed=11)
    monkeypatch.setenv("EVENTS_CSV", str(events))
    app = map_drawn(AppTest.from_file(APP, default_timeout=60).run())
    assert len(list(stored_here.glob("livestate-*.json"))) == 1
    sponsors = next(widget for widget in app.multiselect if widget.label == "Sponsors")
    sponsors.set_value(list(sponsors.options[:1])).run()
    assert not app.exception and not app.error
    assert len(list(stored_here.glob("livestate-*.json"))) == 1
