"""The servers and the browser routing scripts/bench.py measures with (kept apart to keep bench.py short)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Route

ROOT = Path(__file__).resolve().parent.parent
LEAFLET = ROOT / "influence" / "mapping" / "static" / "leaflet"
# folium's popups build their element with jQuery's $(html)[0]; this stand-in does just that, so the
# baseline does not need jQuery from a CDN (it also makes the baseline a little faster, not slower)
JQUERY_STANDIN = (
    "window.$ = window.jQuery = function (html) { var t = document.createElement('template');"
    " t.innerHTML = String(html).trim(); return [t.content.firstChild]; };"
)


def route(route: Route, naive: bool) -> None:
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
def server(script: Path, path: Path, cache: str) -> Iterator[str]:
    """`streamlit run script` on a free port with EVENTS_CSV=path and INFLUENCE_CACHE=cache; yields its URL
    once it answers."""
    port = free_port()
    environment = {**os.environ, "EVENTS_CSV": str(path), "INFLUENCE_CACHE": cache}
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_ready(process)
        yield f"http://localhost:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(process: subprocess.Popen) -> None:
    """Block on the server's output until it says where it listens (no polling loop, no sleep)."""
    said: list[str] = []
    for line in process.stdout:
        said.append(line)
        if "URL:" in line:
            # keep draining its output so a chatty server never blocks on a full pipe
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return
    raise RuntimeError("streamlit exited before serving:\n" + "".join(said)[-2000:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
