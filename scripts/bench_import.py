"""Benchmark of the way in: `cli.py import` on a generated 1,000,000-row ACLED-layout file, and the app's first map
on a 100,000-row import.

`.venv/bin/python scripts/bench_import.py [--rows 1000000] [--map-rows 100000] [--app-mb 52] [--app-only]` writes
SYNTHETIC files in /tmp (every row's notes say "SYNTHETIC benchmark row"; real place names, made-up events), then
prints:
- the CPU seconds validation takes on the 100,000-event import (influence/load/validation.py, the pass every
  first map and Edit page check makes), and with --baseline GIT-REF the same on that version of the code, in a
  temporary git worktree, in the same run (--validation-only: this alone);
- the app's import of a --app-mb MB ACLED-layout upload through the Edit page's own path (the size check,
  conversion, preview, one audited save: ui/editor/upload.py's calls), seconds per stage and peak memory of
  the child process doing it (--app-only: this alone);
- the import's wall time and peak memory (the child process's maximum resident set), and, as the baseline
  measured in the same run, the time Python's csv module alone takes to read the same file;
- seconds from opening the app on the imported 100,000 events to the map reporting them all drawn
  (the map's own test hook, polled by Playwright as scripts/bench.py does).
Nothing here is a test: figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
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

from influence.contract.schema import COLUMN_NAMES  # noqa: E402
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


def app_import(source: Path) -> dict:
    """The Edit page's import path on `source`, in a child process: seconds per stage, peak MB, what it did."""
    with tempfile.TemporaryDirectory(prefix="bench-app-import-") as folder:
        events = Path(folder) / "events.csv"
        events.write_text(",".join(COLUMN_NAMES) + "\n", encoding="utf-8")
        finished = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--app-child", str(source), str(events)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if finished.returncode:
            raise SystemExit(f"the app import failed:\n{finished.stderr[-3000:]}")
        return json.loads(finished.stdout.strip().splitlines()[-1])


def _app_child(source: Path, events: Path) -> dict:
    # the calls ui/editor/upload.py and ui/editor/convert.py make, in their order, without the widgets
    from influence.edit import access, importer, store
    from influence.intake import conversion, registry

    os.environ["EVENTS_BACKUP_DIR"] = str(events.parent / "backups")
    stages: dict[str, float] = {}
    started = time.perf_counter()
    data, name = source.read_bytes(), source.name
    refusal = importer.size_refusal(data, name)
    if refusal:
        return {"refusal": refusal}
    chosen = preset.recognise(conversion.header_of(data))
    summary, converted = conversion.convert_bytes(data, name, chosen, registry.load())
    stages["convert"], started = time.perf_counter() - started, time.perf_counter()
    revision = store.read_revision(events)
    plan = importer.preview(revision, converted, name)
    stages["preview"], started = time.perf_counter() - started, time.perf_counter()
    config = access.configure(
        {"editors": {"bench": access.hash_password("bench pw", iterations=access.MIN_ITERATIONS)}}
    )
    result = importer.apply(revision, plan, editor=access.login(config, "bench", "bench pw"))
    stages["save"] = time.perf_counter() - started
    return {
        "stages": stages,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "preset": chosen.name if chosen else None,
        "read": summary.rows_read,
        "written": summary.written,
        "refusal": plan.refusal,
        "saved": isinstance(result, store.Saved) and result.written,
        "events": len(store.read_revision(events).rows()),
    }


def validation_cpu(tree: Path, events: Path) -> float:
    """CPU seconds of validation.validate_table on `events`, with the code of `tree`, in a child process."""
    script = (
        "import sys, time; from pathlib import Path; from influence.load import csvfile, validation; "
        f"data = Path({str(events)!r}).read_bytes(); validation.validate_bytes(data[:20000]); "
        "table = csvfile.read(data); started = time.process_time(); validation.validate_table(table); "
        "print(time.process_time() - started)"
    )
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tree, env=environment, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def print_validation(events: Path, rows: int, baseline: str | None) -> None:
    """Validation CPU on the import now, and on --baseline's code in the same run."""
    now = validation_cpu(ROOT, events)
    line = f"validation of the {rows:,}-event import: {now:.2f} s CPU"
    if baseline:
        with tempfile.TemporaryDirectory(prefix="bench-import-base-") as folder:
            tree = Path(folder) / "tree"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), baseline],
                           check=True)  # fmt: skip
            try:
                before = validation_cpu(tree, events)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
                )
        line += f"; baseline {baseline}: {before:.2f} s CPU ({before / max(now, 1e-3):.1f}x)"
    print(line)


def sized(folder: Path, megabytes: float) -> Path:
    """A SYNTHETIC ACLED-layout file of at least `megabytes` MB (rows estimated from a sample)."""
    sample = folder / "sample.csv"
    generate(sample, 2_000, seed=3)
    per_row = sample.stat().st_size / 2_000
    rows = int(megabytes * 1e6 / per_row) + 1
    path = folder / f"synthetic-acled-{megabytes:g}MB.csv"
    generate(path, rows, seed=3)
    while path.stat().st_size < megabytes * 1e6:  # the estimate fell short: a few per cent more rows
        rows = int(rows * 1.03) + 1
        generate(path, rows, seed=3)
    return path


def print_app_import(folder: Path, megabytes: float) -> None:
    """Generate, import through the app's path, print the figures."""
    source = sized(folder, megabytes)
    size = source.stat().st_size / 1e6
    done = app_import(source)
    if "stages" not in done:
        print(f"app import of {size:.1f} MB: refused: {done['refusal']}")
        return
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in done["stages"].items())
    print(
        f"app import of {size:.1f} MB ({done['read']:,} {done['preset']} rows read, {done['written']:,} "
        f"converted, {done['events']:,} events saved): {stages}; total {sum(done['stages'].values()):.1f} s, "
        f"peak {done['peak_mb']:.0f} MB" + (f"; REFUSED: {done['refusal']}" if done["refusal"] else "")
    )


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
    parser.add_argument("--app-mb", type=float, default=52.0, help="size of the upload the app imports")
    parser.add_argument("--app-only", action="store_true", help="measure the app's import alone")
    parser.add_argument(
        "--validation-only", action="store_true", help="measure validation of the import alone"
    )
    parser.add_argument(
        "--baseline", help="a git ref whose validation is measured on the same file, for a ratio"
    )
    parser.add_argument("--app-child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.app_child:
        print(json.dumps(_app_child(*map(Path, arguments.app_child))))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="bench-import-", dir="/tmp"))
    if arguments.validation_only:
        small = folder / f"synthetic-acled-{arguments.map_rows}.csv"
        generate(small, arguments.map_rows, seed=2)
        import_file(small, folder / "events-small.csv")
        print_validation(folder / "events-small.csv", arguments.map_rows, arguments.baseline)
        return 0
    print_app_import(folder, arguments.app_mb)
    if arguments.app_only:
        return 0
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
    print_validation(small_out, arguments.map_rows, arguments.baseline)
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
