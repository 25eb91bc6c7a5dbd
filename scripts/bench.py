"""Benchmark: first map, filter redraw and playback step of the live map, against a naive folium baseline.

`./dev bench` (or `.venv/bin/python scripts/bench.py [--sizes 17000,100000] [--naive-max 17000]`)
writes SYNTHETIC event files in a temporary folder (17,000 shaped like an ACLED import: many events on
few points, influence.load.synthetic.clustered; other sizes spread over the gazetteer's places), starts
`streamlit run` on each, drives headless Chromium and prints the figures and a table. Readiness is the
map's own test hook (data-events-total on the map container inside the live map's frame), polled by
Playwright; nothing sleeps. Requests off localhost are refused for the app; the naive baseline
(scripts/naive_map.py: one CircleMarker per event through st_folium, reloaded on every rerun) gets
Leaflet served locally in place of its CDN, so it can draw. Targets (issue 11): filter redraw <= 0.3 s at
17,000 and <= 0.6 s at 100,000; playback step <= 0.3 s at 17,000; warm first map <= 2.5 s at 17,000;
cold first map <= 5 s at 100,000.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Route, expect, sync_playwright  # noqa: E402

from influence.export.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from influence.load import synthetic  # noqa: E402
from influence.load.dataset import load  # noqa: E402
from influence.view import query, window  # noqa: E402
from influence.view.query import Filters  # noqa: E402

APP = ROOT / "app.py"
NAIVE = ROOT / "scripts" / "naive_map.py"
LEAFLET = ROOT / "influence" / "mapping" / "static" / "leaflet"
# folium's popups build their element with jQuery's $(html)[0]; this stand-in does just that, so the
# baseline does not need jQuery from a CDN (it also makes the baseline a little faster, not slower)
JQUERY_STANDIN = (
    "window.$ = window.jQuery = function (html) { var t = document.createElement('template');"
    " t.innerHTML = String(html).trim(); return [t.content.firstChild]; };"
)
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
                naive = _measure(browser, NAIVE, path, size, expected, arguments.timeout, naive=True)
            rows.append((size, label, app, naive))
            print(_row(size, label, app, naive), flush=True)
        browser.close()
    print()
    print(table(rows))
    return 0


def table(rows: list[tuple[int, str, Timing, Timing | None]]) -> str:
    """A Markdown table of the results, ready for the README."""
    lines = [
        "| events (SYNTHETIC) | app first map, cold | app first map, warm | app filter redraw | app playback step "
        "| naive first map, cold | naive first map, warm | naive filter redraw | naive ÷ app (warm first map; redraw) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, label, app, naive in rows:
        other = naive or Timing(None, None, None)
        lines.append(
            f"| {size:,} {label} | {_seconds(app.cold)} | {_seconds(app.warm)} | {_seconds(app.redraw)} "
            f"| {_seconds(app.step)} | {_seconds(other.cold)} | {_seconds(other.warm)} | {_seconds(other.redraw)} "
            f"| {_ratio(other.warm, app.warm)}; {_ratio(other.redraw, app.redraw)} |"
        )
    return "\n".join(lines)


def _row(size: int, label: str, app: Timing, naive: Timing | None) -> str:
    text = (
        f"{size:>7,} events ({label})  app cold {_seconds(app.cold)}  warm {_seconds(app.warm)}"
        f"  redraw {_seconds(app.redraw)}  playback step {_seconds(app.step)}"
    )
    if naive:
        text += (
            f"   naive cold {_seconds(naive.cold)}  warm {_seconds(naive.warm)}  redraw {_seconds(naive.redraw)}"
            f"   naive/app warm {_ratio(naive.warm, app.warm)}  redraw {_ratio(naive.redraw, app.redraw)}"
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


def _measure(
    browser: Browser, script: Path, path: Path, size: int, expected: Expected, timeout: float, *, naive: bool
) -> Timing:
    """Start a server on `script`, time the first visit, later visits, a filter change and playback steps."""
    with _server(script, path) as url:
        cold = _visit(browser, url, expected, timeout, naive=naive, changes=False)
        visits = [
            _visit(browser, url, expected, timeout, naive=naive, changes=True)
            for _ in range(NAIVE_WARM_VISITS if naive else WARM_VISITS)
        ]
    return Timing(
        cold[0],
        _median([visit[0] for visit in visits]),
        _median([visit[1] for visit in visits]),
        None if naive else _median([visit[2] for visit in visits]),
    )


def _median(values: list[float | None]) -> float | None:
    return None if any(value is None for value in values) else statistics.median(values)


def _visit(
    browser: Browser, url: str, expected: Expected, timeout: float, *, naive: bool, changes: bool
) -> tuple[float | None, float | None, float | None]:
    """(first map, filter redraw, median playback step) of one visit in a fresh context."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: _route(route, naive))
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        if not _drawn(page, expected.total, timeout, naive):
            return None, None, None
        first = time.perf_counter() - started
        if not changes:
            return first, None, None
        before = None if naive else _live_state(page)
        started = time.perf_counter()
        page.locator(f'.st-key-f_sponsors button[aria-label="Remove {UNTICKED}"]').first.click()
        redraw = (
            time.perf_counter() - started if _drawn(page, expected.unticked, timeout, naive, before) else None
        )
        if naive:
            return first, redraw, None
        steps = []
        for count in expected.steps:
            before = _live_state(page)
            started = time.perf_counter()
            page.locator(".st-key-p_forward button").first.click()
            if not _drawn(page, count, timeout, naive, before):
                return first, redraw, None
            steps.append(time.perf_counter() - started)
        return first, redraw, statistics.median(steps)
    finally:
        context.close()


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


def _route(route: Route, naive: bool) -> None:
    address = route.request.url
    if address.startswith(("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:")):
        route.continue_()
    elif naive and "leaflet" in address and address.endswith((".js", ".css")) and "awesome" not in address:
        # the baseline as if online: folium's Leaflet CDN answered from the vendored copy
        name = "leaflet.css" if address.endswith(".css") else "leaflet.js"
        kind = "text/css" if name.endswith(".css") else "application/javascript"
        route.fulfill(status=200, content_type=kind, body=(LEAFLET / name).read_text(encoding="utf-8"))
    elif naive and "jquery" in address:
        route.fulfill(status=200, content_type="application/javascript", body=JQUERY_STANDIN)
    elif naive:
        route.fulfill(status=200, body="")
    else:
        route.abort()


@contextlib.contextmanager
def _server(script: Path, path: Path) -> Iterator[str]:
    """`streamlit run script` on a free port with EVENTS_CSV=path; yields its URL once it answers."""
    port = _free_port()
    environment = {**os.environ, "EVENTS_CSV": str(path)}
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        _wait_ready(process)
        yield f"http://localhost:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(process: subprocess.Popen) -> None:
    """Block on the server's output until it says where it listens (no polling loop, no sleep)."""
    said: list[str] = []
    for line in process.stdout:
        said.append(line)
        if "URL:" in line:
            # keep draining its output so a chatty server never blocks on a full pipe
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return
    raise RuntimeError("streamlit exited before serving:\n" + "".join(said)[-2000:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
