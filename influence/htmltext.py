"""The one escaping function: every piece of text that reaches HTML or a folium template goes through it."""

from __future__ import annotations

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
