"""Events per week or month, split by sponsor: the tidy table the timeline chart stacks."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# pandas period codes: weeks run Monday..Sunday, as window.floor counts them
_PERIODS = {"week": "W-SUN", "month": "M"}
COLUMNS = ("period", "sponsor", "events", "fatalities")


def counts(events: pd.DataFrame, step: str = "month", sponsors: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (period start, sponsor) with the number of events starting then; sponsors in the given order."""
    if step not in _PERIODS:
        raise ValueError(f"step must be one of {sorted(_PERIODS)}, not {step!r}")
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "sponsor": pd.Series(dtype=str),
                             "events": pd.Series(dtype="int64"), "fatalities": pd.Series(dtype="int64")})  # fmt: skip
    # an event is counted once, in the period it starts (a long event does not inflate later bars)
    period = pd.to_datetime(events["date"]).dt.to_period(_PERIODS[step]).dt.start_time
    # reported deaths summed with the events (ACLED's fatalities, UCDP's best estimate; unknown counts as 0)
    deaths = events["fatalities"] if "fatalities" in events.columns else pd.Series(0, index=events.index)
    table = (
        pd.DataFrame(
            {
                "period": period.to_numpy(),
                "sponsor": events["sponsor"].astype(str).to_numpy(),
                "fatalities": pd.to_numeric(deaths, errors="coerce").fillna(0).astype("int64").to_numpy(),
            }
        )
        .groupby(["period", "sponsor"], sort=False)
        .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
        .reset_index()
    )
    order = {name: rank for rank, name in enumerate(sponsors)}
    ranked = table.assign(_rank=table["sponsor"].map(order).fillna(len(order)))
    return ranked.sort_values(["period", "_rank", "sponsor"]).drop(columns="_rank").reset_index(drop=True)


def totals(table: pd.DataFrame) -> pd.Series:
    """Events per period, all sponsors together (from a `counts` table)."""
    return table.groupby("period")["events"].sum()
