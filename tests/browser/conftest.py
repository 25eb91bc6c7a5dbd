"""Browser-test harness: a real `streamlit run`, an offline Chromium page, and a wait for drawn events.

Test hook (documented in README "The map"): after each draw the events canvas sets `window.__eventsDrawn`
and, on the map container (.leaflet-container), data-events-drawn / data-events-total / data-events-mode;
the flows layer sets data-flows-drawn. `window.__eventsLayer.sample(lat, lon)` reads a canvas pixel.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from influence.export.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
APP = ROOT / "app.py"
KEY = "explore_map"  # the Explore page's live map
# where the gazetteer puts the places the map tests click on (lat, lon)
TADMUR = (34.5624, 38.28402)
QAMISHLI = (37.05215, 41.23142)
HASAKAH = (36.50237, 40.74772)
ALEPPO = (36.20124, 37.16117)
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    """Poll /_stcore/health until it answers ok (bounded; fails early if the server died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass  # not listening yet; the next poll follows the connection timeout
        time.sleep(0.1)  # a poll interval, not a wait for readiness
    raise TimeoutError(f"streamlit did not answer {url}/_stcore/health within {timeout:.0f} s")


def start_streamlit(
    script: Path, events_csv: Path, extra: Sequence[str] = (), environment: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script` headless on a free port with EVENTS_CSV set; returns (process, url)."""
    port = free_port()
    environment = {
        **os.environ,
        **(environment or {}),
        "EVENTS_CSV": str(events_csv),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", *extra]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except BaseException:
        stop(process)
        raise
    return process, url


def stop(process: subprocess.Popen) -> None:
    """Terminate the server we started (kill after a bounded wait)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def streamlit_server() -> Iterator[Callable[[Path, Path], str]]:
    """A factory: call it with (script, events_csv) to get the URL of a running app; stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(script: Path, events_csv: Path, *extra: str, environment: dict[str, str] | None = None) -> str:
        process, url = start_streamlit(script, events_csv, extra, environment)
        started.append(process)
        return url

    yield start
    for process in started:
        stop(process)


@dataclass
class Watched:
    """A page plus everything it reported: console errors, page errors, dialogs and blocked requests."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def acled_import(tmp_path_factory) -> Path:
    """The committed ACLED-layout fixture imported into the events contract by `cli.py import`, once."""
    out = tmp_path_factory.mktemp("acled") / "acled-events.csv"
    subprocess.run(
        [sys.executable, "cli.py", "import", "tests/data/intake_acled.csv", "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright (playwright install cannot download a browser here)."""
    if not Path(CHROMIUM).exists():
        # a skip would hide the browser tests in CI: say what is missing instead (./dev test installs it)
        pytest.fail(f"{CHROMIUM} is not installed: apt-get install chromium, or run ./dev test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def offline_page(browser) -> Iterator[Watched]:
    """A page where every request not to 127.0.0.1/localhost is aborted; errors and dialogs are collected."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watched = Watched(page)

    def route(request_route) -> None:
        url = request_route.request.url
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            request_route.continue_()
        else:
            watched.blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda message: message.type == "error" and watched.console_errors.append(message.text)
    )
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    yield watched
    context.close()


def map_frame(page, key: str):
    """The map document: the sandboxed frame inside the live map's bridge frame (container .st-key-<key>)."""
    return page.frame_locator(f".st-key-{key} iframe").first.frame_locator("iframe.livemap").first


def in_view(locator):
    """Scroll `locator` into view and wait until the browser has painted that scroll; returns the locator.

    Chromium routes a mouse event to an out-of-process frame by the hit-test data of the last frame it
    painted, and the map document is one (sandboxed with an opaque origin, it runs in its own process).
    Playwright's click scrolls its target into view and clicks at once, so a control below the fold (the
    playback buttons under the window-high map) is clicked where the map still is on screen: the map gets
    the click. Two animation frames are the browser telling us the scrolled page has been drawn."""
    locator.scroll_into_view_if_needed()
    locator.page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    return locator


def wait_for_events(page, key: str, count: int, timeout: float = 30.0):
    """Wait (Playwright polls, no sleep) until the map in container `key` has drawn `count` events."""
    frame = map_frame(page, key)
    frame.locator(f'.leaflet-container[data-events-drawn="{count}"]').wait_for(
        state="attached", timeout=timeout * 1000
    )
    return frame


@pytest.fixture
def editor_page(streamlit_server, offline_page, tmp_path) -> Callable[[Path], tuple[object, Path]]:
    """Start the app on a private copy of `fixture` with editor alice, log her in on the Edit page; (page, file)."""

    def open_as_editor(fixture: Path, environment: dict[str, str] | None = None) -> tuple[object, Path]:
        from influence.edit import access

        events = tmp_path / "events.csv"
        shutil.copy(fixture, events)
        secrets = tmp_path / "secrets.toml"
        password = access.hash_password("correct horse", iterations=access.MIN_ITERATIONS)
        secrets.write_text(f'[editors]\nalice = "{password}"\n')
        url = streamlit_server(
            ROOT / "app.py", events, "--secrets.files", str(secrets), environment=environment
        )
        page = offline_page.page
        page.goto(f"{url}/edit")
        page.get_by_label("User name").fill("alice")
        page.get_by_role("textbox", name="Password").fill("correct horse")
        page.get_by_role("button", name="Log in").click()
        return page, events

    return open_as_editor
