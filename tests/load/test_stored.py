"""Validated events stored as GeoParquet by content hash: read back equal, never a stale or broken entry."""

from __future__ import annotations

import pandas as pd
import pytest

from influence.load import stored, synthetic
from influence.load.dataset import load


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("INFLUENCE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_stored_dataset_reads_back_equal(tmp_path):
    path = synthetic.write(tmp_path / "events-200.csv", 200, seed=2, hostile=True)
    dataset = load(path)
    stored.write(dataset)
    again = stored.read(dataset.version, path)
    assert again is not None
    pd.testing.assert_frame_equal(again.events, dataset.events)
    assert again.events.crs == dataset.events.crs
    assert (again.problems, again.encoding, again.rows) == (dataset.problems, dataset.encoding, dataset.rows)


def test_problems_survive_the_round_trip(tmp_path):
    path = tmp_path / "broken.csv"
    rows = synthetic.frame(5, seed=1)
    rows.loc[2, "sponsor"] = "Atlantis"
    rows.to_csv(path, index=False)
    dataset = load(path)
    assert dataset.problems
    stored.write(dataset)
    assert stored.read(dataset.version, path).problems == dataset.problems


def test_nothing_stored_for_other_content_or_broken_entries(tmp_path, cache_folder):
    path = synthetic.write(tmp_path / "events-20.csv", 20, seed=3)
    dataset = load(path)
    assert stored.read(dataset.version, path) is None  # never written
    stored.write(dataset)
    assert stored.read("0123456789ab", path) is None  # another file's content
    for entry in cache_folder.glob("*.parquet"):
        entry.write_bytes(b"not parquet")
    assert stored.read(dataset.version, path) is None  # a broken entry means: read the file as usual
