"""Benchmark: first map, filter redraw and playback step of the live map, against a naive folium baseline.

`./dev bench` (or `.venv/bin/python scripts/bench.py [--sizes 17000,100000] [--naive-max 17000]`)
writes SYNTHETIC event files in a temporary folder (17,000 shaped like an ACLED import: many events on
few points, influence.load.synthetic.clustered; other sizes spread over the gazetteer's places), starts
`streamlit run` on each, drives headless Chromium and prints the figures and a table. Cold is measured twice:
on the first start (nothing cached: read, validate, compose) and on a restart over the unchanged file (the
validated rows, the map document and its first state come from a temporary INFLUENCE_CACHE: influence/load/stored.py,
influence/mapping/documents.py). Readiness is the
map's own test hook (data-events-total on the map container inside the live map's frame), polled by
Playwright; nothing sleeps. Requests off localhost are refused for the app; the naive baseline
(scripts/naive_map.py: one CircleMarker per event through st_folium, reloaded on every rerun) gets
Leaflet served locally in place of its CDN, so it can draw. Targets (issue 11): filter redraw <= 0.3 s at
17,000 and <= 0.6 s at 100,000; playback step <= 0.3 s at 17,000; warm first map <= 2.5 s at 17,000;
cold first map <= 5 s at 100,000.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from influence.export.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from influence.load import synthetic  # noqa: E402
from influence.load.dataset import load  # noqa: E402
from influence.view import query, window  # noqa: E402
from influence.view.query import Filters  # noqa: E402
from scripts import bench_server  # noqa: E402

APP = ROOT / "app.py"
NAIVE = ROOT / "scripts" / "naive_map.py"
UNTICKED = "Iran"  # the filter change measured: this sponsor's chip is removed in the sidebar
WARM_VISITS = 3  # the machine is shared and timings wander: warm figures are medians
NAIVE_WARM_VISITS = 1  # the baseline takes tens of seconds a visit at these sizes
PLAYBACK_STEPS = 3
CLUSTERED = 17_000  # the size written shaped like an ACLED import
MAP = ".st-key-explore_map iframe"  # the live map's bridge frame; the map document is the frame inside it


@dataclass(frozen=True)
class Timing:
    """Seconds to the first map on a fresh server (cold), on later visits (warm), to redraw after a filter
    change, and for one playback step (None where not measured)."""

    cold: float | None
    warm: float | None
    redraw: float | None
    step: float | None = None
    restart: float | None = None  # cold again, on a restarted server (the Parquet cache filled)
    # warm visits: from the navigation's start until the sidebar's controls are in the page (they follow the map)
    controls: float | None = None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures and the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="17000,100000", help="comma-separated event counts")
    parser.add_argument(
        "--naive-max", type=int, default=17000, help="largest size the naive baseline is run at"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a measure gives up")
    arguments = parser.parse_args(argv)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    rows: list[tuple[int, str, Timing, Timing | None]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sizes:
            shape = "clustered" if size == CLUSTERED else "uniform"
            path = synthetic.write(
                Path(folder) / f"synthetic-{shape}-{size}.csv", size, seed=size, shape=shape
            )
            loaded = load(path).events
            expected = _expected(loaded)
            label = "ACLED-shaped" if shape == "clustered" else "spread"
            app = _measure(browser, APP, path, size, expected, arguments.timeout, naive=False)
            naive = None
            if size <= arguments.naive_max:
                naive = _measure(
                    browser, NAIVE, path, size, _naive_expected(path), arguments.timeout, naive=True
                )
            rows.append((size, label, app, naive))
            print(_row(size, label, app, naive), flush=True)
        browser.close()
    print()
    print(table(rows))
    return 0


def table(rows: list[tuple[int, str, Timing, Timing | None]]) -> str:
    """A Markdown table of the results, ready for the README."""
    lines = [
        "| events (SYNTHETIC) | app cold, first start | app cold, restart (cached) | app warm | app warm, controls "
        "| app filter redraw | app playback step | naive cold | naive warm | naive filter redraw | naive playback step "
        "| naive ÷ app (cold restart; warm; redraw; step) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, label, app, naive in rows:
        other = naive or Timing(None, None, None)
        lines.append(
            f"| {size:,} {label} | {_seconds(app.cold)} | {_seconds(app.restart)} | {_seconds(app.warm)} "
            f"| {_seconds(app.controls)} | {_seconds(app.redraw)} | {_seconds(app.step)} "
            f"| {_seconds(other.cold)} | {_seconds(other.warm)} "
            f"| {_seconds(other.redraw)} | {_seconds(other.step)} | {_ratio(other.cold, app.restart)}; "
            f"{_ratio(other.warm, app.warm)}; {_ratio(other.redraw, app.redraw)}; {_ratio(other.step, app.step)} |"
        )
    return "\n".join(lines)


def _row(size: int, label: str, app: Timing, naive: Timing | None) -> str:
    text = (
        f"{size:>7,} events ({label})  app cold {_seconds(app.cold)}  cold restart {_seconds(app.restart)}"
        f"  warm {_seconds(app.warm)} (controls {_seconds(app.controls)})  redraw {_seconds(app.redraw)}"
        f"  playback step {_seconds(app.step)}"
    )
    if naive:
        text += (
            f"   naive cold {_seconds(naive.cold)}  warm {_seconds(naive.warm)}  redraw {_seconds(naive.redraw)}"
            f"  playback step {_seconds(naive.step)}   naive/app cold {_ratio(naive.cold, app.restart)}"
            f"  warm {_ratio(naive.warm, app.warm)}  redraw {_ratio(naive.redraw, app.redraw)}"
            f"  step {_ratio(naive.step, app.step)}"
        )
    return text


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _ratio(naive: float | None, app: float | None) -> str:
    return "—" if naive is None or not app else f"{naive / app:.1f}×"


@dataclass(frozen=True)
class Expected:
    """Event counts the map must reach: all, without the unticked sponsor, and after each playback step."""

    total: int
    unticked: int
    steps: tuple[int, ...]


def _expected(loaded) -> Expected:
    others = tuple(name for name in loaded["sponsor"].unique() if name != UNTICKED)
    filters = Filters(sponsors=others)
    # playback from 'all dates' starts at the first calendar month, then moves a month at a time
    start, end = window.first_window(loaded["date"].min().date(), "month")
    steps = []
    for _ in range(PLAYBACK_STEPS):
        steps.append(len(query.apply(loaded, Filters(start=start, end=end, sponsors=others))))
        start, end = window.shift(start, end, "month", 1)
    return Expected(len(loaded), len(query.apply(loaded, filters)), tuple(steps))


def _naive_expected(path: Path) -> Expected:
    """The same counts by the baseline's own rule (scripts/naive_map.py: raw sponsor column, calendar months)."""
    events = pd.read_csv(path, keep_default_na=False)
    kept = events[events["sponsor"] != UNTICKED]
    months = pd.to_datetime(kept["date"]).dt.to_period("M")
    first = pd.to_datetime(events["date"]).dt.to_period("M").min()
    steps = tuple(int((months == first + step).sum()) for step in range(PLAYBACK_STEPS))
    return Expected(len(events), len(kept), steps)


def _measure(
    browser: Browser, script: Path, path: Path, size: int, expected: Expected, timeout: float, *, naive: bool
) -> Timing:
    """Start a server on `script`, time the first visit, later visits, a filter change and playback steps;
    the app's server is then restarted over the same file and its first visit timed again."""
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        with bench_server.server(script, path, cache) as url:
            cold = _visit(browser, url, expected, timeout, naive=naive, changes=False)[:3]
            visits = [
                _visit(browser, url, expected, timeout, naive=naive, changes=True)
                for _ in range(NAIVE_WARM_VISITS if naive else WARM_VISITS)
            ]
        restart = None
        if not naive:
            with bench_server.server(script, path, cache) as url:
                restart = _visit(browser, url, expected, timeout, naive=naive, changes=False)[0]
    return Timing(
        cold[0],
        _median([visit[0] for visit in visits]),
        _median([visit[1] for visit in visits]),
        _median([visit[2] for visit in visits]),
        restart,
        _median([visit[3] for visit in visits]),
    )


def _median(values: list[float | None]) -> float | None:
    return None if any(value is None for value in values) else statistics.median(values)


def _visit(
    browser: Browser, url: str, expected: Expected, timeout: float, *, naive: bool, changes: bool
) -> tuple[float | None, float | None, float | None, float | None]:
    """(first map, filter redraw, median playback step, controls ready) of one visit in a fresh context.

    The app's figures are read off the browser's own clock: from the navigation's start (first map) or the
    press of the control (redraw, step) to when the map drew the state (its data-live-at hook), so the 20-500 ms
    between Playwright's polls are not counted. The naive map has no such hook: its figures are Playwright's
    wall time, polling included (which favours the app's figures by at most one poll interval)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: bench_server.route(route, naive))
    if not naive:
        context.add_init_script(_CONTROLS_SEEN)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        if not _drawn(page, expected.total, timeout, naive):
            return None, None, None, None
        first = time.perf_counter() - started if naive else _since(page, page.evaluate(_OPENED))
        if not changes:
            return first, None, None, None
        before = None if naive else _live_state(page)
        control = page.locator(f'.st-key-f_sponsors button[aria-label="Remove {UNTICKED}"]').first
        control.wait_for(timeout=timeout * 1000)
        controls = (
            None if naive else (page.evaluate("() => window.__controlsAt") - page.evaluate(_OPENED)) / 1000
        )
        redraw = _timed(page, control, expected.unticked, timeout, naive, before)
        steps = []
        for count in expected.steps:
            before = None if naive else _live_state(page)
            step = _timed(page, _in_view(page, ".st-key-p_forward button"), count, timeout, naive, before)
            if step is None:
                return first, redraw, None, controls
            steps.append(step)
        return first, redraw, statistics.median(steps), controls
    finally:
        context.close()


_OPENED = "() => performance.timeOrigin"  # epoch ms when the page's navigation started
# epoch ms when the sidebar's sponsor control first appeared (watched from before Streamlit's own script runs)
_CONTROLS_SEEN = """new MutationObserver(function () {
  if (!window.__controlsAt && document.querySelector(".st-key-f_sponsors"))
    window.__controlsAt = performance.timeOrigin + performance.now();
}).observe(document, {subtree: true, childList: true});"""
# epoch ms of the next press anywhere in the page (capture phase: before any widget handles it)
_ARM = """() => { window.__pressedAt = null; document.addEventListener("pointerdown",
  (event) => { window.__pressedAt = performance.timeOrigin + event.timeStamp; }, {capture: true, once: true}); }"""


def _timed(page: Page, control, count: int, timeout: float, naive: bool, before: str | None) -> float | None:
    """Seconds from pressing `control` until the map shows `count` events in a new state (None on timeout)."""
    page.evaluate(_ARM)
    started = time.perf_counter()
    control.click()
    if not _drawn(page, count, timeout, naive, before):
        return None
    return time.perf_counter() - started if naive else _since(page, page.evaluate("() => window.__pressedAt"))


def _since(page: Page, epoch_ms: float) -> float:
    """Seconds from `epoch_ms` to when the live map drew its last state (data-live-at, the browser's clock)."""
    drawn = float(_map(page).locator(".leaflet-container").get_attribute("data-live-at"))
    return (drawn - epoch_ms) / 1000


def _in_view(page: Page, selector: str):
    """The control, scrolled into view once the browser has painted the scroll: a click sent in the same
    frame reaches whatever was there before (the map's own process), as tests/browser/conftest.py explains."""
    control = page.locator(selector).first
    control.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return control


def _map(page: Page):
    return page.frame_locator(MAP).first.frame_locator("iframe.livemap").first


def _live_state(page: Page) -> str | None:
    """The key of the state the live map drew last (data-live-state): a redraw is a new one."""
    return _map(page).locator(".leaflet-container").get_attribute("data-live-state")


def _drawn(page: Page, count: int, timeout: float, naive: bool, after: str | None = None) -> bool:
    """Wait (Playwright polls; no sleep) until the map shows `count` events (in a state other than
    `after`, so a step that happens to keep the count is still waited for); False on timeout."""
    try:
        if naive:
            # one SVG path per CircleMarker; expect() re-finds the iframe if st_folium replaces it
            paths = page.frame_locator("iframe").last.locator("path.leaflet-interactive")
            expect(paths).to_have_count(count, timeout=timeout * 1000)
        else:
            selector = f'.leaflet-container[data-events-total="{count}"][data-events-drawn]'
            if after is not None:
                selector += f':not([data-live-state="{after}"])'
            _map(page).locator(selector).wait_for(state="attached", timeout=timeout * 1000)
    except Exception:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
