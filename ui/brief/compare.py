"""Compare two periods: a before and an after, each a window or a saved view (say, the last brief's);
side by side (synchronised), as one change map, and as a table of changes traced to event ids."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import streamlit as st

from influence.brief import changemap, comparison, contest, manifest, sidebyside
from influence.export import snapshot
from influence.load.dataset import Dataset
from influence.view import query, viewfile
from influence.view.model import Extent, View
from influence.view.query import Filters
from layers import LAYERS
from ui import markup

WINDOW, SAVED = "A window", "A saved view (e.g. the last brief)"
# Maps in tabs are laid out while hidden (no size), where fitting Syria's bounds zooms to the maximum: the
# maps shown here open on a fixed centre and zoom instead (the downloads fit the bounds as exports do).
SHOWN_EXTENT = Extent(35.0, 38.9, 6.0)


@dataclass(frozen=True)
class Period:
    """One side of the comparison: its label and the view (filters, framing) it stands for."""

    label: str
    view: View


def render(dataset: Dataset, span: tuple[date, date]) -> None:
    """Draw the comparison tab."""
    left, right = st.columns(2)
    middle = span[0] + (span[1] - span[0]) / 2
    with left:
        before = _period("Before", "brief_before", (span[0], middle))
    with right:
        after = _period("After", "brief_after", (min(middle + timedelta(days=1), span[1]), span[1]))
    if before is None or after is None:
        return
    compared = comparison.compare(
        dataset.events, before.view.filters, after.view.filters, contest.rule(LAYERS)
    )
    counts = st.columns(4)
    for column, status in zip(counts, comparison.STATUSES, strict=False):
        column.metric(f"Events {status}", len(compared.ids(status)))
    counts[3].metric("Contested changes", len(compared.contested))

    change, pair, table = st.tabs(["Change map", "Side by side", "Table of changes"])
    map_view = View(extent=after.view.extent, basemap=after.view.basemap, size=after.view.size)
    shown = changemap.compose(compared, dataset.version, framed(map_view))
    with change, st.container(key="brief_change_map"):
        st.iframe(shown.html, height=560, alt="Change map: sites appeared, continued and ended")
        st.download_button(
            "Download change map (PNG)",
            data=lambda: snapshot.export(changemap.compose(compared, dataset.version, map_view), "png").data,
            file_name=f"brief-change-{dataset.version}.png",
            mime="image/png",
            on_click="ignore",
            key="brief_change_png",
        )
    with pair, st.container(key="brief_side_by_side"):
        documents = [
            snapshot.compose(
                query.apply(dataset.events, period.view.filters),
                period.view,
                dataset.version,
                registry=LAYERS,
            ).html
            for period in (before, after)
        ]
        st.iframe(sidebyside.page(*documents, before.label, after.label), height=560, alt="Before and after")
    with table:
        changes = compared.changes()
        st.dataframe(changes, hide_index=True, width="stretch", key="brief_changes_table")
        st.download_button(
            "Download table of changes (CSV)",
            data=changes.to_csv(index=False).encode("utf-8-sig"),
            file_name=f"brief-changes-{dataset.version}.csv",
            mime="text/csv",
            on_click="ignore",
            key="brief_changes_csv",
        )


def framed(view: View) -> View:
    """The view as the Brief page shows it: its own extent, else SHOWN_EXTENT."""
    return view if view.extent else replace(view, extent=SHOWN_EXTENT)


def _period(name: str, key: str, default: tuple[date, date]) -> Period | None:
    """A before or after side: a window of dates, or a saved view file (None until one is chosen)."""
    st.markdown(f"**{name}**")
    source = st.radio(
        f"{name} is", (WINDOW, SAVED), horizontal=True, key=f"{key}_source", label_visibility="collapsed"
    )
    if source == WINDOW:
        chosen = st.date_input(f"{name} window", value=default, key=f"{key}_window")
        if not isinstance(chosen, tuple) or len(chosen) != 2:
            st.caption("Pick the window's first and last day.")
            return None
        start, end = chosen
        view = View(Filters(start=start, end=end), f"{name}: {start} to {end}", window="custom")
        return Period(f"{name}: {start} to {end}", view)
    upload = st.file_uploader(
        f"{name}: a saved view file, or a deck (its last view: since the last brief)",
        type=["json", "pdf", "pptx"],
        key=f"{key}_file",
    )
    if upload is None:
        return None
    try:
        if upload.name.lower().endswith((".pdf", ".pptx")):
            view = manifest.last_view(upload.getvalue(), upload.name, LAYERS.keys)
        else:
            view = viewfile.from_json(upload.getvalue().decode("utf-8"), upload.name, layers=LAYERS.keys)
    except (viewfile.ViewFileError, manifest.ManifestError, UnicodeDecodeError) as failure:
        st.error(markup.literal(str(failure)))
        return None
    window = f"{view.filters.start or 'beginning'} to {view.filters.end or 'latest'}"
    return Period(f"{name}: {view.title or upload.name} ({window})", view)
