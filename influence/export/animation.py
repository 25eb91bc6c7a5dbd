"""Playback as an animated GIF or an MP4 video: the view's composition loaded once in Chromium, stepped through calendar
frames (a week from Monday, or a calendar month; a moving window or everything up to), one stamped picture
each. The frames are drawn by the same page code as the live map: each frame is the state
(influence.mapping.livestate) of the same query with that frame's window, applied in place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import geopandas as gpd
import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from influence.export import snapshot
from influence.mapping import livestate
from influence.mapping.context import load_context
from influence.mapping.htmltext import escape
from influence.mapping.layer import Registry
from influence.view import query, window
from influence.view.viewfile import View

MODES = ("window", "cumulative")
MAX_FRAMES = 240  # ten years of months; weekly playback of a long record is cut, and the stamp says so
FRAME_MS = 800
FORMATS = ("gif", "mp4")
MEDIA_TYPES = {"gif": "image/gif", "mp4": "video/mp4"}
# frames wider than this are scaled down: a slide-size GIF of many frames gets heavy (each frame is whole);
# H.264 stores only what changes, so the video keeps slide width
MAX_WIDTH = {"gif": 1280, "mp4": 1920}
_SETTLED = snapshot.SETTLED
# where the frame's label goes: under the map's title box (top left, over the sea and Turkey), as fractions of
# the page, so they hold whatever the frame is scaled to; the legend and the stamp take the right-hand side
_UNDER_TITLE = """() => {
  const box = document.querySelector(".map-title");
  if (!box) return [0, 0];
  const r = box.getBoundingClientRect();
  return [r.left / window.innerWidth, r.bottom / window.innerHeight];
}"""


def frames(first: date, last: date, step: str, mode: str) -> list[tuple[date, date]]:
    """The calendar windows of a playback from the step holding `first` to the one holding `last`."""
    if mode not in MODES:
        raise ValueError(f"playback mode must be one of {', '.join(MODES)}, not {mode!r}")
    starts = window.starts(first, last, step)
    if mode == "cumulative":
        return [(first, window.period_end(start, step)) for start in starts]
    return [(start, window.period_end(start, step)) for start in starts]


def export(
    events: gpd.GeoDataFrame,
    view: View,
    version: str,
    *,
    registry: Registry,
    step: str,
    mode: str,
    fmt: str = "gif",
) -> bytes:
    """The playback of `view` (its window, or the whole record) over `events` as GIF or MP4 bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"playback format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    pool = query.apply(events, replace(view.filters, start=None, end=None))
    if pool.empty:
        raise snapshot.SnapshotError("no events pass the filters: there is nothing to play back")
    first = view.filters.start or pool["date"].min().date()
    last = view.filters.end or pool["end_date"].fillna(pool["date"]).max().date()
    steps = frames(first, last, step, mode)
    cut = len(steps) > MAX_FRAMES
    steps = steps[:MAX_FRAMES]
    whole = replace(view, filters=replace(view.filters, start=steps[0][0], end=steps[-1][1]))
    # the composition holds the events of the whole playback (its stamp counts them); each frame masks them
    pool = query.apply(pool, whole.filters)
    composition = snapshot.compose(pool, whole, version, registry=registry)
    context = load_context()
    shown = registry.shown(view.layers)
    title = composition.stamp.title
    states = []
    for start, end in steps:
        chosen = query.selected(pool, replace(view.filters, start=start, end=end))
        heading = escape(f"{title} · {start.isoformat()} to {end.isoformat()}")
        states.append(livestate.state(pool, chosen, context, registry=registry, layers=shown, title=heading))

    def shoot(browser: Any) -> tuple[list[bytes], tuple[float, float]]:
        with snapshot.opened(browser, composition) as (page, _, _):
            shots = []
            for state in states:
                page.evaluate("(state) => window.__liveApply(state)", state)
                page.evaluate(_SETTLED)
                shots.append(page.screenshot(type="png"))
            return shots, tuple(page.evaluate(_UNDER_TITLE))

    shots, corner = snapshot.with_browser(shoot)
    labels = [
        f"Frame {number} of {len(steps)}{' (cut)' if cut else ''}: {start.isoformat()} to {end.isoformat()}, "
        f"{state['data']['events']['count']:,} events"
        for number, ((start, end), state) in enumerate(zip(steps, states, strict=True), start=1)
    ]
    pictures = [
        _stamped(shot, label, MAX_WIDTH[fmt], corner) for shot, label in zip(shots, labels, strict=True)
    ]
    return gif(pictures) if fmt == "gif" else mp4(pictures)


def gif(pictures: list[Image.Image], frame_ms: int = FRAME_MS) -> bytes:
    """The pictures as one looping animated GIF."""
    buffer = BytesIO()
    # octree, not median cut: median cut gives its 255 colours to the large pale land and sea, and the small
    # sponsor marks and legend swatches came out in one muddy brown; octree keeps them within a few levels
    first, *rest = [
        picture.convert("RGB").quantize(255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        for picture in pictures
    ]
    first.save(buffer, format="GIF", save_all=True, append_images=rest, duration=frame_ms, loop=0)
    return buffer.getvalue()


def mp4(pictures: list[Image.Image], frame_ms: int = FRAME_MS) -> bytes:
    """The pictures as an H.264 MP4, one video frame per picture, each shown `frame_ms`."""
    width, height = pictures[0].size
    # H.264 in yuv420p (what every player opens) needs even sides; a picture of odd size gets a white edge
    size = (width + width % 2, height + height % 2)
    with TemporaryDirectory() as folder:  # ffmpeg writes a seekable file (the index is moved to the front)
        path = Path(folder) / "playback.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path), size, fps=1000 / frame_ms, codec="libx264", quality=None, macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=["-crf", "18", "-tune", "stillimage", "-movflags", "+faststart"],
        )  # fmt: skip
        writer.send(None)  # starts ffmpeg
        for picture in pictures:
            frame = Image.new("RGB", size, (255, 255, 255))
            frame.paste(picture.convert("RGB"))
            writer.send(np.asarray(frame).tobytes())
        writer.close()
        return path.read_bytes()


def _stamped(png: bytes, label: str, max_width: int, corner: tuple[float, float] = (0.0, 0.0)) -> Image.Image:
    """The frame scaled to at most `max_width` wide, its window written in a box whose top left is at
    `corner` (fractions of the frame's width and height: just under the map's title)."""
    with Image.open(BytesIO(png)) as shot:
        picture = shot.convert("RGB")
    if picture.width > max_width:
        picture = picture.resize(
            (max_width, round(picture.height * max_width / picture.width)), Image.LANCZOS
        )
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=max(13, picture.width // 80))
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    pad = 8
    x = max(pad, round(corner[0] * picture.width))
    y = round(corner[1] * picture.height) + pad
    box = (x, y, x + (right - left) + 2 * pad, y + (bottom - top) + 2 * pad)
    draw.rectangle(box, fill=(255, 255, 255), outline=(120, 120, 120))
    draw.text((box[0] + pad, box[1] + pad - top), label, fill=(20, 20, 20), font=font)
    return picture
