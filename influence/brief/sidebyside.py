"""Two map documents side by side in one page, their pans and zooms kept in step.

folium.plugins.DualMap would do this, but it loads Leaflet.Sync from a CDN, which the offline app cannot
reach; so each half is a whole composed map document (the same one its export draws) in a same-origin
srcdoc frame, and a few lines of script copy one map's view to the other.
"""

from __future__ import annotations

from influence.mapping.htmltext import escape

STYLE = (
    "<style>html,body{margin:0;height:100%;font:13px sans-serif}.pair{display:flex;height:100%;gap:6px}"
    ".half{flex:1;display:flex;flex-direction:column;min-width:0}.half b{padding:3px 6px;background:#f2f2f2}"
    ".half iframe{flex:1;border:1px solid #bbb;width:100%}</style>"
)
# Find each frame's Leaflet map (folium names it map_<id>) once both have loaded, then mirror the views;
# `quiet` stops the echo of the copied move from coming back.
SYNC = """<script>
(function () {
  const frames = Array.from(document.querySelectorAll('iframe.side'));
  const maps = [];
  function mapOf(frame) {
    const w = frame.contentWindow;
    return w && w.__map ? w.__map : null;
  }
  function link() {
    if (document.body.dataset.synced) { return true; }
    frames.forEach((frame, i) => { maps[i] = maps[i] || mapOf(frame); });
    // two half-width maps: the open legends would hide the same corner of both; a click opens them
    frames.forEach(frame => frame.contentDocument.querySelectorAll('details.map-legend').forEach(d => { d.open = false; }));
    if (!maps[0] || !maps[1]) { return false; }
    let quiet = false;
    maps.forEach((m, i) => m.on('move', () => {
      if (quiet) { return; }
      quiet = true;
      maps[1 - i].setView(m.getCenter(), m.getZoom(), {animate: false});
      quiet = false;
    }));
    document.body.dataset.synced = 'true';
    return true;
  }
  frames.forEach(frame => frame.addEventListener('load', () => link()));
  link();
})();
</script>"""


def page(left: str, right: str, left_label: str, right_label: str) -> str:
    """One HTML page holding the two documents side by side (labels escaped), their views synchronised."""
    halves = "".join(
        f'<div class="half"><b>{escape(label)}</b><iframe class="side" srcdoc="{escape(document)}"></iframe></div>'
        for label, document in ((left_label, left), (right_label, right))
    )
    # the documents go into srcdoc attributes through the one escape: the browser decodes them back exactly
    head = f'<!DOCTYPE html><html><head><meta charset="utf-8">{STYLE}</head>'
    return f'{head}<body><div class="pair">{halves}</div>{SYNC}</body></html>'
