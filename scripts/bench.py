"""Benchmark: time to first map and filter redraw, real app against a naive folium baseline.

`./dev bench` (or `.venv/bin/python scripts/bench.py [--sizes 1000,10000,100000] [--naive-max 10000]`)
writes SYNTHETIC event files in a temporary folder, starts `streamlit run` on each, drives headless
Chromium and prints a table. Readiness is the map's own test hook (data-events-total on the map
container), polled by Playwright; nothing sleeps. Requests off localhost are refused for the app; the
naive baseline (scripts/naive_map.py) gets Leaflet served locally in place of its CDN, so it can draw.
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
from influence.view import query  # noqa: E402
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
UNTICKED = "Iran"
WARM_VISITS = 3  # the filter change measured: this sponsor's chip is removed in the sidebar


@dataclass(frozen=True)
class Timing:
    """Seconds to the first map on a fresh server (cold), on later visits (warm), and to redraw after a filter."""

    cold: float | None
    warm: float | None
    redraw: float | None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated event counts")
    parser.add_argument(
        "--naive-max", type=int, default=10000, help="largest size the naive baseline is run at"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a measure gives up")
    arguments = parser.parse_args(argv)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    rows: list[tuple[int, Timing, Timing | None]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sizes:
            path = synthetic.write(Path(folder) / f"synthetic-{size}.csv", size, seed=size)
            remaining = _count_without(path, UNTICKED)
            app = _measure(browser, APP, path, size, remaining, arguments.timeout, naive=False)
            naive = None
            if size <= arguments.naive_max:
                naive = _measure(browser, NAIVE, path, size, remaining, arguments.timeout, naive=True)
            rows.append((size, app, naive))
            print(_row(size, app, naive), flush=True)
        browser.close()
    print()
    print(table(rows))
    return 0


def table(rows: list[tuple[int, Timing, Timing | None]]) -> str:
    """A Markdown table of the results, ready for the README."""
    lines = [
        "| events | app first map, cold | app first map, warm | app filter redraw "
        "| naive first map, cold | naive first map, warm | naive filter redraw | naive ÷ app (warm first map; redraw) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, app, naive in rows:
        other = naive or Timing(None, None, None)
        lines.append(
            f"| {size:,} | {_seconds(app.cold)} | {_seconds(app.warm)} | {_seconds(app.redraw)} "
            f"| {_seconds(other.cold)} | {_seconds(other.warm)} | {_seconds(other.redraw)} "
            f"| {_ratio(other.warm, app.warm)}; {_ratio(other.redraw, app.redraw)} |"
        )
    return "\n".join(lines)


def _row(size: int, app: Timing, naive: Timing | None) -> str:
    text = f"{size:>7,} events  app cold {_seconds(app.cold)}  warm {_seconds(app.warm)}  redraw {_seconds(app.redraw)}"
    if naive:
        text += f"   naive cold {_seconds(naive.cold)}  warm {_seconds(naive.warm)}  redraw {_seconds(naive.redraw)}"
    return text


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _ratio(naive: float | None, app: float | None) -> str:
    return "—" if naive is None or not app else f"{naive / app:.1f}×"


def _count_without(path: Path, sponsor: str) -> int:
    loaded = load(path).events
    others = tuple(name for name in loaded["sponsor"].unique() if name != sponsor)
    return len(query.apply(loaded, Filters(sponsors=others)))


def _measure(
    browser: Browser, script: Path, path: Path, size: int, remaining: int, timeout: float, *, naive: bool
) -> Timing:
    """Start a server on `script`, time the first visit, a second visit and one filter change."""
    with _server(script, path) as url:
        cold = _first_map(browser, url, size, timeout, naive=naive, redraw_to=remaining)
        # the machine is shared and timings wander: the warm figures are medians of a few visits
        warm = [
            _first_map(browser, url, size, timeout, naive=naive, redraw_to=remaining)
            for _ in range(WARM_VISITS)
        ]
    return Timing(cold[0], _median([visit[0] for visit in warm]), _median([visit[1] for visit in warm]))


def _median(values: list[float | None]) -> float | None:
    return None if any(value is None for value in values) else statistics.median(values)


def _first_map(
    browser: Browser, url: str, size: int, timeout: float, *, naive: bool, redraw_to: int | None = None
) -> tuple[float | None, float | None]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: _route(route, naive))
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        if not _drawn(page, size, timeout, naive):
            return None, None
        first = time.perf_counter() - started
        if redraw_to is None:
            return first, None
        started = time.perf_counter()
        _untick(page, UNTICKED)
        redraw = time.perf_counter() - started if _drawn(page, redraw_to, timeout, naive) else None
        return first, redraw
    finally:
        context.close()


def _drawn(page: Page, count: int, timeout: float, naive: bool) -> bool:
    """Wait (Playwright polls; no sleep) until the map shows `count` events; False on timeout."""
    try:
        if naive:
            # one SVG path per CircleMarker; expect() re-finds the iframe if st_folium replaces it
            paths = page.frame_locator("iframe").last.locator("path.leaflet-interactive")
            expect(paths).to_have_count(count, timeout=timeout * 1000)
        else:
            selector = f'.leaflet-container[data-events-total="{count}"][data-events-drawn]'
            page.frame_locator(".st-key-explore_map iframe").first.locator(selector).wait_for(
                state="attached", timeout=timeout * 1000
            )
    except Exception:
        return False
    return True


def _untick(page: Page, sponsor: str) -> None:
    """Remove `sponsor`'s chip from the sidebar's sponsor multiselect."""
    page.locator(f'.st-key-f_sponsors button[aria-label="Remove {sponsor}"]').first.click()


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
