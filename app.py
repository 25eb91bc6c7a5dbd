"""Streamlit entry point: `streamlit run app.py` opens the analyst's map; editors find the Edit page."""

from __future__ import annotations

import importlib
import urllib.parse
from collections.abc import Callable

import streamlit as st

st.set_page_config(page_title="Syria influence map", page_icon=":world_map:", layout="wide")

from ui import guard, startup  # noqa: E402  (set_page_config must run first)


def _lazy(module: str) -> Callable[[], None]:
    """The `render` of ui module `module`, imported when its page is first drawn: a server's first map does not
    wait for the other pages' imports (altair, python-pptx, pypdf: about 1.8 s on a loaded 2-core machine)."""

    def render() -> None:
        importlib.import_module(module).render()

    render.__name__ = render.__qualname__ = module.replace(".", "_")
    return render


startup.run()
pages = [
    st.Page(
        guard.protect(_lazy("ui.explore.page")),
        title="Map",
        icon=":material/map:",
        url_path="map",
        default=True,
    ),
    st.Page(guard.protect(_lazy("ui.actors")), title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page(
        guard.protect(_lazy("ui.brief.page")), title="Brief", icon=":material/slideshow:", url_path="brief"
    ),
    st.Page(guard.protect(_lazy("ui.editor.page")), title="Edit", icon=":material/edit:", url_path="edit"),
]
try:
    st.navigation(pages).run()
finally:
    # st.iframe(document) asks urllib whether the whole HTML is a URL, and CPython's urlsplit keeps its last 128
    # inputs in an lru_cache: every map document drawn (1 MB or more each) stayed in memory, ~300 MB after 10
    # minutes of 4 analysts (scripts/bench_load.py). Forgetting them after each run bounds the server's memory.
    getattr(urllib.parse.urlsplit, "cache_clear", lambda: None)()
