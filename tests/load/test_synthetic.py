"""Synthetic events are valid, clearly labelled, spread over Syria, and never written to events.csv."""

from __future__ import annotations

import pytest

from influence.load import synthetic
from influence.load.dataset import load


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    path = synthetic.write(tmp_path_factory.mktemp("synthetic") / "synthetic-600.csv", 600, hostile=True)
    return load(path)


def test_every_row_is_valid(dataset):
    assert dataset.rows == 600
    assert len(dataset.events) == 600
    assert [p for p in dataset.problems if p.severity == "error"] == []


def test_every_row_says_it_is_synthetic(dataset):
    assert dataset.events["id"].str.startswith(synthetic.ID_PREFIX).all()
    assert (dataset.events["source"] == synthetic.SOURCE).all()


def test_rows_spread_over_governorates_sponsors_and_types(dataset):
    assert dataset.events["governorate"].nunique() >= 10
    assert dataset.events["sponsor"].nunique() >= 5
    assert dataset.events["event_type"].nunique() >= 7


def test_chains_run_recruit_train_deploy_in_order(dataset):
    chained = dataset.events[dataset.events["chain"] != ""].sort_values(["chain", "date"], kind="stable")
    assert chained["chain"].nunique() >= 10
    for _, chain in chained.groupby("chain"):
        assert list(chain["event_type"]) == ["recruitment", "training", "deployment"]
        assert chain["sponsor"].nunique() == 1


def test_hostile_text_survives_validation(dataset):
    assert dataset.events["description"].str.contains("<img", regex=False).any()


def test_same_seed_same_rows():
    assert synthetic.frame(50, seed=3).equals(synthetic.frame(50, seed=3))


def test_events_csv_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"events\.csv"):
        synthetic.write(tmp_path / "events.csv", 10)
    assert not (tmp_path / "events.csv").exists()


def test_clustered_events_are_shaped_like_an_acled_import(tmp_path):
    path = synthetic.write(tmp_path / "clustered.csv", 3000, seed=3, shape="clustered")
    dataset = load(path)
    assert not dataset.problems  # every point inside Syria, every value declared
    table = dataset.events
    per_point = table.groupby(["lat", "lon"]).size()
    assert len(per_point) < len(table) / 3  # many events on few points, exact repeated coordinates
    assert 0.005 < per_point.max() / len(table) < 0.05  # a heavy tail, not one point holding everything
    assert (table["chain"].fillna("") == "").all()
    assert table["id"].str.startswith(synthetic.ID_PREFIX).all()
    assert (table["source"] == synthetic.SOURCE).all()
