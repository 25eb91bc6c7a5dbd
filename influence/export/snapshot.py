"""A view as PNG, PDF or self-contained HTML: the same mapview composition the browser shows, plus the stamp.

PNG and PDF are drawn by one headless Chromium per process (Playwright) from the composition's HTML,
with every request refused except optional basemap tiles, so a snapshot is exactly what the map draws.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd

from influence.brief import callouts
from influence.export import pngtext, stamp
from influence.export.chromium import BrowserError, with_browser
from influence.export.pagescripts import (
    BORDERS_DRAWN,
    DRAWN_COUNT,
    DRAWN_HOOK,
    DROP_TILE_CREDIT,
    REFRAME,
    SETTLED,
    STATIC_STYLE,
    TILES_LOADED,
    TILES_SETTLED,
    insert,
)
from influence.mapping import basemap as basemaps
from influence.mapping import mapview
from influence.mapping.layer import Registry
from influence.view.model import View
from influence.view.sizes import parse_size

__all__ = ["DRAWN_COUNT", "DRAWN_HOOK", "SETTLED", "with_browser"]  # re-exported for pages driven elsewhere

FORMATS = ("png", "pdf", "html")
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf", "html": "text/html"}
DRAW_TIMEOUT_MS = 20_000
TILE_TIMEOUT_MS = 8_000
EVENTS_LAYER = "events"
PAPER_CSS = {"A4": (1123, 794), "Letter": (1056, 816)}  # landscape, in CSS pixels (96 per inch)


class SnapshotError(BrowserError):
    """The browser could not draw the view (no Chromium, a page error, or nothing drawn in time)."""


@dataclass(frozen=True)
class Composition:
    """One view ready to export: its self-contained HTML (map + stamp), the stamp, and what to wait for."""

    html: str
    stamp: stamp.Stamp
    view: View
    tile_hosts: tuple[str, ...]
    draws_events: bool  # False when the view hides the events layer: then only the boundaries are awaited


@dataclass(frozen=True)
class Rendering:
    """Bytes of one export plus what the browser reported drawing (None for HTML, which is not drawn here)."""

    data: bytes
    media_type: str
    events_drawn: int | None


def compose(
    events_shown: gpd.GeoDataFrame,
    view: View,
    version: str,
    made_at: datetime | None = None,
    *,
    registry: Registry,
) -> Composition:
    """The view's HTML document: mapview.compose of the events shown (as the app draws it) plus the stamp."""
    provider = basemaps.TILES[view.basemap][1] if view.basemap in basemaps.TILES else None
    stamped = stamp.build(
        events_shown,
        view.filters,
        version,
        view.title,
        provider.get("attribution", "") if provider else "",
        made_at,
    )
    # the title is drawn by the map's own title box, exactly as in the app
    # the legend goes top right: the stamp holds the bottom right corner
    folium_map = mapview.compose(
        events_shown,
        registry=registry,
        layers=view.layers,
        basemap=view.basemap,
        view=view.extent,
        title=stamped.title,
        legend_position="topright",
    )
    callouts.add_to(folium_map, view.annotations)  # the briefer's annotations, in every export format
    document = insert(mapview.render_html(folium_map), stamp.html(stamped))
    shown = registry.shown(view.layers)
    # a "{s}." subdomain placeholder is dropped: the gate allows the host and its subdomains
    template = provider.build_url(fill_subdomain=False).replace("{s}.", "") if provider else ""
    host = urlsplit(template).hostname
    return Composition(document, stamped, view, (host,) if host else (), EVENTS_LAYER in shown)


def export(composition: Composition, fmt: str) -> Rendering:
    """The composition as `fmt` (png, pdf or html) bytes."""
    if fmt == "html":
        return Rendering(composition.html.encode("utf-8"), MEDIA_TYPES["html"], None)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return with_browser(lambda browser: _draw(browser, composition, fmt))


@contextlib.contextmanager
def opened(
    browser: Any, composition: Composition, *, for_print: bool = False
) -> Iterator[tuple[Any, int, bool]]:
    """A page in a fresh context with the composition drawn and settled: (page, events drawn, tiles drawn);
    `for_print`: laid out on the PDF's paper instead of the picture's size."""
    size = parse_size(composition.view.size)
    # a PDF is laid out, and so framed, on its paper: a slide-shaped page printed on A4 was framed for 16:9
    # and then cut at the paper's edge (its centre moved, the legend fell on Qamishli)
    width, height = PAPER_CSS[size.paper] if for_print else size.css
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=size.scale)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", _gate(composition.tile_hosts))
        # the static style goes in the head: the map measures its container when its script runs, and a
        # style arriving later (scroll bars hidden) would leave it one pixel off from one run to the next
        static = insert(composition.html, STATIC_STYLE, before="</head>")
        page.set_content(static, wait_until="load", timeout=DRAW_TIMEOUT_MS)
        try:
            page.wait_for_function(
                DRAWN_HOOK if composition.draws_events else BORDERS_DRAWN, timeout=DRAW_TIMEOUT_MS
            )
        except Exception as failure:  # Playwright's TimeoutError: say what was awaited, not a stack trace
            raise SnapshotError(
                f"the map did not report drawing its events in time ({'; '.join(errors)})"
            ) from failure
        if errors:
            raise SnapshotError("the map page failed: " + "; ".join(errors))
        page.evaluate(SETTLED)
        page.evaluate(REFRAME, [mapview.SYRIA_BOUNDS, composition.view.extent])
        page.evaluate(SETTLED)
        tiles_drawn = _settle_tiles(page) if composition.tile_hosts else False
        drawn = int(page.evaluate(DRAWN_COUNT)) if composition.draws_events else 0
        yield page, drawn, tiles_drawn
    finally:
        context.close()


def _draw(browser: Any, composition: Composition, fmt: str) -> Rendering:
    """Load the page, wait until the events are drawn, and shoot or print it."""
    size = parse_size(composition.view.size)
    with opened(browser, composition, for_print=fmt == "pdf") as (page, drawn, tiles_drawn):
        if fmt == "png":
            shot = page.screenshot(type="png")
            texts = {**composition.stamp.metadata(), "Events drawn": str(drawn)}
            if not tiles_drawn:
                texts.pop("Basemap", None)  # credit only tiles that are in the picture
            return Rendering(pngtext.exact(shot, size.width, size.height, texts), "image/png", drawn)
        # Print with screen styles so the page looks as on screen. Vector layers (boundaries, flows)
        # stay vector in the PDF; the event points are drawn on a canvas and so are embedded as an image.
        page.emulate_media(media="screen")
        pdf = page.pdf(
            format=size.paper, landscape=True, print_background=True, page_ranges="1",
            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
        )  # fmt: skip
        return Rendering(pdf, "application/pdf", drawn)


def _settle_tiles(page: Any) -> bool:
    """Wait (bounded) for tiles; True when some were drawn, else the stamp's basemap credit is removed."""
    # slow tiles: shoot what is there; the offline borders are drawn regardless
    with contextlib.suppress(Exception):
        page.wait_for_function(TILES_SETTLED, timeout=TILE_TIMEOUT_MS)
    if page.evaluate(TILES_LOADED):
        return True
    page.evaluate(DROP_TILE_CREDIT)
    return False


def _gate(tile_hosts: tuple[str, ...]) -> Callable:
    """A route handler refusing every request but basemap tiles (the page itself is set as content)."""

    def handle(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host and any(host == allowed or host.endswith("." + allowed) for allowed in tile_hosts):
            route.continue_()
        else:
            route.abort()

    return handle
