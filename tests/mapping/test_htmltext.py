"""The one escaping function leaves nothing that HTML or a JavaScript template literal would run."""

from __future__ import annotations

import html
import re

import pytest

from influence.mapping.htmltext import escape, markdown


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


MARKDOWN_ATTACKS = [
    "![pixel](http://127.0.0.1:9/pixel.png)",  # an image the viewer's browser would fetch
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ ~~gone~~ `code`",
    "# heading\n- item\n1. item\n> quote",
    ":red[alarm] :material/warning: $x^2$",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Tall Tamr & Deir ez-Zor, القامشلي (Qamishli) #3",
]


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_markdown_shows_any_text_literally(text: str):
    from markdown_it import MarkdownIt

    shown = markdown(text)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(shown)
    assert re.fullmatch(r"<p>(.*)</p>\n", rendered, flags=re.DOTALL), rendered  # one paragraph, no other tag
    inner = rendered[3:-5]
    assert not re.search(r"<(img|a|strong|em|del|code|h1|li|blockquote|table)\b", inner)
    assert html.unescape(inner) == text
    # Streamlit's own syntax (directives, emoji shortcodes, $maths$) needs ':' '[' '$' as written: none is left
    assert not set(shown) & set("[]():$*_`~|!<>")
