"""Playback as an animated GIF or MP4: calendar frames, one stamped picture each, from `cli.py export` too."""

from __future__ import annotations

import argparse
import itertools
from datetime import date
from io import BytesIO
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageSequence

from influence.commands import export
from influence.contract.vocabulary import load as load_vocabulary
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


def _gif_frames(path: Path) -> list[np.ndarray]:
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        return [np.asarray(frame.convert("RGB")).astype(int) for frame in ImageSequence.Iterator(gif)]


def _mp4_frames(path: Path) -> list[np.ndarray]:
    """The video decoded by the same ffmpeg that wrote it: every frame as RGB pixels."""
    assert path.read_bytes()[4:8] == b"ftyp"  # an ISO media (MP4) file, not a renamed GIF
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    width, height = meta["size"]
    return [np.frombuffer(frame, np.uint8).reshape(height, width, 3).astype(int) for frame in reader]


@pytest.mark.browser
@pytest.mark.parametrize(("fmt", "decode"), [("gif", _gif_frames), ("mp4", _mp4_frames)])
def test_cli_writes_a_playback_with_every_frame_stamped(tmp_path: Path, monkeypatch, fmt, decode) -> None:
    monkeypatch.setenv(
        "EVENTS_CSV", str(synthetic.write(tmp_path / "clustered.csv", 800, seed=4, shape="clustered"))
    )
    out = tmp_path / f"playback.{fmt}"
    parser = argparse.ArgumentParser()
    export.configure(parser)
    parser.set_defaults(registry=LAYERS)  # as cli.py hands it down
    arguments = parser.parse_args(
        [
            "--out",
            str(out),
            "--from",
            "2018-01-01",
            "--to",
            "2018-04-30",
            "--step",
            "month",
            "--size",
            "1280x720",
        ]
    )
    assert export.run(arguments) == 0
    pictures = decode(out)
    assert len(pictures) == 4  # January to April, one calendar month each
    assert {picture.shape for picture in pictures} == {(720, 1280, 3)}  # the size asked for, every frame
    height, width, _ = pictures[0].shape
    # the frame's label sits under the map's title (which ends about 50 px down at this size), top left
    label = (slice(round(height * 0.075), round(height * 0.13)), slice(0, width // 3))
    for earlier, later in itertools.pairwise(pictures):
        # a video's lossy coding moves pixels by a few levels: a change is a difference above that noise
        assert (np.abs(earlier[label] - later[label]).max(axis=2) > 40).sum() > 20, (
            "the stamp names each window"
        )
        changed = np.abs(earlier - later).max(axis=2) > 40
        assert changed.mean() > 0.001, "the map must change as the window moves"
    # the stamp box is white with dark text on every frame
    for picture in pictures:
        box = picture[label]
        assert (box.min(axis=2) > 235).mean() > 0.3 and (box.max(axis=2) < 80).mean() > 0.005


def test_mp4_holds_one_frame_per_picture_at_its_size_shown_in_turn(tmp_path: Path):
    pictures = []
    for number in range(3):
        picture = Image.new("RGB", (321, 181), (250, 250, 250))  # odd sides: H.264 needs even ones
        ImageDraw.Draw(picture).rectangle(
            (20 + 100 * number, 40, 100 + 100 * number, 140), fill=(200, 30, 30)
        )
        pictures.append(picture)
    out = tmp_path / "three.mp4"
    out.write_bytes(animation.mp4(pictures, frame_ms=500))
    frames = _mp4_frames(out)
    assert len(frames) == 3
    assert frames[0].shape == (182, 322, 3)  # padded to even sides, never scaled
    for number, frame in enumerate(frames):
        red = (frame[..., 0] > 150) & (frame[..., 1] < 90)
        columns = np.flatnonzero(red.any(axis=0))
        assert (
            abs(columns.min() - (20 + 100 * number)) <= 2 and abs(columns.max() - (100 + 100 * number)) <= 2
        )
    assert imageio_ffmpeg.count_frames_and_secs(str(out)) == (3, 1.5)  # 500 ms each


def test_gif_keeps_the_sponsor_colours_of_small_marks_over_a_many_coloured_map():
    # a basemap's gradients hold thousands of colours; the marks are a few pixels each
    rows, columns = np.mgrid[0:400, 0:600]
    land = np.stack([200 + columns * 50 // 600, 200 + rows * 50 // 400, 230 + (rows + columns) // 50], axis=2)
    picture = Image.fromarray(land.astype(np.uint8))
    colours = [sponsor.colour for sponsor in load_vocabulary().sponsors]
    for number, colour in enumerate(colours):
        ImageDraw.Draw(picture).rectangle((20 + 40 * number, 20, 27 + 40 * number, 27), fill=colour)
    with Image.open(BytesIO(animation.gif([picture, picture]))) as gif:
        frame = np.asarray(gif.convert("RGB")).astype(int)
    for number, colour in enumerate(colours):
        wanted = np.array([int(colour[at : at + 2], 16) for at in (1, 3, 5)])
        assert np.abs(frame[23, 23 + 40 * number] - wanted).max() <= 8, colour


def test_an_unknown_playback_format_is_refused():
    with pytest.raises(ValueError, match="playback format"):
        animation.export(None, None, "v", registry=LAYERS, step="month", mode="window", fmt="webm")


def test_gif_and_mp4_are_offered_beside_the_other_formats():
    assert {"gif", "mp4"} <= set(export.FORMATS)
    assert export.SUFFIXES[".gif"] == "gif" and export.SUFFIXES[".mp4"] == "mp4"
