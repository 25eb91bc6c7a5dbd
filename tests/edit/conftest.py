"""What the store's tests share: the editing fixture (CRLF, partly quoted) and a private copy of it per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
ORIGINAL = (DATA / "edit_events.csv").read_bytes()


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """A private copy of the CRLF, partly quoted editing fixture."""
    path = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", path)
    return path
