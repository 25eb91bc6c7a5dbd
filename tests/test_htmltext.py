"""The one escaping function leaves nothing that HTML or a JavaScript template literal would run."""

from __future__ import annotations

import pytest

from influence.htmltext import escape


@pytest.mark.parametrize(
    "attack",
    [
        "<img src=x onerror=alert(1)>",
        "`); alert(1); (`",
        "${alert(1)}",
        "\\`${x}",
        "\"'><script>",
        "{{ 7*7 }}",
    ],
)
def test_no_active_character_survives(attack: str):
    safe = escape(attack)
    assert not set(safe) & set("<>\"'`$\\{}")


def test_plain_text_and_arabic_are_unchanged():
    assert escape("Liwa Fatimiyoun in القامشلي") == "Liwa Fatimiyoun in القامشلي"


def test_missing_values_become_empty_text():
    assert escape(None) == "" and escape(float("nan")) == ""
    assert escape(205) == "205"


def test_jinja_expressions_cannot_run_when_folium_renders_text():
    import folium

    page = folium.Map(tiles=None)
    folium.Marker([35, 38], tooltip=escape("{{ 7*7 }}")).add_to(page)
    html = page.get_root().render()
    tooltip = html[html.index("bindTooltip") :][:120]
    assert "&#x7B;&#x7B; 7*7 &#x7D;&#x7D;" in tooltip and "49" not in tooltip
