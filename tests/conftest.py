"""Helpers shared by the test modules: committed fixture paths, an editor's credential, a private events file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from influence.edit import access

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# A committed copy of the bundled seed rows (cited sources, see README): tests read this, never the
# top-level events.csv, so an editor's ordinary save cannot break the suite.
SEED = DATA / "seed_events.csv"


def mint_editor(name: str = "alice", password: str = "pw") -> access.Editor:
    """A credential minted the only way there is: a verified login (cheapest accepted hash)."""
    config = access.configure(
        {"editors": {name: access.hash_password(password, iterations=access.MIN_ITERATIONS)}}
    )
    minted = access.login(config, name, password)
    assert isinstance(minted, access.Editor), minted
    return minted


@pytest.fixture
def editor() -> Callable[..., access.Editor]:
    """`editor(name="alice", password="pw")`: a logged-in editor's credential."""
    return mint_editor


@pytest.fixture
def seed_events() -> Path:
    """The committed seed rows (tests/data/seed_events.csv)."""
    return SEED


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    """A private copy of the editing fixture (tests/data/edit_events.csv) named events.csv."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    return path


@pytest.fixture(autouse=True)
def _default_events_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """$EVENTS_CSV names a private copy of the seed rows, so no test reads or writes the top-level events.csv."""
    copy = tmp_path_factory.mktemp("seed") / "events.csv"
    shutil.copyfile(SEED, copy)
    monkeypatch.setenv("EVENTS_CSV", str(copy))


LIVE_MAP = "explore_live_map"  # ui/explore/page.py's LIVE_KEY


def map_drawn(app):
    """What the browser does after a visit's first run of the map page: the live map reports that it drew its
    document (static/livemap/bridge.js), and the page reruns with its controls. Returns the app, run again."""
    found = [item for item in app.get("component_instance") if item.proto.component_name.endswith(".livemap")]
    if not found:
        return app
    doc_key = json.loads(found[0].proto.json_args)["docKey"]
    app.session_state[LIVE_MAP] = {"docKey": doc_key, "drawn": doc_key}
    return app.run()
