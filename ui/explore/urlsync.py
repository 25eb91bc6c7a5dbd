"""The page's state in the URL (st.query_params), through the plain influence.view.urlstate functions."""

from __future__ import annotations

import streamlit as st

from influence.view import urlstate


def current() -> dict[str, list[str]]:
    """The query string as the browser sent it on this run (the map's JavaScript may have changed `view`)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def read(known: urlstate.Vocabularies) -> urlstate.UrlState:
    """The state the URL describes; bad values are dropped with notes."""
    return urlstate.read(current(), known)


def write(state: urlstate.UrlState) -> None:
    """Bring the page's own keys in the URL up to date, touching it only when something changed."""
    to_set, to_delete = urlstate.changes(current(), urlstate.write(state))
    # each assignment sends the whole query string to the browser: send nothing when nothing changed
    for key in to_delete:
        del st.query_params[key]
    # `window` last: a reader that sees window=custom then finds the start and end already there
    for key in sorted(to_set, key=lambda name: name == "window"):
        st.query_params[key] = to_set[key]
