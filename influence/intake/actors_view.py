"""The actor registry as tables for the Actors view: ties over time, and each actor's events in the data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import pandas as pd

from influence.intake.registry import Registry

TIE_COLUMNS = ("actor", "sponsor", "kind", "from", "to", "period", "confidence", "basis", "verify")
ACTOR_COLUMNS = ("actor", "ties", "events", "derived", "first event", "last event", "aliases")


def ties(registry: Registry, kinds: Sequence[str] = (), *, first: date, last: date) -> pd.DataFrame:
    """One row per tie (of the chosen kinds), open ends drawn from `first` or to `last`."""
    rows = [
        {
            "actor": actor.name,
            "sponsor": tie.sponsor,
            "kind": tie.kind,
            "from": pd.Timestamp(tie.valid_from or first),
            "to": pd.Timestamp(tie.valid_to or last),
            "period": tie.period(),
            "confidence": tie.confidence,
            "basis": tie.basis,
            "verify": "to be checked" if tie.verify else "checked",
        }
        for actor in registry.actors
        for tie in actor.ties
        if not kinds or tie.kind in kinds
    ]
    return pd.DataFrame(rows, columns=list(TIE_COLUMNS))


def actors(registry: Registry, events: pd.DataFrame, kinds: Sequence[str] = ()) -> pd.DataFrame:
    """One row per registered actor with ties of the chosen kinds: its ties in words and its events here."""
    counts, derived, firsts, lasts = _by_actor(registry, events)
    rows = []
    for actor in registry.actors:
        chosen = [tie for tie in actor.ties if not kinds or tie.kind in kinds]
        if kinds and not chosen:
            continue
        rows.append(
            {
                "actor": actor.name,
                "ties": "; ".join(f"{t.kind} of {t.sponsor}, {t.period()} ({t.confidence})" for t in chosen)
                or "no tie to a declared power",
                "events": counts.get(actor.name, 0),
                "derived": derived.get(actor.name, 0),
                "first event": firsts.get(actor.name, ""),
                "last event": lasts.get(actor.name, ""),
                "aliases": ", ".join(actor.aliases),
            }
        )
    return pd.DataFrame(rows, columns=list(ACTOR_COLUMNS))


def unregistered(registry: Registry, events: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """The actor names in the data that the registry does not know, most frequent first."""
    if "actor" not in events.columns or events.empty:
        return pd.DataFrame(columns=["actor name in the data", "events"])
    names = events["actor"].fillna("").astype(str)
    found = Counter(name for name in names if name and registry.find(name) is None)
    return pd.DataFrame(found.most_common(limit), columns=["actor name in the data", "events"])


def _by_actor(registry: Registry, events: pd.DataFrame):
    counts: Counter = Counter()
    derived: Counter = Counter()
    firsts: dict[str, str] = {}
    lasts: dict[str, str] = {}
    if "actor" not in events.columns or events.empty:
        return counts, derived, firsts, lasts
    frame = pd.DataFrame(
        {
            "actor": events["actor"].fillna("").astype(str),
            "derived": events["attribution"].fillna("").astype(str) != ""
            if "attribution" in events.columns
            else False,
            "date": pd.to_datetime(events["date"]),
        }
    )
    # one registry look-up per distinct name: real files repeat a few hundred names over many rows
    grouped = frame.groupby("actor").agg(events=("date", "size"), derived=("derived", "sum"),
                                         first=("date", "min"), last=("date", "max"))  # fmt: skip
    for name, row in grouped.iterrows():
        actor = registry.find(name) if name else None
        if actor is None:
            continue
        counts[actor.name] += int(row["events"])
        derived[actor.name] += int(row["derived"])
        first, last = row["first"].date().isoformat(), row["last"].date().isoformat()
        firsts[actor.name] = min(firsts.get(actor.name, first), first)
        lasts[actor.name] = max(lasts.get(actor.name, last), last)
    return counts, derived, firsts, lasts
