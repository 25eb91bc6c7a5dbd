"""Converting an upload in a publisher's layout: the preset chosen (recognised from the header), progress,
the summary and every rejected row by line, and the editor's go-ahead for learned place names."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from influence.intake import conversion, places, preset, registry
from ui.editor import mapping
from ui.markup import literal

BUILD = "map my columns…"
CACHE = "edit_convert_cache"


def render(data: bytes, name: str) -> bytes | None:
    """The events converted from `data` as contract CSV bytes, or None while there is nothing to import."""
    header = conversion.header_of(data)
    known = {item.name: item for item in preset.available()}
    recognised = preset.recognise(header)
    options = [*known, BUILD]
    default = options.index(recognised.name) if recognised else len(options) - 1
    if recognised:
        st.success(
            f"Recognised as {literal(recognised.label)} from its header (presets/{recognised.name}.toml)."
        )
    else:
        st.info("This layout matches no preset: map its columns below, or pick a preset.")
    labels = {name: f"{item.label} ({name})" for name, item in known.items()}
    choice = st.selectbox(
        "Format of the file",
        options,
        index=default,
        key="edit_import_format",
        format_func=lambda o: labels.get(o, o),
    )
    chosen = mapping.build(data, name) if choice == BUILD else known[choice]
    if chosen is None:
        return None
    missing = chosen.missing(header)
    if missing:
        st.error(
            f"The {literal(chosen.label)} mapping needs columns this file lacks: {literal(', '.join(missing))}"
        )
        return None
    summary, converted = _converted(data, name, chosen)
    _show(summary)
    return converted if summary.written else None


def _converted(data: bytes, name: str, chosen: preset.Preset) -> tuple[conversion.Summary, bytes]:
    """Convert once per file and mapping (reruns reuse the result), with a progress bar."""
    key = (hashlib.sha256(data).hexdigest(), preset.to_toml(chosen))
    cached = st.session_state.get(CACHE)
    if cached and cached[0] == key:
        return cached[1], cached[2]
    bar = st.progress(0.0, text=f"Converting {name}…")

    def progress(position: int, total: int, rows: int) -> None:
        bar.progress(
            min(position / total, 1.0) if total else 1.0, text=f"Converting {name}: {rows:,} rows read"
        )

    summary, converted = conversion.convert_bytes(data, name, chosen, registry.load(), progress=progress)
    bar.empty()
    st.session_state[CACHE] = (key, summary, converted)
    return summary, converted


def _show(summary: conversion.Summary) -> None:
    """What the conversion did, every rejected row by line and reason, and learned place names on request."""
    st.markdown(literal("\n\n".join(summary.lines()[:4])))
    if summary.rejections:
        st.caption(f"Rows left out ({summary.rejected_rows:,}), by source line")
        table = pd.DataFrame(
            [{"line": r.line, "column": r.column, "reason": r.reason} for r in summary.rejections]
        )
        st.dataframe(table, hide_index=True, key="edit_convert_rejected")
    if summary.unknown_places:
        count = len(summary.unknown_places)
        st.caption(
            f"{count:,} place names are not in the gazetteer; the file gives their coordinates. Adding them lets "
            "later rows that name these places without coordinates resolve."
        )
        if st.button(f"Add these {count:,} place names to the local gazetteer", key="edit_learn_places"):
            added = places.learn(summary.unknown_places, f"{summary.preset} import of {summary.source}")
            st.success(f"Added {added:,} place names to {literal(places.LEARNED.name)}.")
