"""The briefer's export panel: title and size, then downloads of the view as PNG, PDF, HTML, CSV, GeoJSON and
view file, and of its playback as an animated GIF or an MP4 video."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import geopandas as gpd
import streamlit as st

from influence.export import animation, dataexport, filenames, snapshot
from influence.load.dataset import Dataset
from influence.view import viewfile, window
from influence.view.model import Annotation
from influence.view.query import Filters
from layers import LAYERS

SIZE_LABELS = {
    "slide": "Slide, 1920 × 1080 px",
    "a4": "A4 landscape, 200 dpi (2339 × 1654 px; PDF on A4)",
    "letter": "Letter landscape, 200 dpi (2200 × 1700 px; PDF on Letter)",
}


@dataclass(frozen=True)
class Download:
    """One button: its label, the program-made file name, the media type and the maker run on click."""

    label: str
    file_name: str
    media_type: str
    make: Callable[[], bytes]


def render(
    events_shown: gpd.GeoDataFrame,
    filters: Filters,
    view: tuple[float, float, float] | None,
    dataset: Dataset,
    layers: tuple[str, ...] | None = None,
    basemap: str = viewfile.DEFAULT_BASEMAP,
    title: str = "",
    playback: tuple[str, str] = ("month", "window"),
    annotations: tuple[Annotation, ...] = (),
) -> None:
    """Draw the panel; each button makes its file only when clicked (from the same composition as the map,
    with `annotations`, a link's callouts)."""
    # Opening the panel reruns the page, so it reads the view the map last wrote into the address (pans and
    # zooms rerun nothing): the files are made for the extent, layers and basemap on screen at that moment.
    expander = st.expander(
        "Export this view", icon=":material/download:", key="export_panel", on_change="rerun"
    )
    if not expander.open:
        return
    with expander:
        left, right = st.columns([3, 2])
        chosen_title = left.text_input("Title", value=title, max_chars=viewfile.MAX_TEXT, key="export_title")
        size = right.selectbox(
            "Size", list(SIZE_LABELS), format_func=SIZE_LABELS.__getitem__, key="export_size"
        )
        saved = viewfile.View(filters, chosen_title, view, size, layers, basemap, annotations=annotations)
        where = (
            f"centre {view[0]:.3f}, {view[1]:.3f}, zoom {view[2]:g}"
            if view
            else "all of Syria (the map's first view)"
        )
        st.caption(f"View exported: {where}. Moved the map since opening this panel? Close and reopen it.")
        st.caption(
            f"{len(events_shown):,} events; the stamp carries the title, window, filters, sources, data version "
            f"{dataset.version} and the time made. In the PDF the boundaries stay vector; event marks are an image."
        )
        if annotations:
            st.caption(f"The link's {len(annotations)} callouts are drawn on the PNG, PDF and HTML.")
        choices = downloads(events_shown, saved, dataset, playback)
        # the view's files on one row, the playback's on the next: eight buttons on one row are cut at 800 px
        still = [download for download in choices if not download.label.startswith("Playback")]
        _buttons(still)
        step, mode = playback
        st.caption(
            f"Playback: one stamped frame per calendar {step}, "
            f"{'each its own step' if mode == 'window' else 'everything up to it'} (set under the map)."
        )
        _buttons([download for download in choices if download not in still], columns=len(still))


def _buttons(choices: list[Download], columns: int = 0) -> None:
    """One row of download buttons, as wide as a row of `columns` (or of the buttons themselves)."""
    for column, download in zip(st.columns(max(columns, len(choices))), choices, strict=False):
        column.download_button(
            download.label,
            data=download.make,  # deferred: Streamlit runs it, on its own thread, only when clicked
            file_name=download.file_name,
            mime=download.media_type,
            on_click="ignore",
            key=f"export_{download.file_name.rsplit('.', 1)[-1]}",
            width="stretch",
        )


def downloads(
    shown: gpd.GeoDataFrame,
    view: viewfile.View,
    dataset: Dataset,
    playback: tuple[str, str] = ("month", "window"),
) -> list[Download]:
    """The panel's downloads for a view; the makers are the same calls `cli.py export` makes."""
    step, mode = playback
    # a window of one step plays the whole record; a longer window plays itself, step by step
    played = (
        view
        if _steps(view.filters, step) > 1
        else replace(view, filters=replace(view.filters, start=None, end=None))
    )

    def picture(fmt: str) -> Callable[[], bytes]:
        return lambda: (
            snapshot.export(snapshot.compose(shown, view, dataset.version, registry=LAYERS), fmt).data
        )

    def name(extension: str, kind: str = "") -> str:
        return filenames.export_name(view.filters, dataset.version, extension, kind=kind)

    return [
        *(
            Download(fmt.upper(), name(fmt), snapshot.MEDIA_TYPES[fmt], picture(fmt))
            for fmt in snapshot.FORMATS
        ),
        Download("CSV", name("csv", "events"), "text/csv", lambda: dataexport.to_csv(shown)),
        Download(
            "GeoJSON", name("geojson", "events"), "application/geo+json", lambda: dataexport.to_geojson(shown)
        ),
        Download(
            "View file",
            name("json", "view"),
            "application/json",
            lambda: viewfile.to_json(view).encode("utf-8"),
        ),
        *(
            Download(
                f"Playback {fmt.upper()}",
                name(fmt, f"playback-{step}"),
                animation.MEDIA_TYPES[fmt],
                _playback(dataset, played, step, mode, fmt),
            )
            for fmt in animation.FORMATS
        ),
    ]


def _playback(dataset: Dataset, view: viewfile.View, step: str, mode: str, fmt: str) -> Callable[[], bytes]:
    """The maker of one playback file (a function of its own, so each format keeps its own `fmt`)."""
    return lambda: animation.export(
        dataset.events, view, dataset.version, registry=LAYERS, step=step, mode=mode, fmt=fmt
    )


def _steps(filters: Filters, step: str) -> int:
    """How many calendar steps the window spans (0 when it is open at either end)."""
    if filters.start is None or filters.end is None:
        return 0
    return len(window.starts(filters.start, filters.end, step))
