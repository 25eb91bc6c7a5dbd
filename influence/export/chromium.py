"""The browser every snapshot, browser test and benchmark drives: Debian's chromium, launched the same way."""

from __future__ import annotations

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
