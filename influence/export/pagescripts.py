"""What an export puts into, and runs in, the map page it draws: the static style, and the readiness and
framing scripts awaited or evaluated by Playwright (frame syncs and the map's own hooks, never sleeps)."""

from __future__ import annotations

# The event layer's hook (influence/mapping/static/app/eventcanvas.js) sets this after every draw.
DRAWN_HOOK = "() => typeof window.__eventsDrawn === 'number'"
DRAWN_COUNT = "() => window.__eventsDrawn"
# Without the events layer, the page is drawn once the offline borders (SVG paths) are.
BORDERS_DRAWN = "() => document.querySelector('.leaflet-overlay-pane path') !== null"
# Web fonts ready and two frames painted after the last draw: a frame sync, not a sleep.
SETTLED = "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
# Frame the map again once the page has its final layout: the first framing ran when the map script did,
# and a container that settled a pixel later left the whole picture shifted from one run to the next.
# window.__map is the handle mapview.render_html gives every document it renders.
# All of Syria is fitted into the part of the map left of the legend and below the title, so the legend
# (top right) covers no part of the country (it covered Qamishli); a view with its own extent keeps it.
# A legend not shown (zero size) or not in the right half takes no room, and neither takes more than 40 %.
REFRAME = (
    "([bounds, view]) => { const m = window.__map; m.invalidateSize({animate: false});"
    " if (view) { m.setView([view[0], view[1]], view[2], {animate: false}); return; }"
    " const frame = m.getContainer().getBoundingClientRect(), gap = 8;"
    " const boxes = s => Array.from(document.querySelectorAll(s)).map(e => e.getBoundingClientRect())"
    "   .filter(r => r.width > 0 && r.height > 0);"
    " const legends = boxes('.map-legend, .change-legend').filter(r => r.left > frame.left + frame.width / 2);"
    " const right = Math.min(0.4 * frame.width, Math.max(0, ...legends.map(r => frame.right - r.left + gap)));"
    " const top = Math.min(0.4 * frame.height, Math.max(0, ...boxes('.map-title').map(r => r.bottom - frame.top + gap)));"
    " m.fitBounds(bounds, {animate: false, paddingTopLeft: [gap, top], paddingBottomRight: [right, gap]}); }"
)
# Basemap tiles are settled when every tile image has either loaded or failed.
TILES_SETTLED = "() => Array.from(document.querySelectorAll('img.leaflet-tile')).every(img => img.complete)"
TILES_LOADED = "() => document.querySelectorAll('img.leaflet-tile-loaded').length"
# A picture without tiles credits none.
DROP_TILE_CREDIT = "() => document.querySelectorAll('[data-stamp=basemap]').forEach(e => e.remove())"

# Static snapshots hide what only makes sense with a mouse; the legend and the stamp stay.
STATIC_STYLE = """
<style>
.leaflet-control-zoom,.leaflet-control-layers,.map-fullscreen{display:none!important}
.map-legend{max-height:calc(100vh - 110px)!important;overflow:hidden!important}
@page{margin:0}
html,body{margin:0;overflow:hidden}
</style>
"""


def insert(document: str, block: str, before: str = "</body>") -> str:
    """`block` placed just before the document's last `before` tag (at the end when there is none)."""
    at = document.lower().rfind(before)
    return document + block if at < 0 else document[:at] + block + document[at:]
