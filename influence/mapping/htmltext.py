"""The escaping functions: `escape` for every text that reaches HTML or a folium template, `markdown` for Markdown."""

from __future__ import annotations

import re

# html.escape is not enough for folium: popups and tooltips are pasted into JavaScript template
# literals, where a backtick ends the string, `${...}` runs as code and a backslash escapes; and
# branca compiles rendered output again as a Jinja template, so `{{ ... }}` would run on the server.
_REPLACEMENTS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#x60;",
    "$": "&#x24;",
    "\\": "&#x5C;",
    "{": "&#x7B;",
    "}": "&#x7D;",
}
_TABLE = str.maketrans(_REPLACEMENTS)


def escape(text: object) -> str:
    """Any value as HTML text that renders literally and can run nothing (None and NaN become '')."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return str(text).translate(_TABLE)


# Markdown (CommonMark, GitHub's extensions, Streamlit's directives such as :red[...] and :material/x:, and
# its $...$ maths) reads these; as numeric character references they show as themselves and start no
# syntax: no link, no image fetched, no emphasis. "#" is done apart: escape()'s own references contain one.
_MARKDOWN = str.maketrans({char: f"&#{ord(char)};" for char in "*_[]()~|!+-.:{}=^<>"})
_HASH = re.compile(r"(?<!&)#")


def markdown(text: object) -> str:
    """Any value as Markdown that renders exactly as its text: the one path for text shown through Markdown."""
    return _HASH.sub("&#35;", escape(text)).translate(_MARKDOWN)
