"""A deck's cover: its title, the views in order (title, window, events shown, callouts), the data version
and when it was made, laid out the same way as a PDF page (HTML printed by Chromium) and a PowerPoint slide.

Every text on the page goes through htmltext.escape; the slide's text goes in as plain text runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from influence.brief.manifest import Manifest
from influence.mapping.htmltext import escape

DEFAULT_TITLE = "Foreign influence in Syria: brief"
INK, BAND, MUTED, RULE = "#111111", "#1f2a44", "#555555", "#c8ccd4"
# the footnote says what the deck holds, never what the data means
FOOTNOTE = (
    "Each page carries its own stamp: window, filters, events shown, sources, data version, made. "
    "The deck's manifest is attached: cli.py brief --replay rebuilds it and says whether the data changed."
)
COLUMNS = ("", "View", "Window", "Events shown", "Callouts")


@dataclass(frozen=True)
class Row:
    """One view as the cover lists it."""

    number: int
    title: str
    window: str
    events: int
    callouts: int


@dataclass(frozen=True)
class Cover:
    """The cover's content, shared by the PDF page and the slide."""

    title: str
    rows: tuple[Row, ...]
    data_version: str
    made: str

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """(label, text) under the title: how many views, the data version, when made."""
        return (("Views", str(len(self.rows))), ("Data version", self.data_version), ("Made", self.made))


def of(manifest: Manifest, slides: Sequence[Any]) -> Cover:
    """The cover of a deck of `slides` (deck.Slide) with this manifest."""
    rows = tuple(
        Row(
            number,
            slide.composition.stamp.title,
            slide.composition.stamp.window,
            slide.composition.stamp.count,
            len(slide.view.annotations),
        )
        for number, slide in enumerate(slides, 1)
    )
    made = manifest.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Cover(manifest.title or DEFAULT_TITLE, rows, manifest.data_version, made)


def lines(cover: Cover) -> list[str]:
    """The cover as plain lines (the slide's speaker notes): title, views in order, data version, made."""
    return [
        cover.title,
        *(f"{row.number}. {row.title} ({row.window}; {row.events:,} events shown)" for row in cover.rows),
        f"Data version: {cover.data_version}",
        f"Made: {cover.made}",
        f"Pages: {len(cover.rows)} views; each page carries its own stamp",
    ]


STYLE = f"""<style>
@page{{size:A4 landscape;margin:0}} html,body{{margin:0;height:100%}}
body{{font:15px/1.45 system-ui,sans-serif;color:{INK};display:flex;flex-direction:column;box-sizing:border-box}}
header{{background:{BAND};color:#fff;padding:44px 64px 28px}}
h1{{font-size:34px;line-height:1.2;margin:0 0 16px}}
.facts{{display:flex;gap:40px;font-size:14px}} .facts b{{display:block;font-size:11px;letter-spacing:.06em;
text-transform:uppercase;color:#b9c2d6;font-weight:600}}
main{{padding:28px 64px 0}} h2{{font-size:13px;letter-spacing:.06em;text-transform:uppercase;color:{MUTED};margin:0 0 8px}}
table{{width:100%;border-collapse:collapse}} th{{text-align:left;font-size:12px;color:{MUTED};font-weight:600;
border-bottom:2px solid {BAND};padding:6px 8px}} td{{border-bottom:1px solid {RULE};padding:8px;vertical-align:top}}
td.n{{font-weight:700;width:28px}} td.num,th.num{{text-align:right;white-space:nowrap}} td.w{{white-space:nowrap}}
footer{{margin-top:auto;padding:12px 64px 28px;border-top:1px solid {RULE};font-size:12px;color:{MUTED}}}
</style>"""


def html(cover: Cover) -> str:
    """The cover as one A4 landscape HTML page, every text escaped."""
    facts = "".join(
        f"<div data-fact='{escape(label)}'><b>{escape(label)}</b>{escape(text)}</div>"
        for label, text in cover.facts
    )
    head = "".join(
        f"<th{' class=num' if name in ('Events shown', 'Callouts') else ''}>{escape(name)}</th>"
        for name in COLUMNS
    )
    body = "".join(
        f"<tr><td class=n>{row.number}</td><td>{escape(row.title)}</td><td class=w>{escape(row.window)}</td>"
        f"<td class=num>{row.events:,}</td><td class=num>{row.callouts}</td></tr>"
        for row in cover.rows
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(cover.title)}</title>{STYLE}</head>"
        f"<body><header><h1>{escape(cover.title)}</h1><div class=facts>{facts}</div></header>"
        f"<main><h2>The views in this brief, in order</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></main>"
        f"<footer data-stamp='cover'>{escape(FOOTNOTE)}</footer></body></html>"
    )


def add_slide(presentation: Any, cover: Cover) -> Any:
    """The cover as the first slide of a python-pptx presentation (band with title and facts, table of views)."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    width, height = presentation.slide_width, presentation.slide_height
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
    margin = Pt(48)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, width, Pt(150))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(RGBColor, BAND)
    band.line.fill.background()
    frame = band.text_frame
    frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = margin
    _run(frame.paragraphs[0], cover.title, Pt(32), "#ffffff", bold=True)
    facts = frame.add_paragraph()
    facts.space_before = Pt(8)
    for number, (label, text) in enumerate(cover.facts):
        _run(facts, ("    " if number else "") + f"{label}: ", Pt(13), "#b9c2d6", bold=True)
        _run(facts, text, Pt(13), "#ffffff")
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT

    heading = slide.shapes.add_textbox(margin, Pt(168), width - 2 * margin, Pt(24)).text_frame
    heading.word_wrap = True  # a box that wraps keeps its width: a fitted one is centred by some viewers
    heading.paragraphs[0].alignment = PP_ALIGN.LEFT
    _run(heading.paragraphs[0], "THE VIEWS IN THIS BRIEF, IN ORDER", Pt(12), MUTED, bold=True)
    footer_top = height - Pt(64)
    # rows of 26 pt, closer when many views would run into the footer; the text shrinks with them
    row_height = min(Pt(26), (footer_top - Pt(204)) // (len(cover.rows) + 1))
    size = Pt(min(14, max(8, row_height / Pt(1) * 0.5)))
    shape = slide.shapes.add_table(
        len(cover.rows) + 1,
        len(COLUMNS),
        margin,
        Pt(196),
        width - 2 * margin,
        row_height * (len(cover.rows) + 1),
    )
    table = shape.table
    shares = (0.04, 0.49, 0.24, 0.14, 0.09)  # "Events shown" on one line
    for column, share in zip(table.columns, shares, strict=True):
        column.width = Emu(int((width - 2 * margin) * share))
    cells = [list(COLUMNS)] + [
        [str(row.number), row.title, row.window, f"{row.events:,}", str(row.callouts)] for row in cover.rows
    ]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(RGBColor, "#e9ecf2" if r == 0 else "#ffffff")
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if c >= 3 else PP_ALIGN.LEFT
            _run(
                paragraph, value, Pt(12) if r == 0 else size, MUTED if r == 0 else INK, bold=r == 0 or c == 0
            )

    footer = slide.shapes.add_textbox(margin, footer_top, width - 2 * margin, Pt(40)).text_frame
    footer.word_wrap = True
    footer.paragraphs[0].alignment = PP_ALIGN.LEFT
    _run(footer.paragraphs[0], FOOTNOTE, Pt(11), MUTED)
    slide.notes_slide.notes_text_frame.text = "\n".join(lines(cover))
    return slide


def _run(paragraph: Any, text: str, size: Any, colour: str, *, bold: bool = False) -> None:
    from pptx.dml.color import RGBColor

    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = size, bold
    run.font.color.rgb = _rgb(RGBColor, colour)


def _rgb(kind: Any, colour: str) -> Any:
    return kind.from_string(colour.lstrip("#"))
