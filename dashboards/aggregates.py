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


def summed(data: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
    """`values` added up per distinct `keys` (rows whose first key is missing left out),
    in the keys' order: one read grouped finer than a panel shows, shaped per panel."""
    data = data[data[keys[0]].notna()]
    if data.empty:
        return pd.DataFrame(columns=[*keys, *values])
    return data.groupby(keys, sort=True)[values].sum().reset_index()


def duty_fairness(rows: list[dict]) -> tuple[pd.DataFrame, dict]:
    """Duties per person, most first, and the spread (max - min) with mean and count."""
    data = frame(rows, ["staff_id", "name", "employee_no", "unit", "duties", "holiday_duties"])
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
    data = frame(rows, ["staff_id", "name", "unit", "checked_in", "late", "minutes_late"])
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


def child_of(path: str, children: list[dict], own: dict) -> dict:
    """The child unit (of `children`, {pk, name, path}) a unit at `path` lies in, or `own`
    (the scope's unit itself) for a unit not under any child: one drill-down step."""
    for child in children:
        if path.startswith(child["path"]):
            return child
    return own


def by_child_unit(
    rows: list[dict], children: list[dict], own: dict, values: list[str]
) -> pd.DataFrame:
    """Rows {path, <values>} (per person or per unit) summed per child unit of the scope
    (`child_of`): unit_id, unit, <values>, in the children's order, the scope's own unit
    last. Units without figures are left out."""
    columns = ["unit_id", "unit", *values]
    if not rows:
        return pd.DataFrame(columns=columns)
    data = frame(rows, ["path", *values])
    # One lookup per distinct unit, not per row: thousands of people, a few hundred units.
    owner_of = {path: child_of(path, children, own) for path in set(data["path"])}
    owners = [owner_of[path] for path in data["path"]]
    data["unit_id"] = [owner["pk"] for owner in owners]
    data["unit"] = [owner["name"] for owner in owners]
    order = {child["pk"]: index for index, child in enumerate(children)}
    grouped = data.groupby(["unit_id", "unit"], as_index=False)[values].sum()
    grouped["order"] = grouped["unit_id"].map(lambda pk: order.get(pk, len(order)))
    return grouped.sort_values(["order", "unit"]).drop(columns="order").reset_index(drop=True)


def integrity_heatmap(
    rows: list[dict], children: list[dict], own: dict, categories: list[str]
) -> pd.DataFrame:
    """Integrity points per child unit and category, with a row total. Rows: one per
    person {path (their unit's), <category>: points ...}."""
    data = by_child_unit(rows, children, own, categories)
    data["total"] = data[categories].sum(axis=1).astype(int) if not data.empty else []
    return data


def credit_shortfall(rows: list[dict]) -> pd.DataFrame:
    """People short of their training credits, the largest shortfall first (rows:
    staff_id, name, employee_no, unit, required, earned, shortfall; Decimals as floats)."""
    columns = ["staff_id", "name", "employee_no", "unit", "required", "earned", "shortfall"]
    data = frame(rows, columns)
    for column in ("required", "earned", "shortfall"):
        data[column] = data[column].astype(float)
    data = data[data["shortfall"] > 0]
    return data.sort_values(["shortfall", "name"], ascending=[False, True]).reset_index(drop=True)


SCORE_BANDS = [(0, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


def score_distribution(scores: list[float]) -> pd.DataFrame:
    """How many composite scores fall in each band (0-59, 60-69, ... 90-100), every band
    present."""
    values = pd.Series([float(score) for score in scores], dtype=float)
    rows = []
    for low, high in SCORE_BANDS:
        label = f"{low}-{min(high, 100) if high == 101 else high - 1}"
        rows.append({"band": label, "people": int(((values >= low) & (values < high)).sum())})
    return pd.DataFrame(rows, columns=["band", "people"])


def grades_against_quota(
    results: list[dict], quotas: list[dict], grades: list[str]
) -> pd.DataFrame:
    """Per unit: members, the quota of "excellent", the count of each grade and whether
    the excellent grades exceed the quota. `results`: one per person {unit, grade};
    `quotas`: one per unit {unit, members, quota}."""
    columns = ["unit", "members", "quota", *grades, "over_quota"]
    if not quotas:
        return pd.DataFrame(columns=columns)
    data = frame(quotas, ["unit", "members", "quota"])
    counts = frame(results, ["unit", "grade"])
    pivot = (
        counts.assign(n=1).pivot_table(index="unit", columns="grade", values="n", aggfunc="sum")
        if not counts.empty
        else pd.DataFrame()
    )
    for grade in grades:
        data[grade] = data["unit"].map(pivot[grade]).fillna(0).astype(int) if grade in pivot else 0
    data["over_quota"] = data[grades[0]] > data["quota"]
    return data.sort_values("unit").reset_index(drop=True)[columns]


def worst_and_best(data: pd.DataFrame, value: str, n: int) -> pd.DataFrame:
    """The `n` lowest rows by `value` (most ratings first among equals) marked `end` =
    "worst", then the `n` highest marked "best"; with fewer than 2n rows, the lower half
    (the middle one included) is the worst and the rest the best, each row once."""
    if data.empty:
        return data.assign(end=pd.Series(dtype=str))
    ordered = data.sort_values([value, "ratings"], ascending=[True, False]).reset_index(drop=True)
    worst_count = min(n, (len(ordered) + 1) // 2)
    best_count = min(n, len(ordered) - worst_count)
    worst = ordered.head(worst_count).assign(end="worst")
    best = ordered.tail(best_count).assign(end="best") if best_count else ordered.head(0)
    return pd.concat([worst, best.assign(end="best")]).reset_index(drop=True)


def compliance(summaries: dict[str, dict]) -> pd.DataFrame:
    """Deadline compliance per kind {kind: {due, met, missed_open}}: due, met, missed,
    still open, and the rate met/due (None without deadlines)."""
    rows = []
    for kind, figures in summaries.items():
        due, met = figures["due"], figures["met"]
        rows.append(
            {
                "kind": kind,
                "due": due,
                "met": met,
                "missed": due - met,
                "missed_open": figures["missed_open"],
                "rate": round(met / due, 4) if due else None,
            }
        )
    return frame(rows, ["kind", "due", "met", "missed", "missed_open", "rate"])


def per_period(rows: list[dict]) -> pd.DataFrame:
    """One person's results in order of the periods' last day: period, end, composite,
    grade, rank_in_unit."""
    data = frame(rows, ["period", "end", "composite", "grade", "rank_in_unit"])
    data["composite"] = data["composite"].astype(float)
    return data.sort_values("end").reset_index(drop=True)


def dimension_scores(terms: list[dict]) -> pd.DataFrame:
    """The dimensions of one result: dimension, weight (%), score, contribution to the
    composite (a dimension without a score is shown empty, not as 0)."""
    data = frame(terms, ["dimension", "weight", "score", "contribution"])
    for column in ("weight", "score", "contribution"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    return data


# Up to this many days a trend is shown day by day; a longer period, month by month.
TREND_DAILY_MAX_DAYS = 62


def satisfaction_trend(rows: list[dict], *, days: int) -> pd.DataFrame:
    """Ratings and positive rate over time from counts per day: rows {day, ratings,
    positive}. Day by day for a period up to TREND_DAILY_MAX_DAYS long, else month by
    month (counts added up, the rate recomputed from them, never averaged). Days or
    months without ratings are left out: no rating is not a 0 % rate."""
    data = frame(rows, ["day", "ratings", "positive"])
    columns = ["when", "ratings", "positive", "positive_rate"]
    if data.empty:
        return pd.DataFrame(columns=columns)
    data["day"] = pd.to_datetime(data["day"])
    if days <= TREND_DAILY_MAX_DAYS:
        data["when"] = data["day"].dt.strftime("%Y-%m-%d")
    else:
        data["when"] = data["day"].dt.strftime("%Y-%m")
    grouped = data.groupby("when", as_index=False)[["ratings", "positive"]].sum()
    grouped = grouped[grouped["ratings"] > 0].copy()
    grouped["positive_rate"] = (grouped["positive"] / grouped["ratings"]).round(4)
    return grouped.sort_values("when").reset_index(drop=True)[columns]
