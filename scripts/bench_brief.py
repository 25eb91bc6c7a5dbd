"""Time a 10-slide brief deck (PDF and PowerPoint) at 10,000 SYNTHETIC events, against a baseline measured in
the same run: the same 10 views exported one by one as single PNG snapshots.

Usage: .venv/bin/python scripts/bench_brief.py [ROWS] [SLIDES]   (default: 10000 10)
The synthetic events come from influence.load.synthetic, labelled as such, written to a temporary file.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from influence.brief import deck  # noqa: E402
from influence.export import snapshot  # noqa: E402
from influence.load import synthetic  # noqa: E402
from influence.load.dataset import load  # noqa: E402
from influence.view import query  # noqa: E402
from influence.view.model import Annotation, View  # noqa: E402
from influence.view.query import Filters  # noqa: E402
from layers import LAYERS  # noqa: E402


def views(count: int) -> list[tuple[str, View]]:
    """`count` views, each a quarter of the synthetic record with one callout."""
    span = (synthetic.LAST_DAY - synthetic.FIRST_DAY).days
    step = max(span // count, 1)
    made = []
    for number in range(count):
        start = synthetic.FIRST_DAY + timedelta(days=number * step)
        end = min(start + timedelta(days=90), synthetic.LAST_DAY)
        callout = Annotation("label", f"View {number + 1} (synthetic)", 35.0, 38.5, 35.6, 37.4)
        made.append((f"view-{number + 1}.json", View(Filters(start=start, end=end), f"View {number + 1}",
                                                     window="custom", annotations=(callout,))))  # fmt: skip
    return made


def seconds(action: Callable[[], object]) -> float:
    """Wall time of `action()`."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(arguments: list[str]) -> int:
    """Warm the browser, time the baseline, then each deck format; print figures and ratios."""
    rows = int(arguments[0]) if arguments else 10_000
    count = int(arguments[1]) if len(arguments) > 1 else 10
    with tempfile.TemporaryDirectory() as folder:
        dataset = load(synthetic.write(Path(folder) / f"synthetic-{rows}.csv", rows))
    chosen = views(count)
    made_at = datetime.now(UTC)
    print(f"{len(dataset.events):,} SYNTHETIC events, {count} views; one Chromium per process, reused")
    warm = View(Filters(start=date(2100, 1, 1)))
    empty = snapshot.compose(dataset.events.iloc[0:0], warm, dataset.version, registry=LAYERS)
    print(
        f"{'browser start (one empty snapshot)':<46} {seconds(lambda: snapshot.export(empty, 'png')):7.2f} s"
    )

    def single_pngs() -> None:
        for _, view in chosen:
            shown = query.apply(dataset.events, view.filters)
            snapshot.export(snapshot.compose(shown, view, dataset.version, made_at, registry=LAYERS), "png")

    baseline = seconds(single_pngs)
    label = f"baseline: {count} single PNG snapshots"
    print(f"{label:<46} {baseline:7.2f} s")
    for fmt, build in (("pdf", deck.to_pdf), ("pptx", deck.to_pptx)):
        sizes: list[int] = []

        def whole(build=build, sizes=sizes) -> None:
            made = deck.slides(dataset, chosen, LAYERS, made_at)
            sizes.append(len(build(made, deck.manifest_of(dataset, made, made_at, "Benchmark (synthetic)"))))

        took = seconds(whole)
        label = f"deck {fmt}: cover + {count} slides"
        print(f"{label:<46} {took:7.2f} s  ({took / baseline:.2f}x baseline, {sizes[0] / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
