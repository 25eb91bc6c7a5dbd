"""Output sizes of an export: the named slide and paper sizes, and WIDTHxHEIGHT in pixels."""

from __future__ import annotations

import re
from dataclasses import dataclass


class SizeError(ValueError):
    """A size that cannot be used; the message says what is accepted."""


@dataclass(frozen=True)
class Size:
    """Output size: pixels for PNG, the CSS scale that gives them, and the paper of a PDF."""

    name: str
    width: int
    height: int
    scale: float  # device pixels per CSS pixel; the page is laid out at width/scale CSS pixels
    paper: str  # "A4" or "Letter": the page of a PDF export

    @property
    def css(self) -> tuple[int, int]:
        """The CSS viewport the map is laid out in."""
        return round(self.width / self.scale), round(self.height / self.scale)


# A4 and Letter landscape at 200 dpi; CSS pixels are 1/96 inch, so the scale is 200/96.
SIZES: dict[str, Size] = {
    "slide": Size("slide", 1920, 1080, 1.5, "A4"),
    "a4": Size("a4", 2339, 1654, 200 / 96, "A4"),
    "letter": Size("letter", 2200, 1700, 200 / 96, "Letter"),
}
_CUSTOM = re.compile(r"^(\d{1,6})x(\d{1,6})$")
CUSTOM_LIMITS = (320, 8000)


def parse_size(text: str) -> Size:
    """`slide`, `a4`, `letter` or `WIDTHxHEIGHT` in pixels (PDF of a custom size goes on A4)."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    match = _CUSTOM.match(key)
    if not match:
        raise SizeError(f"size {text!r}: use slide, a4, letter or WIDTHxHEIGHT in pixels (e.g. 1600x900)")
    width, height = int(match[1]), int(match[2])
    low, high = CUSTOM_LIMITS
    if not (low <= width <= high and low <= height <= high):
        raise SizeError(f"size {text!r}: width and height must be between {low} and {high} pixels")
    # lay out at about 1280 CSS pixels wide so text and markers keep a readable size on big images
    return Size(key, width, height, max(1.0, width / 1280), "A4")
