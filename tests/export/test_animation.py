"""Playback as an animated GIF: calendar frames, one stamped picture each, from `cli.py export` too."""

from __future__ import annotations

import argparse
import itertools
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

from influence.commands import export
from influence.export import animation
from influence.load import synthetic
from layers import LAYERS


def test_monthly_frames_are_calendar_months():
    assert animation.frames(date(2017, 1, 15), date(2017, 3, 2), "month", "window") == [
        (date(2017, 1, 1), date(2017, 1, 31)),
        (date(2017, 2, 1), date(2017, 2, 28)),
        (date(2017, 3, 1), date(2017, 3, 31)),
    ]


def test_weekly_frames_run_monday_to_sunday():
    weeks = animation.frames(date(2019, 3, 6), date(2019, 3, 20), "week", "window")
    assert weeks[0] == (date(2019, 3, 4), date(2019, 3, 10))
    assert all(start.weekday() == 0 and (end - start).days == 6 for start, end in weeks)


def test_cumulative_frames_keep_the_start_and_grow():
    grown = animation.frames(date(2017, 1, 15), date(2017, 3, 2), "month", "cumulative")
    assert [start for start, _ in grown] == [date(2017, 1, 15)] * 3
    assert [end for _, end in grown] == [date(2017, 1, 31), date(2017, 2, 28), date(2017, 3, 31)]


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="playback mode"):
        animation.frames(date(2017, 1, 1), date(2017, 2, 1), "month", "sideways")


@pytest.mark.browser
def test_cli_writes_a_playback_gif_with_every_frame_stamped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(
        "EVENTS_CSV", str(synthetic.write(tmp_path / "clustered.csv", 800, seed=4, shape="clustered"))
    )
    out = tmp_path / "playback.gif"
    parser = argparse.ArgumentParser()
    export.configure(parser)
    parser.set_defaults(registry=LAYERS)  # as cli.py hands it down
    arguments = parser.parse_args(
        ["--out", str(out), "--from", "2018-01-01", "--to", "2018-04-30", "--step", "month"]
    )
    assert export.run(arguments) == 0
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        pictures = [np.asarray(frame.convert("RGB")).astype(int) for frame in ImageSequence.Iterator(gif)]
    assert len(pictures) == 4  # January to April, one calendar month each
    height, width, _ = pictures[0].shape
    label = (slice(0, height // 12), slice(width // 2, width))  # the frame's window, written top right
    for earlier, later in itertools.pairwise(pictures):
        assert np.abs(earlier[label] - later[label]).sum() > 0, "the stamp must name each frame's window"
        assert np.abs(earlier - later).sum(axis=2).astype(bool).mean() > 0.001, "the map must change"
    # the stamp box is white with dark text on every frame
    for picture in pictures:
        box = picture[label]
        assert (box.min(axis=2) > 240).mean() > 0.3 and (box.max(axis=2) < 80).mean() > 0.005


def test_gif_is_offered_beside_the_other_formats():
    assert "gif" in export.FORMATS and export.SUFFIXES[".gif"] == "gif"
