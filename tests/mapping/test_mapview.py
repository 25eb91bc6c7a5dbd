"""compose() builds the one map the browser and every export show; render_html() makes it standalone."""

from __future__ import annotations

import re

import pytest

import layers
from influence.mapping import mapview
from influence.mapping.mapview import compose, render_html
from layers import LAYERS
from tests.mapping.test_layers import EMPTY, SAMPLE


def test_default_map_is_framed_on_syria_with_offline_basemap_shown():
    html = render_html(compose(SAMPLE, registry=LAYERS))
    assert re.search(r"map_\w+\.fitBounds\(", html)
    assert re.search(r'"Boundaries \(offline\)" : (\w+)', html)
    online = re.findall(r"L\.tileLayer\(\s*\"(https://[^\"]+)\"", html)
    assert online, "the online basemaps are offered"
    # only the chosen basemap is added to the map at start: the tile layers are not
    for name in re.findall(r"var (tile_layer_\w+) = L\.tileLayer", html):
        assert f"{name}.addTo(" not in html


def test_view_sets_centre_and_zoom_without_refitting():
    m = compose(SAMPLE, registry=LAYERS, view=(34.5, 38.25, 9))
    html = render_html(m)
    assert not re.search(r"map_\w+\.fitBounds\(", html)
    assert m.location == [34.5, 38.25]
    assert '"zoom": 9' in html


def test_layers_argument_decides_which_layers_start_shown():
    m = compose(SAMPLE, registry=LAYERS, layers=["density"])
    shown = {
        child.layer_name for child in m._children.values() if getattr(child, "overlay", False) and child.show
    }
    assert layers.density.LABEL in shown
    assert layers.events.LABEL not in shown


def test_unknown_layer_or_basemap_is_refused():
    with pytest.raises(ValueError, match="unknown layers"):
        compose(SAMPLE, registry=LAYERS, layers=["nope"])
    with pytest.raises(ValueError, match="unknown basemap"):
        compose(SAMPLE, registry=LAYERS, basemap="nope")


@pytest.mark.parametrize("basemap", list(mapview.BASEMAPS))
def test_every_basemap_composes(basemap):
    assert "L.map(" in render_html(compose(EMPTY, registry=LAYERS, basemap=basemap))


def test_title_legend_scale_and_live_hook_are_on_the_map():
    html = render_html(compose(SAMPLE, registry=LAYERS, title="Brief <b>x</b>"))
    assert "Brief &lt;b&gt;x&lt;/b&gt;" in html  # escape()'s own output, as the title box shows it
    assert "Brief <b>x</b>" not in html
    assert "map-legend" in html
    assert "L.control.scale" in html
    assert "L.liveMap(" in html


def test_rendered_html_is_a_complete_document():
    html = render_html(compose(EMPTY, registry=LAYERS))
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert html.rstrip().endswith("</html>")
