"""A view as PNG, PDF or self-contained HTML: the same mapview composition the browser shows, plus the stamp.

PNG and PDF are drawn by one headless Chromium per process (Playwright) from the composition's HTML,
with every request refused except optional basemap tiles, so a snapshot is exactly what the map draws.
"""

from __future__ import annotations

import atexit
import contextlib
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any, TypeVar
from urllib.parse import urlsplit

import geopandas as gpd
from PIL import Image

from influence.brief import callouts
from influence.export import stamp
from influence.export.chromium import CHROMIUM, CHROMIUM_ARGS
from influence.mapping import basemap as basemaps
from influence.mapping import mapview
from influence.mapping.layer import Registry
from influence.view.viewfile import View, parse_size

FORMATS = ("png", "pdf", "html")
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf", "html": "text/html"}
DRAW_TIMEOUT_MS = 20_000
TILE_TIMEOUT_MS = 8_000
EVENTS_LAYER = "events"
# The event layer's test hook (influence/mapping/static/app/eventcanvas.js) sets this after every draw.
DRAWN_HOOK = "() => typeof window.__eventsDrawn === 'number'"
# Without the events layer, the page is drawn once the offline borders (SVG paths) are.
BORDERS_DRAWN = "() => document.querySelector('.leaflet-overlay-pane path') !== null"
DRAWN_COUNT = "() => window.__eventsDrawn"
# Web fonts ready and two frames painted after the last draw: a frame sync, not a sleep.
SETTLED = "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
# Frame the map again once the page has its final layout: the first framing ran when the map script did,
# and a container that settled a pixel later left the whole picture shifted from one run to the next.
REFRAME = (
    "([bounds, view]) => { const m = Object.keys(window).filter(k => k.startsWith('map_'))"
    ".map(k => window[k]).find(v => v instanceof L.Map);"  # folium names its map variable map_<id>
    " m.invalidateSize({animate: false});"
    " if (view) { m.setView([view[0], view[1]], view[2], {animate: false}); }"
    " else { m.fitBounds(bounds, {animate: false}); } }"
)
# Basemap tiles are settled when every tile image has either loaded or failed.
TILES_SETTLED = "() => Array.from(document.querySelectorAll('img.leaflet-tile')).every(img => img.complete)"
TILES_LOADED = "() => document.querySelectorAll('img.leaflet-tile-loaded').length"

# Static snapshots hide what only makes sense with a mouse; the legend and the stamp stay.
_STATIC_STYLE = """
<style>
.leaflet-control-zoom,.leaflet-control-layers,.map-fullscreen{display:none!important}
.map-legend{max-height:calc(100vh - 110px)!important;overflow:hidden!important}
@page{margin:0}
html,body{margin:0;overflow:hidden}
</style>
"""


T = TypeVar("T")


class SnapshotError(RuntimeError):
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
    document = _insert(mapview.render_html(folium_map), stamp.html(stamped))
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
    return _BROWSER.run(lambda browser: _draw(browser, composition, fmt))


def with_browser(job: Callable[[Any], T]) -> T:
    """Run `job(browser)` with the process's shared Chromium (for tests and benchmarks that drive pages)."""
    return _BROWSER.run(job)


def _insert(document: str, block: str, before: str = "</body>") -> str:
    """`block` placed just before the document's last `before` tag (at the end when there is none)."""
    at = document.lower().rfind(before)
    return document + block if at < 0 else document[:at] + block + document[at:]


@contextlib.contextmanager
def opened(browser: Any, composition: Composition) -> Iterator[tuple[Any, int, bool]]:
    """A page in a fresh context with the composition drawn and settled: (page, events drawn, tiles drawn)."""
    size = parse_size(composition.view.size)
    width, height = size.css
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=size.scale)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", _gate(composition.tile_hosts))
        # the static style goes in the head: the map measures its container when its script runs, and a
        # style arriving later (scroll bars hidden) would leave it one pixel off from one run to the next
        static = _insert(composition.html, _STATIC_STYLE, before="</head>")
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
    with opened(browser, composition) as (page, drawn, tiles_drawn):
        if fmt == "png":
            shot = page.screenshot(type="png")
            texts = {**composition.stamp.metadata(), "Events drawn": str(drawn)}
            if not tiles_drawn:
                texts.pop("Basemap", None)  # credit only tiles that are in the picture
            return Rendering(_exact_png(shot, size.width, size.height, texts), "image/png", drawn)
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
    page.evaluate("() => document.querySelectorAll('[data-stamp=basemap]').forEach(e => e.remove())")
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


def _exact_png(png: bytes, width: int, height: int, texts: dict[str, str]) -> bytes:
    """The screenshot at exactly width x height, with `texts` (the stamp) as iTXt chunks."""
    with Image.open(BytesIO(png)) as image:
        exact = image.size == (width, height)
        if not exact:
            # fractional device scales (A4 at 200 dpi) can round one pixel over or under
            canvas = Image.new("RGB", (width, height), "white")
            canvas.paste(
                image.convert("RGB").crop((0, 0, min(width, image.width), min(height, image.height)))
            )
            buffer = BytesIO()
            canvas.save(buffer, format="PNG", compress_level=3)
            png = buffer.getvalue()
    return _with_text(png, texts)


def _with_text(png: bytes, texts: dict[str, str]) -> bytes:
    """PNG bytes with UTF-8 iTXt chunks inserted after the header chunk (no re-encoding of the image)."""
    chunks = b""
    for keyword, text in texts.items():
        body = keyword.encode("latin-1")[:79] + b"\0\0\0\0\0" + text.encode("utf-8")
        chunks += (
            struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
        )
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    return png[:header_end] + chunks + png[header_end:]


class _Browser:
    """One Chromium per process, driven from one thread: Playwright's sync API is bound to its thread,
    and Streamlit calls from many (reruns, deferred downloads)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[[Any], T]) -> T:
        """Run `job(browser)` on the browser thread and return its result (or raise its error)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="snapshot-browser", daemon=True)
                self._thread.start()
        answer: queue.Queue = queue.Queue(maxsize=1)
        self._jobs.put((job, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the browser thread (at exit)."""
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        playwright, startup = None, None
        try:
            from playwright.sync_api import sync_playwright  # imported here: data exports need no browser

            playwright = sync_playwright().start()
        except Exception as failure:  # every caller is told; none waits forever
            startup = SnapshotError(f"cannot start Playwright: {failure}")
        browser = None
        try:
            while (item := self._jobs.get()) is not None:
                job, answer = item
                try:
                    if playwright is None:
                        raise startup or SnapshotError("Playwright is not running")
                    if browser is None or not browser.is_connected():
                        browser = _launch(playwright)
                    answer.put((True, job(browser)))
                except Exception as failure:  # handed back to the caller's thread
                    answer.put((False, failure))
        finally:
            if browser is not None:
                browser.close()
            if playwright is not None:
                playwright.stop()


def _launch(playwright: Any) -> Any:
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as failure:
        raise SnapshotError(
            f"cannot start Chromium at {CHROMIUM} (install Debian's chromium): {failure}"
        ) from None


_BROWSER = _Browser()
atexit.register(_BROWSER.close)
