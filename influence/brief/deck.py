"""A deck: several saved views in order, each drawn as its stamped snapshot, behind a cover page, as one
multi-page PDF or one PowerPoint file (a slide per view, speaker notes listing the sources).

Every page is the same composition a single export makes (snapshot.compose), so each carries its stamp;
the deck's manifest is embedded (manifest.py) so `cli.py brief --replay` can rebuild it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

import pandas as pd
import pypdf

from influence.brief import cover
from influence.brief.manifest import Manifest, embed_pdf, embed_pptx
from influence.export import snapshot
from influence.load.dataset import Dataset
from influence.mapping.layer import Registry
from influence.view import query
from influence.view.model import View

FORMATS = ("pdf", "pptx")
NOTES_SOURCES = 40  # sources listed in a slide's notes, most frequent first
SLIDE_WIDTH_EMU, SLIDE_HEIGHT_EMU = 12_192_000, 6_858_000  # 13.333 x 7.5 inches: PowerPoint's 16:9


@dataclass(frozen=True)
class Slide:
    """One view of the deck, composed and stamped, with the sources of its events (most frequent first)."""

    name: str
    view: View
    composition: snapshot.Composition
    sources: tuple[tuple[str, int], ...]


def slides(
    dataset: Dataset, views: Sequence[tuple[str, View]], registry: Registry, made_at: datetime
) -> list[Slide]:
    """Each (file name, view) composed over the data as a single export would be, all stamped `made_at`."""
    made = []
    for name, view in views:
        shown = query.apply(dataset.events, view.filters)
        composition = snapshot.compose(shown, view, dataset.version, made_at, registry=registry)
        made.append(Slide(name, view, composition, _sources(shown)))
    return made


def manifest_of(dataset: Dataset, made: Sequence[Slide], made_at: datetime, title: str = "") -> Manifest:
    """The manifest of a deck of these slides."""
    return Manifest(tuple((slide.name, slide.view) for slide in made), dataset.version, made_at, title)


def to_pdf(made: Sequence[Slide], manifest: Manifest) -> bytes:
    """The cover and one page per slide (each its own snapshot PDF), with the manifest attached."""
    writer = pypdf.PdfWriter()
    page = cover.html(cover.of(manifest, made))
    pages = [snapshot.with_browser(lambda browser: _print_cover(browser, page))] + [
        snapshot.export(slide.composition, "pdf").data for slide in made
    ]
    for data in pages:
        writer.append(pypdf.PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return embed_pdf(out.getvalue(), manifest)


def to_pptx(made: Sequence[Slide], manifest: Manifest) -> bytes:
    """A 16:9 PowerPoint: a cover slide, then one slide per view (map image with legend and stamp, notes)."""
    from pptx import Presentation

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH_EMU, SLIDE_HEIGHT_EMU
    blank = presentation.slide_layouts[6]
    cover.add_slide(presentation, cover.of(manifest, made))
    for slide in made:
        png = snapshot.export(slide.composition, "png").data
        page = presentation.slides.add_slide(blank)
        _add_picture(page, png)
        page.notes_slide.notes_text_frame.text = notes(slide)
    embed_pptx(presentation, manifest)
    out = BytesIO()
    presentation.save(out)
    return out.getvalue()


def notes(slide: Slide) -> str:
    """A slide's speaker notes: its stamp, then every source of its events (with how many events each)."""
    stamped = slide.composition.stamp
    # the stamp's own line of top sources is left out: the full list follows under one "Sources:" heading
    stamp_lines = (f"{label}: {text}" for label, text in stamped.lines() if label != "Sources")
    lines = [stamped.title, *stamp_lines, "", "Sources:"]
    listed = slide.sources[:NOTES_SOURCES]
    lines += [f"- {name} ({count} events)" for name, count in listed] or ["- none"]
    if len(slide.sources) > len(listed):
        lines.append(f"- and {len(slide.sources) - len(listed)} more")
    return "\n".join(lines)


def _print_cover(browser: Any, html: str) -> bytes:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())  # the cover is self-contained; nothing is fetched
        page.set_content(html, wait_until="load")
        return page.pdf(format="A4", landscape=True, print_background=True)
    finally:
        context.close()


def _add_picture(page: Any, png: bytes) -> None:
    """The map image as large as the slide allows, centred, its proportions kept."""
    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        width, height = image.size
    scale = min(SLIDE_WIDTH_EMU / width, SLIDE_HEIGHT_EMU / height)
    shown_width, shown_height = int(width * scale), int(height * scale)
    left, top = (SLIDE_WIDTH_EMU - shown_width) // 2, (SLIDE_HEIGHT_EMU - shown_height) // 2
    page.shapes.add_picture(BytesIO(png), left, top, shown_width, shown_height)


def _sources(shown: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    if shown.empty:
        return ()
    counts = shown["source"].fillna("").astype(str).str.strip()
    counts = counts[counts != ""].value_counts()
    return tuple(
        sorted(((str(name), int(n)) for name, n in counts.items()), key=lambda item: (-item[1], item[0]))
    )
