"""A deck: several saved views in order, each drawn as its stamped snapshot, behind a cover page, as one
multi-page PDF or one PowerPoint file (a slide per view, speaker notes listing the sources).

Every page is the same composition a single export makes (snapshot.compose), so each carries its stamp;
the deck's manifest is embedded (manifest.py) so `cli.py brief --replay` can rebuild it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pandas as pd
import pypdf

from influence.brief.manifest import Manifest, embed_pdf, embed_pptx
from influence.export import snapshot
from influence.load.dataset import Dataset
from influence.mapping.htmltext import escape
from influence.mapping.layer import Registry
from influence.view import query
from influence.view.model import View

FORMATS = ("pdf", "pptx")
NOTES_SOURCES = 40  # sources listed in a slide's notes, most frequent first
SLIDE_WIDTH_EMU, SLIDE_HEIGHT_EMU = 12_192_000, 6_858_000  # 13.333 x 7.5 inches: PowerPoint's 16:9
COVER_STYLE = """<style>
@page{size:A4 landscape;margin:0} html,body{margin:0;height:100%}
body{font:16px/1.5 system-ui,sans-serif;color:#111;display:flex;flex-direction:column;padding:48px 64px;box-sizing:border-box}
h1{font-size:34px;margin:0 0 6px} .sub{color:#444;margin:0 0 28px} ol{margin:0;padding-left:24px} li{margin:4px 0}
.stamp{margin-top:auto;border-top:1px solid #999;padding-top:10px;font-size:13px}
</style>"""


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
    cover = snapshot.with_browser(lambda browser: _print_cover(browser, cover_html(manifest, made)))
    pages = [cover] + [snapshot.export(slide.composition, "pdf").data for slide in made]
    for data in pages:
        writer.append(pypdf.PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return embed_pdf(out.getvalue(), manifest)


def to_pptx(made: Sequence[Slide], manifest: Manifest) -> bytes:
    """A 16:9 PowerPoint: a cover slide, then one slide per view (map image with legend and stamp, notes)."""
    from pptx import Presentation
    from pptx.util import Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH_EMU, SLIDE_HEIGHT_EMU
    blank = presentation.slide_layouts[6]
    cover = presentation.slides.add_slide(blank)
    box = cover.shapes.add_textbox(
        Pt(48), Pt(48), SLIDE_WIDTH_EMU - Pt(96), SLIDE_HEIGHT_EMU - Pt(96)
    ).text_frame
    box.word_wrap = True
    lines = cover_lines(manifest, made)
    box.text = lines[0]
    box.paragraphs[0].runs[0].font.size = Pt(32)
    for line in lines[1:]:
        box.add_paragraph().text = line
    cover.notes_slide.notes_text_frame.text = "\n".join(lines)
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
    lines = [stamped.title, *(f"{label}: {text}" for label, text in stamped.lines()), "", "Sources:"]
    listed = slide.sources[:NOTES_SOURCES]
    lines += [f"- {name} ({count} events)" for name, count in listed] or ["- none"]
    if len(slide.sources) > len(listed):
        lines.append(f"- and {len(slide.sources) - len(listed)} more")
    return "\n".join(lines)


def cover_lines(manifest: Manifest, made: Sequence[Slide]) -> list[str]:
    """The cover's text: title, the views in order, the data version and when it was made."""
    return [
        manifest.title or "Foreign influence in Syria: brief",
        *(
            f"{number}. {slide.composition.stamp.title} ({slide.composition.stamp.window})"
            for number, slide in enumerate(made, 1)
        ),
        f"Data version: {manifest.data_version}",
        f"Made: {manifest.made_at.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"Pages: {len(made)} views; each page carries its own stamp",
    ]


def cover_html(manifest: Manifest, made: Sequence[Slide]) -> str:
    """The cover page as HTML, every text escaped."""
    title, *rest = cover_lines(manifest, made)
    views, stamp_lines = rest[: len(made)], rest[len(made) :]
    items = "".join(f"<li>{escape(line.split('. ', 1)[1])}</li>" for line in views)
    stamp_html = "".join(f"<div>{escape(line)}</div>" for line in stamp_lines)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{COVER_STYLE}</head>"
        f"<body><h1>{escape(title)}</h1><p class='sub'>The views in this brief, in order:</p><ol>{items}</ol>"
        f"<div class='stamp' data-stamp='cover'>{stamp_html}</div></body></html>"
    )


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
