"""The live map inside Streamlit: its document is mounted once per data version and basemap, then every
rerun sends only a state (the mask of events to draw, the layers, their small data), so a filter change or a
playback step redraws in place and the analyst's pan and zoom stay (static/livemap/bridge.js).

A Streamlit component declared from the project's own folder (components.v1.declare_component with path=):
it is served by the app itself, so it works offline, and it talks both ways. The newer components v2 API
mounts its script in the app page itself, with no frame to sandbox the map document in; streamlit-folium
(v1 too) re-sends the whole map script on each rerun. The bridge reports {docKey, layers, click, basemap} when
the analyst changes something (or docKey null when it lacks the document); pan and
zoom go into the address bar only, so they never rerun the script. A basemap picked in the map's layer
control is reported too: the sidebar's basemap follows, so the link and the exports take it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components
from streamlit.errors import StreamlitAPIException

from influence.mapping import documents, livestate, mapview
from influence.mapping.assets import STATIC
from ui import layout

_COMPONENT = components.declare_component("livemap", path=str(STATIC / "livemap"))
# The stored map documents (influence/mapping/documents.py), served by the app like the bridge's own files and
# never drawn: the bridge loads a document by its address, so its 6 MB (100,000 events) do not travel inside the
# page's websocket message as JSON (the browser spent seconds decoding, copying and handing it over as srcdoc).
_DOCUMENTS_FOLDER = documents.served()
try:
    _DOCUMENTS_FOLDER.mkdir(parents=True, exist_ok=True)  # Streamlit declares only a folder that exists
    _DOCUMENTS = components.declare_component("livemap_documents", path=str(_DOCUMENTS_FOLDER))
except (OSError, StreamlitAPIException):  # no cache folder to be had: the documents go inline
    _DOCUMENTS = None
_HANDLED = "livemap_handled_click"
_HANDLED_BASEMAP = "livemap_handled_basemap"
_SENT = "livemap_sent_{}"  # the doc_key whose document was last sent to the bridge of map `key`


def reported(key: str) -> dict:
    """What the bridge last said: {docKey, layers, click, basemap} (empty before its first report)."""
    value = st.session_state.get(key)
    return value if isinstance(value, dict) else {}


def show(
    *,
    key: str,
    doc_key: str,
    document: Callable[[], str],
    document_file: Callable[[], Path | None] = lambda: None,
    state: dict,
    view: tuple[float, float, float] | None,
    height: int,
    on_click: Callable[[float, float, bool], None],
    on_basemap: Callable[[str], None],
) -> None:
    """Mount the map (sending `document()`, or the address of `document_file()` when the app serves it, only when
    the browser does not hold `doc_key`) and feed it `state`."""
    args = {
        "docKey": doc_key,
        "state": state,
        "stateKey": livestate.key(state),
        "view": list(view) if view else None,
        "height": height,
        "fill": {"reserved": layout.RESERVED_PX, "min": layout.MIN_HEIGHT},
    }
    sent = _SENT.format(key)
    if key not in st.session_state:  # a first mount (or one after another page): a new frame, no document
        st.session_state.pop(sent, None)
    # the bridge no longer reports the document it loads (that report cost a second full rerun per visit): the
    # document is sent once per doc_key, and a bridge that lacks it asks (reports docKey null, see _changed)
    if reported(key).get("docKey") != doc_key and st.session_state.get(sent) != doc_key:
        address = _address(document_file())
        if address is not None:
            args["documentUrl"] = address
        else:
            args["document"] = document()
        st.session_state[sent] = doc_key
    known = tuple(mapview.BASEMAPS)
    _COMPONENT(key=key, default=None, on_change=lambda: _changed(key, on_click, on_basemap, known), **args)


def _address(file: Path | None) -> str | None:
    """The document file's address relative to the bridge's own (None when it is not in the served folder, e.g.
    INFLUENCE_CACHE changed after this module was imported)."""
    if _DOCUMENTS is None or file is None or file.parent.resolve() != _DOCUMENTS_FOLDER.resolve():
        return None
    return f"../{_DOCUMENTS.name}/{file.name}"


def _changed(
    key: str,
    on_click: Callable[[float, float, bool], None],
    on_basemap: Callable[[str], None],
    known: tuple[str, ...],
) -> None:
    # runs before the script, so the click or the basemap can still change the sidebar's widgets
    if reported(key).get("docKey") != st.session_state.get(_SENT.format(key)):
        st.session_state.pop(_SENT.format(key), None)  # the bridge lacks the document sent: send it again
    picked = reported(key).get("basemap")  # {key, seq}: seq tells a new pick of the same basemap apart
    if isinstance(picked, dict) and picked != st.session_state.get(_HANDLED_BASEMAP):
        st.session_state[_HANDLED_BASEMAP] = picked
        if picked.get("key") in known:
            on_basemap(picked["key"])
    click = reported(key).get("click")
    if not isinstance(click, dict) or click == st.session_state.get(_HANDLED):
        return
    st.session_state[_HANDLED] = click
    try:
        lat, lon, shift = float(click["lat"]), float(click["lon"]), bool(click.get("shift"))
    except (KeyError, TypeError, ValueError):
        return  # a malformed report changes nothing
    on_click(lat, lon, shift)
