"""Annotate a view: open a saved view file (or start from the whole record), add, move and delete callouts,
see them on the stamped map the exports draw, save the view file, or put the view in the deck."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

from influence.load.dataset import Dataset
from influence.view import rules, viewfile
from influence.view.model import ANNOTATION_KINDS, Annotation, View
from layers import LAYERS
from ui import markup
from ui.brief import compare, deckbuilder, link, placing

VIEW = placing.VIEW  # session key: the View being annotated
TITLE = "brief_title"  # session key of the title box
GENERATION = "brief_map_generation"  # session key: a new number mounts a fresh map (a view opened)
KIND_LABELS = {"label": "Label with a leader line", "arrow": "Arrow", "circle": "Circled area"}
NEW = "New callout"
# Aleppo: a starting point inside Syria, so the first callout lands on the map
START = {"lat": 36.2, "lon": 37.15, "to_lat": 36.6, "to_lon": 36.4, "radius_km": 25.0}


def render(dataset: Dataset) -> None:
    """Draw the annotation tab."""
    _open_upload()
    linked = link.opened()
    if linked is not None:
        _start(linked)
    view: View = st.session_state.setdefault(VIEW, View(title="Annotated view"))
    st.session_state.setdefault(TITLE, view.title)
    title = st.text_input("Title", max_chars=rules.MAX_TEXT, key=TITLE)
    view = link.framing(replace(view, title=title))
    st.session_state[VIEW] = view

    form, preview = st.columns([1, 2])
    with form:
        st.radio("A click on the map", placing.MODES, key=placing.MODE)
        _editor(view)
        view = st.session_state[VIEW]
        st.download_button(
            "Download view file",
            data=viewfile.to_json(view).encode("utf-8"),
            file_name="brief-view.json",
            mime="application/json",
            on_click="ignore",
            key="brief_view_download",
        )
        if st.button("Add this view to the deck", key="brief_to_deck"):
            deckbuilder.add(f"{view.title or 'view'}.json", view)
            st.toast("Added to the deck")
    with preview, st.container(key="brief_preview"):
        generation = st.session_state.get(GENERATION, 0)
        count = placing.render(
            dataset, compare.framed(view), generation=generation, height=560, container="brief_preview"
        )
        st.caption(f"{count:,} events; {len(view.annotations)} callouts. Exports and decks draw this map.")
    link.notes(view)
    link.write(view)


def _open_upload() -> None:
    """A view file opened here replaces the view being annotated (read once per file)."""
    upload = st.file_uploader("Open a saved view file", type=["json"], key="brief_view_upload")
    if upload is None or st.session_state.get("brief_view_name") == upload.name + str(upload.size):
        return
    try:
        view = viewfile.from_json(upload.getvalue().decode("utf-8"), upload.name, layers=LAYERS.keys)
    except (viewfile.ViewFileError, UnicodeDecodeError) as failure:
        st.error(markup.literal(str(failure)))
        return
    st.session_state["brief_view_name"] = upload.name + str(upload.size)
    for key in ("view", "layers"):  # the map wrote these for the last view: the file frames its own
        if key in st.query_params:
            del st.query_params[key]
    _start(view)


def _start(view: View) -> None:
    """Annotate `view` from now on: its title in the box, a fresh map framed on its extent."""
    st.session_state[VIEW] = view
    st.session_state[TITLE] = view.title
    st.session_state[placing.PICK] = 0
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def _editor(view: View) -> None:
    """The callout list, and one form that adds a callout or moves (edits) the chosen one."""
    names = [NEW] + [
        f"{number}. {KIND_LABELS[item.kind]}: {item.text}" for number, item in enumerate(view.annotations, 1)
    ]
    # the choice is kept under PICK, not as the list's own value: the list is a new widget whenever a
    # callout's text changes (Streamlit keys a widget by its options), and a click on the map sets it too
    chosen = min(int(st.session_state.get(placing.PICK) or 0), len(view.annotations))
    picked = st.selectbox(
        "Callout", range(len(names)), index=chosen, format_func=lambda i: names[i],
        key=f"brief_callout_list_{chosen}_{hashlib.sha1(repr(names).encode()).hexdigest()[:8]}",
    )  # fmt: skip
    if picked != chosen:
        st.session_state[placing.PICK] = picked
        st.rerun()
    current = view.annotations[chosen - 1] if chosen else None
    values = {**START, **({k: v for k, v in current.__dict__.items() if v is not None} if current else {})}
    # a callout moved on the map is a new form, so its boxes show where it is now
    with st.form(f"brief_callout_form_{chosen}_{len(view.annotations)}_{hash(current)}"):
        kind = st.selectbox("Kind", ANNOTATION_KINDS, index=ANNOTATION_KINDS.index(values.get("kind", "label")),
                            format_func=KIND_LABELS.__getitem__)  # fmt: skip
        text = st.text_input("Text", value=values.get("text", ""), max_chars=rules.MAX_TEXT)
        left, right = st.columns(2)
        lat = left.number_input("Point latitude", value=float(values["lat"]), format="%.4f", step=0.05)
        lon = right.number_input("Point longitude", value=float(values["lon"]), format="%.4f", step=0.05)
        to_lat = left.number_input(
            "Label latitude (label, arrow)", value=float(values["to_lat"]), format="%.4f", step=0.05
        )
        to_lon = right.number_input(
            "Label longitude (label, arrow)", value=float(values["to_lon"]), format="%.4f", step=0.05
        )
        radius = st.number_input(
            "Radius in km (circle)", value=float(values["radius_km"]), min_value=0.0, step=5.0
        )
        saved = st.form_submit_button("Save callout" if current else "Add callout")
    if current:
        st.button("Delete this callout", key="brief_callout_delete", on_click=_delete, args=(chosen,))
    if not saved:
        return
    item = {"kind": kind, "text": text, "lat": lat, "lon": lon}
    item |= {"radius_km": radius} if kind == "circle" else {"to_lat": to_lat, "to_lon": to_lon}
    problems: list[str] = []
    checked = rules.annotation(item, "callout", problems)  # the view file's own rule
    if checked is None:
        st.error(markup.literal("; ".join(problems)))
        return
    st.session_state[VIEW] = replace(view, annotations=_placed(view.annotations, checked, chosen))
    st.rerun()


def _delete(chosen: int) -> None:
    """Drop the chosen callout (a callback: the list is set back to "New callout" before it is drawn)."""
    view: View = st.session_state[VIEW]
    kept = tuple(item for number, item in enumerate(view.annotations, 1) if number != chosen)
    st.session_state[VIEW] = replace(view, annotations=kept)
    st.session_state[placing.PICK] = 0


def _placed(items: tuple[Annotation, ...], item: Annotation, chosen: int) -> tuple[Annotation, ...]:
    """The callouts with `item` added (chosen 0) or in place of the chosen one."""
    if not chosen:
        return (*items, item)
    return tuple(item if number == chosen else old for number, old in enumerate(items, 1))
