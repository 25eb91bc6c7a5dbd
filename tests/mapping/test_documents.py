"""Rendered live-map documents on disk: read back for the same data and code, never for other data."""

from __future__ import annotations

import pytest

from influence.load import stored
from influence.mapping import documents


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("INFLUENCE_CACHE", str(tmp_path))


def test_a_written_document_is_read_back_for_its_version_and_variant_only():
    documents.write("v1", "", "<html>one</html>")
    documents.write("v1", "callouts-a", "<html>with callouts</html>")
    assert documents.read("v1") == "<html>one</html>"
    assert documents.read("v1", "callouts-a") == "<html>with callouts</html>"
    assert documents.read("v2") is None
    assert documents.read("v1", "callouts-b") is None


def test_documents_of_unreadable_or_empty_data_are_not_stored():
    documents.write("unreadable", "", "<html>x</html>")
    documents.write("none", "", "<html>x</html>")
    assert documents.read("unreadable") is None and documents.read("none") is None


def test_only_the_newest_documents_are_kept(tmp_path):
    for number in range(documents.KEEP + 3):
        documents.write(f"v{number}", "", f"<html>{number}</html>")
    assert len(list(documents.served().glob("livemap-*.html"))) == documents.KEEP
    assert documents.read(f"v{documents.KEEP + 2}") == f"<html>{documents.KEEP + 2}</html>"


def test_the_code_key_changes_the_entry(monkeypatch):
    documents.write("v1", "", "<html>old code</html>")
    monkeypatch.setattr(documents, "code_key", lambda: "another-code")
    assert documents.read("v1") is None


def test_a_written_state_is_read_back_for_its_version_and_variant_only():
    state = {"layers": ["events"], "basemap": None, "title": "t", "data": {"events": {"mask": "AQ=="}}}
    documents.write_state("v1", "asked-a", state)
    assert documents.read_state("v1", "asked-a") == state
    assert documents.read_state("v1", "asked-b") is None
    assert documents.read_state("v2", "asked-a") is None


def test_a_state_json_cannot_hold_exactly_is_not_stored():
    documents.write_state("v1", "nan", {"data": {"value": float("nan")}})
    documents.write_state("v1", "object", {"data": {"value": object()}})
    assert documents.read_state("v1", "nan") is None and documents.read_state("v1", "object") is None


def test_other_validating_code_changes_the_document_and_the_state(monkeypatch):
    # the same bytes validated by other code are other rows: what was composed from the old rows is not used
    documents.write("v1", "", "<html>old rows</html>")
    documents.write_state("v1", "asked", {"data": {}})
    monkeypatch.setattr(stored, "code_key", lambda: "other-validation")
    assert documents.read("v1") is None and documents.read_state("v1", "asked") is None


def test_documents_sit_alone_in_the_folder_the_app_serves(tmp_path):
    documents.write("v1", "", "<html>one</html>")
    documents.write_state("v1", "asked", {"data": {}})
    served = documents.served()
    assert documents.stored_file("v1") == next(served.iterdir())
    assert [path.name for path in served.iterdir()] == [documents.stored_file("v1").name]
    assert documents.stored_file("v2") is None
