"""Events (or people) per week or month, split by sponsor: the tidy table the timeline chart stacks, and
the chart's own data (bars, calendar ticks, the window shaded) as the browser draws it (ui/explore/timeline.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from influence.view import window as windows

# pandas period codes: weeks run Monday..Sunday, as window.floor counts them
_PERIODS = {"week": "W-SUN", "month": "M"}
COLUMNS = ("period", "sponsor", "events")
# measure key -> (label, column summed; None counts events). A measure shows only when its column exists.
MEASURES: dict[str, tuple[str, str | None]] = {
    "events": ("Events", None),
    "people": ("People", "count"),
    "fatalities": ("Fatalities", "fatalities"),
}


def measures(columns: Sequence[str]) -> dict[str, str]:
    """The measures the data can chart: key -> label (events always; people or fatalities with their column)."""
    return {key: label for key, (label, column) in MEASURES.items() if column is None or column in columns}


def counts(
    events: pd.DataFrame, step: str = "month", sponsors: Sequence[str] = (), measure: str = "events"
) -> pd.DataFrame:
    """One row per (period start, sponsor) with the events starting then (or the people or fatalities they
    count, in a column named by the measure); sponsors in the given order."""
    if step not in _PERIODS:
        raise ValueError(f"step must be one of {sorted(_PERIODS)}, not {step!r}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {sorted(MEASURES)}, not {measure!r}")
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "sponsor": pd.Series(dtype=str),
                             measure: pd.Series(dtype="int64")})  # fmt: skip
    # an event is counted once, in the period it starts (a long event does not inflate later bars)
    period = pd.to_datetime(events["date"]).dt.to_period(_PERIODS[step]).dt.start_time
    column = MEASURES[measure][1]
    values = (
        np.ones(len(events), dtype="int64")
        if column is None
        else pd.to_numeric(events[column], errors="coerce").fillna(0).to_numpy(dtype="int64")
    )
    table = (
        pd.DataFrame(
            {
                "period": period.to_numpy(),
                "sponsor": events["sponsor"].astype(str).to_numpy(),
                measure: values,
            }
        )
        .groupby(["period", "sponsor"], sort=False)[measure]
        .sum()
        .reset_index()
    )
    order = {name: rank for rank, name in enumerate(sponsors)}
    ranked = table.assign(_rank=table["sponsor"].map(order).fillna(len(order)))
    return ranked.sort_values(["period", "_rank", "sponsor"]).drop(columns="_rank").reset_index(drop=True)


def totals(table: pd.DataFrame, measure: str = "events") -> pd.Series:
    """The measure per period, all sponsors together (from a `counts` table)."""
    return table.groupby("period")[measure].sum()


def chart(
    table: pd.DataFrame,
    *,
    step: str,
    measure: str,
    colours: Mapping[str, str],
    start: date | None,
    end: date | None,
) -> dict:
    """What the browser draws: every calendar period from the first to the last (empty ones too), each
    sponsor's value per period, ticks on the calendar, and the window as a span of period slots."""
    return with_window(bars(table, step=step, measure=measure, colours=colours), start, end)


def bars(table: pd.DataFrame, *, step: str, measure: str, colours: Mapping[str, str]) -> dict:
    """The chart without its window (window None): the part a playback step does not change, worth caching."""
    if table.empty:
        return {"periods": [], "sponsors": [], "values": [], "peak": 0, "ticks": [], "window": None,
                "measure": MEASURES[measure][0], "step": step}  # fmt: skip
    first, last = table["period"].min().date(), table["period"].max().date()
    periods = windows.starts(first, last, step)
    sponsors = [name for name in colours if name in set(table["sponsor"])]
    sponsors += sorted(set(table["sponsor"]) - set(sponsors))
    grid = table.pivot_table(index="period", columns="sponsor", values=measure, aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=pd.to_datetime(periods), columns=sponsors, fill_value=0)
    values = grid.to_numpy(dtype="int64")
    return {
        "periods": [day.isoformat() for day in periods],
        "sponsors": [[name, colours.get(name, "#777777")] for name in sponsors],
        "values": values.tolist(),
        "peak": int(values.sum(axis=1).max()) if len(values) else 0,
        "ticks": ticks(periods, step),
        "window": None,
        "measure": MEASURES[measure][0],
        "step": step,
    }


def with_window(drawn: dict, start: date | None, end: date | None) -> dict:
    """A copy of `bars`' chart with the window [start, end] as a span of its period slots."""
    if not drawn["periods"]:
        return dict(drawn)
    periods = [date.fromisoformat(day) for day in drawn["periods"]]
    return {**drawn, "window": _slots(periods, drawn["step"], start, end)}


def ticks(periods: Sequence[date], step: str) -> list[list]:
    """[slot, label, major] marks on the calendar: months (labelled when few), years labelled as major."""
    years = len({day.year for day in periods})
    found: list[list] = []
    for slot, day in enumerate(periods):
        new_month = step == "month" or slot == 0 or periods[slot - 1].month != day.month
        if not new_month:
            continue
        major = day.month == 1 or slot == 0
        if major:
            found.append(
                [slot, str(day.year) if day.month == 1 or years > 1 else day.strftime("%b %Y"), True]
            )
        elif years <= 2:
            found.append([slot, day.strftime("%b"), False])
        else:
            found.append([slot, "", False])
    return found


def _slots(periods: Sequence[date], step: str, start: date | None, end: date | None) -> list[float] | None:
    """The window [start, end] in period slots (fractions inside a period by its days); None = everything."""
    if start is None and end is None:
        return None

    def slot(day: date) -> float:
        index = (
            int(np.searchsorted(np.array(periods, dtype="datetime64[D]"), np.datetime64(day), "right")) - 1
        )
        if index < 0:
            return 0.0
        begin = periods[index]
        length = (windows.advance(begin, step) - begin).days
        return min(index + (day - begin).days / length, float(len(periods)))

    left = slot(start) if start else 0.0
    right = slot(end + timedelta(days=1)) if end else float(len(periods))
    return [round(left, 4), round(max(left, right), 4)]
