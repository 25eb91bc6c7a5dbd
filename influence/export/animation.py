"""Playback as an animated GIF: the view's composition loaded once in Chromium, stepped through calendar
frames (a week from Monday, or a calendar month; a moving window or everything up to), one stamped picture
each. The frames are drawn by the same page code as the live map: each frame is the state
(influence.mapping.livestate) of the same query with that frame's window, applied in place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO
from typing import Any

import geopandas as gpd
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
GIF_WIDTH = 1280  # frames wider than this are scaled down: a slide-size GIF of many frames gets heavy
MEDIA_TYPE = "image/gif"
_SETTLED = snapshot.SETTLED


def frames(first: date, last: date, step: str, mode: str) -> list[tuple[date, date]]:
    """The calendar windows of a playback from the step holding `first` to the one holding `last`."""
    if mode not in MODES:
        raise ValueError(f"playback mode must be one of {', '.join(MODES)}, not {mode!r}")
    starts = window.starts(first, last, step)
    if mode == "cumulative":
        return [(first, window.period_end(start, step)) for start in starts]
    return [(start, window.period_end(start, step)) for start in starts]


def export(
    events: gpd.GeoDataFrame, view: View, version: str, *, registry: Registry, step: str, mode: str
) -> bytes:
    """The playback of `view` (its window, or the whole record) over `events` as animated GIF bytes."""
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

    def shoot(browser: Any) -> list[bytes]:
        with snapshot.opened(browser, composition) as (page, _, _):
            shots = []
            for state in states:
                page.evaluate("(state) => window.__liveApply(state)", state)
                page.evaluate(_SETTLED)
                shots.append(page.screenshot(type="png"))
            return shots

    shots = snapshot.with_browser(shoot)
    labels = [
        f"Frame {number} of {len(steps)}{' (cut)' if cut else ''}: {start.isoformat()} to {end.isoformat()}, "
        f"{state['data']['events']['count']:,} events"
        for number, ((start, end), state) in enumerate(zip(steps, states, strict=True), start=1)
    ]
    return gif([_stamped(shot, label) for shot, label in zip(shots, labels, strict=True)])


def gif(pictures: list[Image.Image], frame_ms: int = FRAME_MS) -> bytes:
    """The pictures as one looping animated GIF."""
    buffer = BytesIO()
    first, *rest = [picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=255) for picture in pictures]
    first.save(buffer, format="GIF", save_all=True, append_images=rest, duration=frame_ms, loop=0)
    return buffer.getvalue()


def _stamped(png: bytes, label: str) -> Image.Image:
    """The frame scaled to at most GIF_WIDTH wide, its window written in a box at the top right (where the
    app's layer control sits; the stamp is at the bottom right, the legend at the bottom left)."""
    with Image.open(BytesIO(png)) as shot:
        picture = shot.convert("RGB")
    if picture.width > GIF_WIDTH:
        picture = picture.resize(
            (GIF_WIDTH, round(picture.height * GIF_WIDTH / picture.width)), Image.LANCZOS
        )
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=max(14, picture.width // 64))
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    pad = 8
    box = (picture.width - (right - left) - 3 * pad, pad, picture.width - pad, pad + (bottom - top) + 2 * pad)
    draw.rectangle(box, fill=(255, 255, 255), outline=(120, 120, 120))
    draw.text((box[0] + pad, box[1] + pad - top), label, fill=(20, 20, 20), font=font)
    return picture
