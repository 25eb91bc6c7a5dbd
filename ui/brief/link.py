"""The annotated view in the Brief page's address: a copied link reopens it with its title and callouts.

The same spelling as the Explore page's link (influence.view.urlstate) plus `title=` and `ann=` (the callouts,
influence.view.calloutlink); `view=` and `layers=` are written by the map's own JavaScript on a pan or a
layer toggle and read back here, so the link and the saved view file frame the map as the analyst left it.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from influence.view import model, urlstate
from influence.view.model import View
from layers import LAYERS
from ui import markup

OPENED = "brief_link_opened"  # session key: the link's notes, once the address has been read
KEYS = urlstate.WRITTEN_KEYS + urlstate.BRIEF_KEYS


def _current() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def opened() -> View | None:
    """The view the address describes, on the session's first run of this page (None later or when empty)."""
    if OPENED in st.session_state:
        return None
    params = _current()
    found = urlstate.read(params, model.declared(layers=LAYERS.keys)) if params else None
    st.session_state[OPENED] = found.notes if found else ()
    return None if found is None else replace(found, title=found.title or "Annotated view", notes=())


def framing(view: View) -> View:
    """`view` with the extent and layers the map last wrote into the address (a pan, a layer toggle)."""
    known = model.declared(layers=LAYERS.keys)
    params = {key: value for key, value in _current().items() if key in urlstate.BROWSER_KEYS}
    found = urlstate.read(params, known)
    extent = found.extent or view.extent
    return replace(view, extent=extent, layers=found.layers if "layers" in params else view.layers)


def write(view: View) -> None:
    """Bring the address up to date with `view` (only what changed), and say what a link would leave out."""
    to_set, to_delete = urlstate.changes(_current(), urlstate.write(view), KEYS)
    for key in to_delete:
        del st.query_params[key]
    for key in sorted(to_set, key=lambda name: name == "window"):  # window last, as on the Explore page
        st.query_params[key] = to_set[key]


def notes(view: View) -> None:
    """The link's notes: what reading it dropped, and what a link to `view` cannot carry."""
    for note in st.session_state.get(OPENED, ()):
        st.caption(":material/link_off: " + markup.literal(note))
    too_long = urlstate.link_note(view)
    if too_long:
        st.warning(markup.literal(too_long), icon=":material/link_off:")
    else:
        st.caption(":material/link: The address of this page is a link to this view, callouts included.")
