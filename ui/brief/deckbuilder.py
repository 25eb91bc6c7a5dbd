"""The deck: a list of saved views to add, reorder and remove, and a button that builds the PDF or PowerPoint."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from influence.brief import deck
from influence.load.dataset import Dataset
from influence.view import viewfile
from influence.view.model import View
from layers import LAYERS
from ui import markup

DECK = "brief_deck"  # session key: list of (file name, View), in slide order
BUILT = "brief_deck_built"  # session key: (format, bytes) of the last build
UPLOADS = "brief_deck_uploads"  # session key: a counter that gives the uploader a fresh key once read
MEDIA = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def add(name: str, view: View) -> None:
    """Put a view at the end of the deck."""
    st.session_state.setdefault(DECK, []).append((name, view))
    st.session_state.pop(BUILT, None)


def render(dataset: Dataset) -> None:
    """Draw the deck tab."""
    views: list[tuple[str, View]] = st.session_state.setdefault(DECK, [])
    generation = st.session_state.setdefault(UPLOADS, 0)
    uploads = st.file_uploader(
        "Add saved view files",
        type=["json"],
        accept_multiple_files=True,
        key=f"brief_deck_upload_{generation}",
    )
    if uploads:
        for upload in uploads:
            try:
                add(
                    upload.name,
                    viewfile.from_json(upload.getvalue().decode("utf-8"), upload.name, layers=LAYERS.keys),
                )
            except (viewfile.ViewFileError, UnicodeDecodeError) as failure:
                st.error(markup.literal(str(failure)))
        st.session_state[UPLOADS] = generation + 1  # a fresh uploader: the same files are not added twice
        st.rerun()
    if not views:
        st.info("No views yet: add saved view files, or annotate a view and add it to the deck.")
        return
    with st.container(key="brief_deck_list"):
        for number, (name, view) in enumerate(views):
            _row(number, name, view, len(views))
    left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    title = left.text_input(
        "Deck title (on the cover)", value="Foreign influence in Syria: brief", key="brief_deck_title"
    )
    fmt = middle.selectbox("Format", deck.FORMATS, format_func=str.upper, key="brief_deck_format")
    if right.button("Build deck", type="primary", key="brief_deck_build", width="stretch"):
        with st.spinner(f"Drawing {len(views)} views…"):
            made_at = datetime.now(UTC)
            slides = deck.slides(dataset, views, LAYERS, made_at)
            manifest = deck.manifest_of(dataset, slides, made_at, title)
            data = deck.to_pdf(slides, manifest) if fmt == "pdf" else deck.to_pptx(slides, manifest)
        st.session_state[BUILT] = (fmt, data, len(slides))
    built = st.session_state.get(BUILT)
    if built:
        fmt, data, count = built
        st.success(f"Deck ready: cover and {count} views, data version {dataset.version}.")
        st.download_button(
            f"Download brief.{fmt}",
            data=data,
            file_name=f"brief-{dataset.version}.{fmt}",
            mime=MEDIA[fmt],
            on_click="ignore",
            key="brief_deck_download",
        )


def _row(number: int, name: str, view: View, count: int) -> None:
    """One view of the deck: its title and window, and buttons to move it up, down or out."""
    text, up, down, out = st.columns([8, 1, 1, 1], vertical_alignment="center")
    window = f"{view.filters.start or 'beginning'} to {view.filters.end or 'latest'}"
    text.markdown(f"**{number + 1}.** {markup.literal(view.title or name)} · {markup.literal(window)} · "
                  f"{len(view.annotations)} callouts")  # fmt: skip
    if up.button("↑", key=f"brief_deck_up_{number}", disabled=number == 0, help="Move up"):
        _move(number, number - 1)
    if down.button("↓", key=f"brief_deck_down_{number}", disabled=number == count - 1, help="Move down"):
        _move(number, number + 1)
    if out.button("✕", key=f"brief_deck_remove_{number}", help="Remove from the deck"):
        st.session_state[DECK].pop(number)
        st.session_state.pop(BUILT, None)
        st.rerun()


def _move(source: int, target: int) -> None:
    views = st.session_state[DECK]
    views[source], views[target] = views[target], views[source]
    st.session_state.pop(BUILT, None)
    st.rerun()
