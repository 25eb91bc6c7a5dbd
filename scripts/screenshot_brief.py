"""Pictures to look at before calling briefs done: a change map, two periods side by side, a deck's cover and
a deck page (rendered from the PDF with pypdfium2, a dev requirement). Data: the committed SYNTHETIC fixture
tests/data/brief_events.csv and its views tests/data/brief_*.json.

Usage: .venv/bin/python scripts/screenshot_brief.py [FOLDER]   (default: /tmp/brief-screenshots)
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402

from influence.brief import changemap, comparison, contest, deck, sidebyside  # noqa: E402
from influence.export import snapshot  # noqa: E402
from influence.load.dataset import load  # noqa: E402
from influence.view import query, viewfile  # noqa: E402
from layers import LAYERS  # noqa: E402

DATA = ROOT / "tests" / "data"
VIEWS = ("brief_q1.json", "brief_q2.json", "brief_north.json")


def main(arguments: list[str]) -> int:
    """Write the pictures and name them."""
    folder = Path(arguments[0] if arguments else "/tmp/brief-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    dataset = load(DATA / "brief_events.csv")
    views = [(name, viewfile.read(DATA / name, layers=LAYERS.keys)) for name in VIEWS]
    before, after = views[0][1], views[1][1]
    compared = comparison.compare(dataset.events, before.filters, after.filters, contest.rule(LAYERS))
    change = changemap.compose(compared, dataset.version, viewfile.View(annotations=after.annotations))
    (folder / "compare-change-map.png").write_bytes(snapshot.export(change, "png").data)

    halves = [
        snapshot.compose(
            query.apply(dataset.events, view.filters), view, dataset.version, registry=LAYERS
        ).html
        for view in (before, after)
    ]
    pair = sidebyside.page(*halves, before.title, after.title)
    (folder / "compare-side-by-side.png").write_bytes(
        snapshot.with_browser(lambda browser: _shoot(browser, pair))
    )

    made_at = datetime.now(UTC)
    slides = deck.slides(dataset, views, LAYERS, made_at)
    pdf = deck.to_pdf(slides, deck.manifest_of(dataset, slides, made_at, "Brief (synthetic test data)"))
    (folder / "deck.pdf").write_bytes(pdf)
    document = pypdfium2.PdfDocument(pdf)
    for number in (0, 2):
        document[number].render(scale=1.5).to_pil().save(folder / f"deck-page-{number + 1}.png")
    for path in sorted(folder.glob("*")):
        print(path)
    return 0


def _shoot(browser: object, html: str) -> bytes:
    context = browser.new_context(viewport={"width": 1600, "height": 760})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())
        page.set_content(html, wait_until="load")
        page.wait_for_function("() => document.body.dataset.synced === 'true'", timeout=20_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return page.screenshot(type="png")
    finally:
        context.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
