"""Conflict data needs its own event types (each its own mark) and a neutral sponsor for unattributed events."""

from pathlib import Path

from influence.contract import vocabulary
from influence.intake import preset
from influence.mapping import legend

# the canvas marks are drawn in eventmarks.js (eventcanvas.js holds the data and the text)
CANVAS = Path(__file__).resolve().parents[2] / "influence" / "mapping" / "static" / "app" / "eventmarks.js"


def test_every_event_type_has_its_own_mark_in_the_legend_and_on_the_canvas():
    declared = vocabulary.load()
    shapes = [event_type.shape for event_type in declared.event_types]
    assert len(shapes) == len(set(shapes)), "two event types share a mark"
    script = CANVAS.read_text(encoding="utf-8")
    for shape in shapes:
        assert shape in legend.SHAPES, shape
        assert shape == "circle" or f'case "{shape}"' in script, shape


def test_acled_and_ucdp_types_all_map_onto_declared_types():
    declared = vocabulary.load()
    for name in ("acled", "ucdp"):
        for source_type, key in preset.load(name).type_values.items():
            assert declared.event_type(key) is not None, f"{name}: {source_type} -> {key}"


def test_unattributed_is_a_declared_neutral_grey_sponsor():
    unattributed = vocabulary.load().sponsor("Unattributed")
    assert unattributed is not None and unattributed.neutral
    assert unattributed.colour == "#8c8c8c"
    assert not any(sponsor.neutral for sponsor in vocabulary.load().sponsors if sponsor is not unattributed)
