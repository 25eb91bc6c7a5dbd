"""Time the exports: PNG of the seed view and of a 10,000-event view of SYNTHETIC events (prints the figures).

Usage: .venv/bin/python scripts/bench_export.py [ROWS ...]   (default: 10000)
The synthetic events come from influence.load.synthetic and are clearly labelled as such; nothing is saved.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from influence.export import dataexport, snapshot  # noqa: E402
from influence.load import synthetic  # noqa: E402
from influence.load.dataset import Dataset, load  # noqa: E402
from influence.view import query  # noqa: E402
from influence.view.viewfile import View  # noqa: E402
from layers import LAYERS  # noqa: E402

T = TypeVar("T")
TARGETS = {"seed": 5.0, 10_000: 15.0}  # seconds a PNG may take, from the issue


def timed(label: str, action: Callable[[], T]) -> T:
    """Run `action`, print its wall time, return its result."""
    started = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - started:7.2f} s")
    return result


def bench(dataset: Dataset, label: str, formats: tuple[str, ...] = ("png", "pdf", "html")) -> float:
    """Time compose and each export of the whole data set; return the end-to-end PNG time."""
    shown = query.apply(dataset.events, query.Filters())
    started = time.perf_counter()
    composition = timed(
        f"{label}: compose ({len(shown)} events)",
        lambda: snapshot.compose(shown, View(), dataset.version, registry=LAYERS),
    )
    total_png = 0.0
    for fmt in formats:
        rendering = timed(f"{label}: {fmt}", lambda fmt=fmt: snapshot.export(composition, fmt))
        if fmt == "png":
            total_png = time.perf_counter() - started
            heading = f"{label}: PNG end to end (compose + draw)"
            print(f"{heading:<44} {total_png:7.2f} s, {len(rendering.data):,} bytes")
    timed(f"{label}: csv", lambda: dataexport.to_csv(shown))
    timed(f"{label}: geojson", lambda: dataexport.to_geojson(shown))
    return total_png


def main(arguments: list[str]) -> int:
    """Seed view (cold browser, then warm), then each synthetic size."""
    seed = load(ROOT / "events.csv")
    timed(
        "browser start + seed PNG (cold)",
        lambda: snapshot.export(snapshot.compose(seed.events, View(), seed.version, registry=LAYERS), "png"),
    )
    results = {"seed": bench(seed, "seed")}
    for rows in [int(text) for text in arguments] or [10_000]:
        with tempfile.TemporaryDirectory() as folder:
            path = synthetic.write(Path(folder) / f"synthetic-{rows}.csv", rows)
            dataset = timed(f"load {rows} SYNTHETIC events", lambda path=path: load(path))
        results[rows] = bench(dataset, f"synthetic {rows}")
    failed = [key for key, limit in TARGETS.items() if key in results and results[key] > limit]
    for key, seconds in results.items():
        limit = TARGETS.get(key)
        verdict = "" if limit is None else f" (target < {limit:.0f} s: {'FAIL' if key in failed else 'ok'})"
        print(f"PNG {key}: {seconds:.2f} s{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
