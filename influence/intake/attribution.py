"""Sponsors from the actor registry: an empty sponsor derived from the actor's tie on the event's date, and a
given sponsor checked against it; either way the kind of the tie (own forces, proxy or backed, …) is kept for
the map's tie-kind filter. Validation calls `attribute` once per parsed row."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from influence.contract.problems import ERROR, WARNING, Problem
from influence.intake.registry import CONFIDENCES, Registry, Tie

COLUMN = "attribution"  # derived column: "derived from <tie>" when the sponsor came from the registry
KIND = (
    "tie_kind"  # derived column: the kind of the tie of the actor to the event's sponsor on its date, or ""
)


_RANK = {key: number for number, key in enumerate(CONFIDENCES)}


def weaker(first: str, second: str) -> str:
    """The less certain of two confidence levels (confirmed > probable > alleged)."""
    return max((first, second), key=lambda key: _RANK.get(key, len(CONFIDENCES)))


@lru_cache(maxsize=4096)
def _note(tie: Tie) -> str:
    # one text per tie, not per event: 100,000 derived events share a few dozen ties
    return f"derived from {tie.describe()}"


def attribute(row: dict, registry: Registry, line: int) -> list[Problem]:
    """Fill row['sponsor'] (and lower row['confidence']) from the registry when the sponsor is empty; the
    problems say what could not be derived or what contradicts the registry. `row` is changed in place: it is
    the validator's own working row, never the caller's data."""
    row[COLUMN] = row[KIND] = ""
    actor_text = str(row.get("actor") or "").strip()
    day = row.get("date")
    if not isinstance(day, date):
        return []
    actor, tie = registry.attribute(actor_text, day) if actor_text else (None, None)
    sponsor = row.get("sponsor")
    if not sponsor:
        if tie is not None:
            row["sponsor"] = tie.sponsor
            if row.get("confidence"):
                row["confidence"] = weaker(row["confidence"], tie.confidence)
            row[COLUMN] = _note(tie)
            row[KIND] = tie.kind
            return []
        return [Problem(line, "sponsor", "", _why_not_derived(actor_text, actor, day), ERROR)]
    if tie is not None and tie.sponsor == sponsor:
        row[KIND] = tie.kind  # a reported sponsor the registry agrees with: the tie's kind is known too
    if tie is not None and tie.sponsor != sponsor:
        message = (
            f"sponsor '{sponsor}' contradicts actors.toml, which ties {actor.name} to {tie.sponsor} on "
            f"{day.isoformat()} ({tie.kind}, {tie.confidence}); check the row or the registry"
        )
        return [Problem(line, "sponsor", str(sponsor), message, WARNING)]
    return []


def _why_not_derived(text: str, actor, day: date) -> str:
    if not text:
        return "sponsor is required (or name a known actor so it can be derived from actors.toml)"
    if actor is None:
        return (
            f"sponsor is empty and actor '{text}' is not in actors.toml: write the sponsor (or 'Unattributed'), "
            "or add the actor to the registry"
        )
    ties = "; ".join(f"{tie.sponsor} {tie.period()}" for tie in actor.ties) or "no ties"
    return (
        f"sponsor is empty and {actor.name} has no tie in force on {day.isoformat()} ({ties}): write the "
        "sponsor, or 'Unattributed'"
    )
