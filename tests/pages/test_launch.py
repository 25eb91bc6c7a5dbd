"""The launcher (`./dev app`, scripts/bench.py) loads the events file before the first visit asks for it."""

from __future__ import annotations

import shutil
from pathlib import Path

from influence.load import dataset as dataset_module
from ui import cache, launch

FIXTURE = Path(__file__).resolve().parents[2] / "events.csv"


def test_primed_server_serves_the_first_visit_without_loading(tmp_path, monkeypatch):
    copy = tmp_path / "events.csv"
    shutil.copyfile(FIXTURE, copy)
    monkeypatch.setenv("EVENTS_CSV", str(copy))
    monkeypatch.setenv("INFLUENCE_CACHE", str(tmp_path / "cache"))
    launch.prime()
    assert list((tmp_path / "cache").glob("events-*.parquet")), "the validated rows are stored at start-up"

    def refuse(*_args, **_kwargs):
        raise AssertionError("the first visit validated the file again")

    monkeypatch.setattr(cache, "load", refuse)
    monkeypatch.setattr(dataset_module, "load", refuse)
    assert len(cache.dataset().events) > 0
