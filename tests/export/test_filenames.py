"""Export file names come from a safe alphabet: dates, a hex version and a known extension, never user text."""

from __future__ import annotations

from datetime import date

import pytest

from influence.export import filenames
from influence.view.query import Filters


def test_name_carries_window_and_version() -> None:
    filters = Filters(start=date(2021, 1, 1), end=date(2021, 2, 28))
    assert (
        filenames.export_name(filters, "7e0a833c0ebe", "png")
        == "syria-influence_2021-01-01_2021-02-28_7e0a833c0ebe.png"
    )


def test_open_window_and_kinds() -> None:
    name = filenames.export_name(Filters(), "abc", "csv", kind="events")
    assert name == "syria-influence-events_start_end_abc.csv"
    assert filenames.export_name(Filters(), "abc", "json", kind="view").startswith("syria-influence-view_")


@pytest.mark.parametrize("version", ["../../etc/passwd", "none", "<script>", "ÄÖ", ""])
def test_hostile_or_missing_versions_cannot_leak_into_the_name(version: str) -> None:
    name = filenames.export_name(Filters(text="../../x; rm -rf /", sponsors=("إيران",)), version, "pdf")
    assert set(name) <= filenames.SAFE_ALPHABET
    assert "/" not in name and ".." not in name


def test_unknown_extension_or_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export extension"):
        filenames.export_name(Filters(), "abc", "exe")
    with pytest.raises(ValueError, match="unknown export kind"):
        filenames.export_name(Filters(), "abc", "png", kind="../x")
