"""Text from data, links or users shown in Streamlit markdown: literal, never markup."""

from __future__ import annotations

import re

from influence import htmltext

# Markdown and Streamlit directives (:red[...], :material/x:) read these; as numeric character
# references they show as themselves and start no syntax. "#" is done apart: escape()'s own
# references (&#x27;) contain one.
_MARKDOWN = str.maketrans({char: f"&#{ord(char)};" for char in "*_[]()~|!+-.:{}=^"})
_HASH = re.compile(r"(?<!&)#")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def literal(text: object) -> str:
    """Any value as markdown that renders exactly as its text."""
    return _HASH.sub("&#35;", htmltext.escape(text)).translate(_MARKDOWN)


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
