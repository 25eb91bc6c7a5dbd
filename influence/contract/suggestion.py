"""The one "did you mean" helper: the nearest spelling among known names, and the hint that names it."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process

CUTOFF = 60  # rapidfuzz WRatio score below which a guess would mislead more than help


def nearest(text: str, choices: Iterable[str], cutoff: int = CUTOFF) -> str | None:
    """The choice closest in spelling to `text`, or None when nothing is close enough."""
    known = list(choices)
    best = process.extractOne(text, known, score_cutoff=cutoff) if known and text else None
    return best[0] if best else None


def hint(text: str, choices: Iterable[str], cutoff: int = CUTOFF) -> str:
    """ "did you mean 'X'?" for the nearest choice, or "" when there is none."""
    guess = nearest(text, choices, cutoff)
    return f"did you mean '{guess}'?" if guess else ""
