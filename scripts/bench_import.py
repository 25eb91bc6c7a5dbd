"""Benchmark of the way in: `cli.py import` on a generated 1,000,000-row ACLED-layout file, and the app's first map
on a 100,000-row import.

`.venv/bin/python scripts/bench_import.py [--rows 1000000] [--map-rows 100000]` writes SYNTHETIC files in /tmp
(every row's notes say "SYNTHETIC benchmark row"; real place names, made-up events), then prints:
- the import's wall time and peak memory (the child process's maximum resident set), and, as the baseline
  measured in the same run, the time Python's csv module alone takes to read the same file;
- seconds from opening the app on the imported 100,000 events to the map reporting them all drawn
  (the map's own test hook, polled by Playwright as scripts/bench.py does).
Nothing here is a test: figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (the map benchmark's server and browser helpers)
import make_intake_fixtures as fixtures  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from influence.export.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from influence.intake import preset  # noqa: E402


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """Write `rows` SYNTHETIC ACLED-layout rows (real places, made-up events) to `path`."""
    layout = preset.load("acled").layout
    places = fixtures._places()
    scenes = fixtures.ACLED_SCENES
    rng = random.Random(seed)
    first = date(2017, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(layout)
        for number in range(1, rows + 1):
            place = places[rng.randrange(len(places))]
            actor1, inter1, actor2, inter2, assoc1, sub_type, event_type, disorder = scenes[
                number % len(scenes)
            ]
            day = first + timedelta(days=rng.randrange(3100))
            cells = {
                "event_id_cnty": f"SYN{number:07d}",
                "event_date": day.strftime("%d %B %Y"),
                "year": str(day.year),
                "time_precision": "1",
                "disorder_type": disorder,
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1,
                "assoc_actor_1": assoc1,
                "inter1": str(inter1),
                "actor2": actor2,
                "inter2": str(inter2) if inter2 else "",
                "iso": "760",
                "region": "Middle East",
                "country": "Syria",
                "admin1": place["governorate"],
                "location": fixtures._ascii(place["name"]),
                "latitude": f"{float(place['lat']) + rng.uniform(-0.01, 0.01):.4f}",
                "longitude": f"{float(place['lon']) + rng.uniform(-0.01, 0.01):.4f}",
                "geo_precision": "1",
                "source": "Synthetic Source (benchmark)",
                "source_scale": "National",
                "notes": f"SYNTHETIC benchmark row {number}: {sub_type} near {place['name']}; not a real event.",
                "fatalities": str(rng.choice((0, 0, 1, 2, 5))),
                "timestamp": "1700000000",
            }
            writer.writerow([cells.get(column, "") for column in layout])


def import_file(source: Path, out: Path) -> tuple[float, float, str]:
    """Run `cli.py import` in a child process: (seconds, peak resident MB, its summary's first line)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    finished = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "import", str(source), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is in kilobytes on Linux; the maximum over children, so the benchmark runs the largest last
    return seconds, max(peak, before) / 1024, finished.stdout.splitlines()[0]


def csv_baseline(source: Path) -> float:
    """Seconds for Python's csv module just to read every record of the file (the floor for any importer)."""
    started = time.perf_counter()
    with source.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - started


def first_map(events_file: Path, count: int, timeout: float = 300.0) -> float | None:
    """Seconds from opening the app on `events_file` to the map reporting `count` events drawn."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            with bench._server(bench.APP, events_file) as url:
                seconds, _ = bench._first_map(browser, url, count, timeout, naive=False)
        finally:
            browser.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Generate, import, open the map, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--map-rows", type=int, default=100_000)
    arguments = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-import-", dir="/tmp"))
    small, large = (
        folder / f"synthetic-acled-{arguments.map_rows}.csv",
        folder / f"synthetic-acled-{arguments.rows}.csv",
    )
    generate(small, arguments.map_rows, seed=2)
    generate(large, arguments.rows, seed=1)
    print(f"SYNTHETIC ACLED-layout files in {folder}")
    small_out = folder / "events-small.csv"
    seconds, peak, said = import_file(small, small_out)
    print(f"import {arguments.map_rows:>9,} rows: {seconds:7.1f} s, peak {peak:6.0f} MB  ({said})")
    size = large.stat().st_size / 1e6
    baseline = csv_baseline(large)
    seconds, peak, said = import_file(large, folder / "events-large.csv")
    print(
        f"import {arguments.rows:>9,} rows ({size:.0f} MB): {seconds:7.1f} s, peak {peak:6.0f} MB  ({said})"
    )
    print(
        f"baseline, csv module reading the same file: {baseline:.1f} s (import is {seconds / baseline:.1f}x that)"
    )
    with small_out.open(encoding="utf-8") as handle:
        written = sum(1 for _ in handle) - 1
    shown = first_map(small_out, written)
    figure = f"{shown:.1f} s" if shown is not None else "not drawn within the timeout"
    print(f"app, first map on the {written:,}-event import: {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
