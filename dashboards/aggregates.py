"""Pure pandas over aggregates: rates, spreads, rankings, pivots.

Every function takes rows the database already grouped (one per person, per day, per
unit ...), never raw events, and returns a DataFrame. No database, no Django: they are
tested on hand-made frames.
"""

import pandas as pd

POSITIVE_LEVELS = ("very_satisfied", "satisfied", "basically_satisfied")


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as a frame with exactly `columns` (an empty frame keeps its columns)."""
    return pd.DataFrame(rows, columns=columns)


def duty_fairness(rows: list[dict]) -> tuple[pd.DataFrame, dict]:
    """Duties per person, most first, and the spread (max - min) with mean and count."""
    data = frame(rows, ["name", "employee_no", "unit", "duties", "holiday_duties"])
    data = data.sort_values(["duties", "name"], ascending=[False, True]).reset_index(drop=True)
    if data.empty:
        return data, {"people": 0, "mean": 0.0, "spread": 0}
    summary = {
        "people": len(data),
        "mean": round(float(data["duties"].mean()), 2),
        "spread": int(data["duties"].max() - data["duties"].min()),
    }
    return data, summary


def lateness(rows: list[dict]) -> pd.DataFrame:
    """People with late check-ins, most late first, with the share of check-ins late."""
    data = frame(rows, ["name", "unit", "checked_in", "late", "minutes_late"])
    data = data[data["late"] > 0].copy()
    data["late_share"] = (data["late"] / data["checked_in"].where(data["checked_in"] > 0)).round(3)
    return data.sort_values(["late", "minutes_late"], ascending=False).reset_index(drop=True)


def gaps_by_day(rows: list[dict]) -> pd.DataFrame:
    """Uncovered half days per day (rows: one per post and day, `count` its halves)."""
    data = frame(rows, ["day", "post", "unit", "count"])
    if data.empty:
        return pd.DataFrame(columns=["day", "gaps"])
    grouped = data.groupby("day", as_index=False)["count"].sum()
    return grouped.rename(columns={"count": "gaps"}).sort_values("day").reset_index(drop=True)


def monthly(rows: list[dict], value: str) -> pd.DataFrame:
    """A month series of `value` (rows: one per month)."""
    data = frame(rows, ["month", value])
    if data.empty:
        return data
    data["month"] = pd.to_datetime(data["month"]).dt.strftime("%Y-%m")
    return data.sort_values("month").reset_index(drop=True)


def satisfaction(rows: list[dict], by: str) -> pd.DataFrame:
    """Positive rate per `by` from counts per (`by`, level): rows {by, level, count}.

    The positive rate is the share of ratings in the top three of the five levels."""
    data = frame(rows, [by, "level", "count"])
    if data.empty:
        return pd.DataFrame(columns=[by, "ratings", "positive", "positive_rate"])
    pivot = data.pivot_table(index=by, columns="level", values="count", aggfunc="sum").fillna(0)
    positive = pivot[[level for level in POSITIVE_LEVELS if level in pivot.columns]].sum(axis=1)
    result = pd.DataFrame(
        {"ratings": pivot.sum(axis=1).astype(int), "positive": positive.astype(int)}
    )
    result["positive_rate"] = (result["positive"] / result["ratings"]).round(4)
    return result.reset_index().sort_values(by).reset_index(drop=True)


def ranked(data: pd.DataFrame, value: str, *, ascending: bool = False) -> pd.DataFrame:
    """`data` with a 1-based `rank` by `value` (ties share the better rank)."""
    if data.empty:
        return data.assign(rank=pd.Series(dtype=int))
    ranks = data[value].rank(method="min", ascending=ascending).astype(int)
    return data.assign(rank=ranks).sort_values("rank").reset_index(drop=True)
