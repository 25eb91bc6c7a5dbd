"""The browser every snapshot, browser test and benchmark drives: Debian's chromium, launched the same way,
and (for exports) one instance per process served from one thread."""

from __future__ import annotations

import atexit
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

# Playwright cannot download a browser here, so it drives Debian's package; without the
# background-networking flags Chromium keeps trying hosts that a closed network refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

T = TypeVar("T")


class BrowserError(RuntimeError):
    """The browser could not be started or could not draw a page; the message says which, in words."""


class Browser:
    """One Chromium per process, driven from one thread: Playwright's sync API is bound to its thread,
    and Streamlit calls from many (reruns, deferred downloads)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[[Any], T]) -> T:
        """Run `job(browser)` on the browser thread and return its result (or raise its error)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="snapshot-browser", daemon=True)
                self._thread.start()
        answer: queue.Queue = queue.Queue(maxsize=1)
        self._jobs.put((job, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the browser thread (at exit)."""
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        playwright, startup = None, None
        try:
            from playwright.sync_api import sync_playwright  # imported here: data exports need no browser

            playwright = sync_playwright().start()
        except Exception as failure:  # every caller is told; none waits forever
            startup = BrowserError(f"cannot start Playwright: {failure}")
        browser = None
        try:
            while (item := self._jobs.get()) is not None:
                job, answer = item
                try:
                    if playwright is None:
                        raise startup or BrowserError("Playwright is not running")
                    if browser is None or not browser.is_connected():
                        browser = launch(playwright)
                    answer.put((True, job(browser)))
                except Exception as failure:  # handed back to the caller's thread
                    answer.put((False, failure))
        finally:
            if browser is not None:
                browser.close()
            if playwright is not None:
                playwright.stop()


def launch(playwright: Any) -> Any:
    """Debian's chromium started by `playwright` with the project's flags (a clear error when it is missing)."""
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as failure:
        raise BrowserError(
            f"cannot start Chromium at {CHROMIUM} (install Debian's chromium): {failure}"
        ) from None


_SHARED = Browser()
atexit.register(_SHARED.close)


def with_browser(job: Callable[[Any], T]) -> T:
    """Run `job(browser)` with the process's shared Chromium (exports, tests and benchmarks that drive pages)."""
    return _SHARED.run(job)
