"""Every registered layer meets one contract; data-level checks of events, flows, influence and density."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import layers
from influence.contract import vocabulary
from influence.mapping import legend
from influence.mapping.assets import to_script_json
from influence.mapping.context import LayerContext
from influence.mapping.mapview import compose, render_html
from influence.view import viewfile
from layers import LAYERS, density, flows, influence
from layers import events as events_layer

INJECTIONS = ("<img src=x onerror=alert(1)>", "`", "${alert(1)}")


def frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """An enriched events frame built by hand, following the contract in docs/CONTRACTS.md (SYNTHETIC)."""
    base = {
        "id": "SYN-1", "date": "2021-01-01", "end_date": None, "place": "Aleppo", "lat": 36.2, "lon": 37.1,
        "precision": "town", "sponsor": "Iran", "actor": "SYN actor", "event_type": "presence", "chain": "",
        "count": None, "description": "SYNTHETIC", "source": "SYNTHETIC test data", "source_url": "",
        "confidence": "confirmed", "line": 2, "place_resolved": "Aleppo", "location_source": "coordinates",
        "estimated": False, "governorate": "Aleppo",
    }  # fmt: skip
    table = pd.DataFrame(
        [{**base, "id": f"SYN-{n}", **row} for n, row in enumerate(rows)], columns=list(base)
    )
    table = table.astype({"count": "Int64", "lat": float, "lon": float, "estimated": bool})
    table["date"] = pd.to_datetime(table["date"])
    table["end_date"] = pd.to_datetime(table["end_date"])
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")


@pytest.fixture(scope="module")
def context() -> LayerContext:
    """Two square 'governorates' and the real vocabulary, so layer tests do not depend on geodata/."""
    shapes = gpd.GeoDataFrame(
        {"name": ["Aleppo", "Homs"]},
        geometry=[box(36, 35.5, 38.5, 37), box(36, 34, 39, 35.5)],
        crs="EPSG:4326",
    )
    return LayerContext(vocabulary=vocabulary.load(), governorates=shapes)


EMPTY = frame([]).iloc[0:0]
SAMPLE = frame(
    [
        {"sponsor": "Iran", "event_type": "recruitment", "chain": "C1", "count": 100},
        {
            "sponsor": "Iran",
            "event_type": "deployment",
            "chain": "C1",
            "lat": 34.7,
            "governorate": "Homs",
            "count": 80,
        },
        {"sponsor": "Russia", "precision": "area", "governorate": "Homs", "lat": 34.8},
        {
            "sponsor": "Turkey",
            "actor": INJECTIONS[0],
            "description": " ".join(INJECTIONS),
            "place": INJECTIONS[2],
        },
    ]
)


@pytest.mark.parametrize("layer", layers.LAYERS.layers, ids=lambda layer: layer.KEY)
@pytest.mark.parametrize("events", [SAMPLE, EMPTY], ids=["sample", "empty"])
def test_every_layer_builds_renders_and_is_listed(layer, events, context):
    assert isinstance(layer.LABEL, str) and layer.LABEL
    assert isinstance(layer.KEY, str) and re.fullmatch(r"[a-z_]+", layer.KEY)
    assert isinstance(layer.DEFAULT_ON, bool)
    element = layer.build(events, context)
    assert element.layer_name == layer.LABEL and element.overlay and element.control
    html = render_html(compose(events, registry=LAYERS, layers=[layer.KEY], context=context))
    control = re.search(r"overlays\s*:\s*\{(.*?)\}", html, re.S).group(1)
    assert json.dumps(layer.LABEL) in control  # jinja's tojson writes non-ASCII as \u escapes
    assert (layer.KEY in LAYERS.default_keys) == layer.DEFAULT_ON
    # its own legend groups, each tied to its key (the browser shows a group while one of its layers is on)
    groups = layer.legend(context)
    assert groups
    for part in groups:
        keys = re.fullmatch(
            r'<div class="legend-group" data-layer="([a-z_ ]+)"><h4>.+</h4>.*</div>', part, re.S
        )
        assert keys and layer.KEY in keys[1].split(), part
        assert to_script_json(part)[1:-1] in html  # in the page's legend, which the page holds as JSON


class Throwaway:
    """A layer written for this test only: one file's worth of contract, registered nowhere else."""

    KEY = "throwaway"
    LABEL = "Throwaway test layer"
    DEFAULT_ON = True

    @staticmethod
    def build(events: gpd.GeoDataFrame, context: LayerContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=Throwaway.LABEL, overlay=True, show=Throwaway.DEFAULT_ON)
        for row in events.itertuples():
            folium.CircleMarker((row.lat, row.lon), radius=3, color="#123456").add_to(group)
        return group

    @staticmethod
    def legend(context: LayerContext) -> list[str]:
        mark = legend.row(legend.icon("circle", "#123456"), "one throwaway mark")
        return [legend.group("Throwaway marks", [mark], Throwaway.KEY)]


def test_a_new_layer_is_one_module_and_one_registry_entry(context):
    registry = LAYERS.with_layers([Throwaway])
    html = render_html(compose(SAMPLE, registry=registry, context=context))
    control = re.search(r"overlays\s*:\s*\{(.*?)\}", html, re.S).group(1)
    assert json.dumps(Throwaway.LABEL) in control  # composed, in the layer control
    # in the legend with no edit to legend.py, tied to its key
    part = Throwaway.legend(context)[0]
    assert 'data-layer="throwaway"' in part and to_script_json(part)[1:-1] in html
    assert "one throwaway mark" in html
    assert '"throwaway": ' in html  # the view hook and the legend follow it, so links and exports carry it
    assert "throwaway" in registry.default_keys and "throwaway" not in LAYERS.keys
    view = viewfile.from_dict(viewfile.to_dict(viewfile.View(layers=("throwaway",))), layers=registry.keys)
    assert view.layers == ("throwaway",)
    assert "Throwaway marks" not in render_html(compose(SAMPLE, registry=LAYERS, context=context))


def test_registry_keys_are_unique():
    assert len({layer.KEY for layer in layers.LAYERS}) == len(layers.LAYERS)


def test_events_are_encoded_as_compact_columns(context):
    data = events_layer.encode(SAMPLE, context)
    declared = [sponsor.name for sponsor in context.vocabulary.sponsors]
    assert data["n"] == 4
    assert data["sponsor"] == [declared.index(s) for s in SAMPLE["sponsor"]]
    assert [data["sponsors"][code][1] for code in data["sponsor"][:1]] == [context.vocabulary.colour("Iran")]
    assert data["precisions"][data["precision"][2]][1] > 0  # the area event carries its radius
    assert all(len(str(value).split(".")[-1]) <= 5 for value in data["lat"])
    place = data["text"]["place"]
    assert place["values"][place["codes"][3]] == "&#x24;&#x7B;alert(1)&#x7D;"


def test_only_web_links_become_links(context):
    events = frame([{"source_url": "javascript:alert(1)"}, {"source_url": "https://example.org/x"}])
    urls = events_layer.encode(events, context)["text"]["source_url"]
    assert [urls["values"][code] for code in urls["codes"]] == ["", "https://example.org/x"]


def test_flows_link_each_stage_to_the_next_present_stage_in_order(context):
    events = frame(
        [
            {"event_type": "deployment", "chain": "C", "date": "2021-03-01", "id": "d"},
            {"event_type": "recruitment", "chain": "C", "date": "2021-01-01", "id": "r1"},
            {"event_type": "recruitment", "chain": "C", "date": "2021-01-05", "id": "r2"},
            {"event_type": "training", "chain": "C", "date": "2021-02-01", "id": "t"},
            {"event_type": "deployment", "chain": "", "id": "loose"},
            {"event_type": "recruitment", "chain": "G", "id": "g1"},
            {"event_type": "deployment", "chain": "G", "id": "g3"},  # no training: 1 -> 3 still linked
        ]
    )
    pairs = flows.pairs(events, context)
    found = list(zip(pairs["id_from"], pairs["id_to"], strict=True))
    assert found == [("r1", "t"), ("r2", "t"), ("t", "d"), ("g1", "g3")]


def test_flow_width_is_log_scaled_and_bounded():
    assert flows.width(None) == flows.MIN_WIDTH
    assert flows.width(10) < flows.width(100) < flows.width(1000)
    assert flows.width(10**9) == flows.MAX_WIDTH


def test_influence_picks_the_leader_and_marks_close_runners_up_contested():
    events = frame(
        [{"governorate": "Aleppo", "sponsor": "Iran"}] * 5
        + [{"governorate": "Aleppo", "sponsor": "Russia"}] * 3
        + [{"governorate": "Homs", "sponsor": "Russia"}] * 5
        + [{"governorate": "Homs", "sponsor": "Iran"}] * 2
    )
    table = influence.shares(events).set_index("governorate")
    assert table.loc["Aleppo", "top"] == "Iran" and bool(table.loc["Aleppo", "contested"])  # 3 >= 0.6 * 5
    assert table.loc["Homs", "top"] == "Russia" and not bool(table.loc["Homs", "contested"])  # 2 < 3
    assert table.loc["Homs", "share"] == pytest.approx(5 / 7)


def test_influence_shading_carries_colour_opacity_and_contested_tooltip(context):
    events = frame([{"sponsor": "Iran"}] * 5 + [{"sponsor": "Russia"}] * 4)
    shaded = influence.shaded(events, context)
    row = shaded.set_index("name").loc["Aleppo"]
    assert row["fill"] == context.vocabulary.colour("Iran")
    assert influence.MIN_OPACITY < row["opacity"] < influence.MAX_OPACITY
    assert "contested: Iran 5, Russia 4" in row["tooltip"]


def test_density_sums_events_per_cell():
    cells = density.cells(frame([{}, {}, {"lat": 33.5, "lon": 36.3}]))
    assert len(cells) == 2 and cells["weight"].max() > cells["weight"].min()


def test_injection_strings_never_reach_the_page_unescaped(context):
    events = frame(
        [
            {"actor": text, "description": text, "place": text, "chain": "C", "event_type": "recruitment"}
            for text in INJECTIONS
        ]
        + [{"chain": "C", "event_type": "training", "description": "{{ 7*7 }}", "place": INJECTIONS[0]}]
    )
    html = render_html(
        compose(
            events,
            registry=LAYERS,
            layers=[layer.KEY for layer in layers.LAYERS],
            title=INJECTIONS[0],
            context=context,
        )
    )
    assert "<img src=x" not in html
    assert "${alert(1)}" not in html
    assert "&#x7B;&#x7B; 7*7 &#x7D;&#x7D;" in html  # arrived as text: branca did not evaluate it as Jinja


def test_map_is_offline(context):
    html = render_html(
        compose(SAMPLE, registry=LAYERS, layers=[layer.KEY for layer in layers.LAYERS], context=context)
    )
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"?https?:", html)
    assert not re.search(r"@import", html)
    assert "L.map(" in html or "L.map (" in html


HOSTILE_COLOURS = (
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",  # ran on the server through branca's Jinja pass
    '{{ "tem" ~ "plate-ran" }}',  # its output cannot occur by chance, unlike a number inside folium's random ids
    '#fff"});alert(1);({"a":"',  # breaks out of a JavaScript string
    "</script><script>alert(1)</script>",
)


@pytest.mark.parametrize("colour", HOSTILE_COLOURS)
def test_no_declared_value_is_compiled_as_a_template_or_runs_in_the_map(context, colour: str):
    # a vocabulary that skipped validation (vocabulary.parse refuses these): the map must still run nothing
    hostile = vocabulary.Vocabulary(
        sponsors=(vocabulary.Sponsor("Iran", colour, ()), *context.vocabulary.sponsors[1:]),
        event_types=context.vocabulary.event_types,
        confidences=context.vocabulary.confidences,
        precisions=context.vocabulary.precisions,
    )
    html = render_html(
        compose(SAMPLE, registry=LAYERS, context=LayerContext(hostile, governorates=context.governorates))
    )
    benign = render_html(compose(SAMPLE, registry=LAYERS, context=context))
    assert "template-ran" not in html and "uid=" not in html
    assert html.count("</script>") == benign.count("</script>")  # no script element was opened or closed
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    influence_script = next(script for script in scripts if "new L.InfluenceShading(" in script)
    # the colour sits, whole and inert, inside the JSON the browser reads as data
    assert to_script_json(colour) in influence_script
