"""Text from data, links or users shown in Streamlit markdown: literal, never markup."""

from __future__ import annotations

import re

from influence.mapping import htmltext

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def literal(text: object) -> str:
    """Any value as markdown that renders exactly as its text (influence.mapping.htmltext.markdown)."""
    return htmltext.markdown(text)


def colour(value: str) -> str:
    """A #rrggbb colour from the vocabulary, or grey when it is anything else (it reaches CSS)."""
    return value if _COLOUR.match(value or "") else "#777777"


def swatches(entries: list[tuple[str, str]]) -> str:
    """HTML legend: one coloured square and escaped name per (name, colour)."""
    items = (
        f'<span style="white-space:nowrap;margin-right:0.8em">'
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:2px;'
        f'background:{colour(value)};margin-right:0.3em"></span>{htmltext.escape(name)}</span>'
        for name, value in entries
    )
    return f'<div style="font-size:0.85em;line-height:1.8">{"".join(items)}</div>'
