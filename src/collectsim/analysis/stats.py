"""Statistics over runs: summaries with confidence intervals, paired comparisons, budgets.

All three work on the ``runs`` table (one row per run, one column per
metric) as read back from ``runs.csv``, so the statistics are computed from
exactly the numbers a user sees, and do not depend on the backend.

- :func:`summarize`: per strategy x scenario (x sweep point) x metric, the
  mean, the sample standard deviation and a 95% t-interval over replications,
  cut to the range the metric's values can take (:func:`metric_bounds`: a
  count or a share is never below 0, a share never above 1). The mean lies
  in that range, so cutting the interval loses none of its coverage.
- :func:`compare`: per challenger x scenario (x point) x metric, the paired
  difference challenger - champion over replications (common random numbers
  make replication r of both strategies see the same borrowers and shocks),
  with its 95% t-interval, cut to the range a difference can take (a difference of
  shares lies within ±1: :func:`difference_bounds`), and the two-sided p-value of the
  paired t-test.
  When every difference is exactly zero (identical strategies) the mean,
  sd and interval are 0 and the p-value is 1 (no evidence of a difference);
  when the differences are a nonzero constant the p-value is 0. With fewer
  than two pairs, sd, interval and p-value are empty (NaN).
- :func:`budget`: whether each strategy's mean outcome keeps within the
  experiment's ``[budget]`` limits (a maximum for metrics where lower is
  better and for ``cost_ratio`` = mean cost / mean collected, a minimum for
  metrics where higher is better).

Runs with a missing value of a metric (NaN, e.g. a promise-kept rate with no
promises) are left out of that metric's statistics; ``n`` says how many
counted.

>>> import pandas as pd
>>> runs = pd.DataFrame({"strategy": ["a", "a"], "scenario": ["x", "x"],
...                      "replication": [0, 1], "collected": [1.0, 3.0]})
>>> row = summarize(runs, ["a"], ["x"], ["collected"]).iloc[0]
>>> float(row["mean"]), int(row["n"])
(2.0, 2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from collectsim.config.experiment import Experiment, budget_direction
from collectsim.metrics import METRIC_NAMES, METRICS, Direction
from collectsim.runner.atomic import atomic_write_text
from collectsim.runner.outputs import safe_cell

CONFIDENCE = 0.95
#: columns of user-supplied names in the tables written
NAME_COLUMNS = {"strategy", "scenario", "challenger", "champion"}
SUMMARY_COLUMNS = ("mean", "sd", "ci_low", "ci_high", "n")
COMPARISON_COLUMNS = ("mean_difference", "sd", "ci_low", "ci_high", "p_value", "n")


def _cells(runs: pd.DataFrame) -> list[str]:
    """Grouping columns: strategy and scenario, plus the sweep point if there is one."""
    return ["scenario", "point"] if "point" in runs.columns else ["scenario"]


def _long(runs: pd.DataFrame, id_columns: list[str], metrics: Sequence[str]) -> pd.DataFrame:
    present = [m for m in metrics if m in runs.columns]
    long = runs.melt(id_vars=id_columns, value_vars=present, var_name="metric", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype(float)
    return long.dropna(subset=["value"])


def half_width(sd: Any, n: Any, confidence: float = CONFIDENCE) -> np.ndarray:
    """Half-width of the two-sided t-interval of a mean of ``n`` values with sample sd ``sd``.

    Student's t with n - 1 degrees of freedom; NaN with fewer than two values.
    The one confidence interval of collectsim: tables, plots and the report.

    >>> round(float(half_width(1.0, 4)), 4)
    1.5912
    >>> bool(np.isnan(half_width(1.0, 1)))
    True
    """
    sd, n = np.asarray(sd), np.asarray(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = sps.t.ppf(0.5 + confidence / 2, n - 1) * sd / np.sqrt(n)
    return np.where(n >= 2, half, np.nan)


#: the values a metric of each unit can take; money is open (net recovery can be negative)
#: unless it is money the lender pays or loses (a metric to minimize: costs, write-offs)
UNIT_BOUNDS: dict[str, tuple[float, float]] = {
    "fraction": (0.0, 1.0),
    "count": (0.0, np.inf),
    "index": (0.0, np.inf),
}


def metric_bounds(metric: str) -> tuple[float, float]:
    """(lowest, highest) value ``metric`` can take: its own declared ``bounds`` if the
    metric has them, else its unit's (:data:`UNIT_BOUNDS`), else unbounded.

    >>> metric_bounds("complaints"), metric_bounds("cost"), metric_bounds("net_recovery")
    ((0.0, inf), (0.0, inf), (-inf, inf))
    """
    declared = METRICS.get(metric)
    if declared is None:
        return (-np.inf, np.inf)
    own = getattr(declared, "bounds", None)
    if own is not None:
        return (float(own[0]), float(own[1]))
    if declared.unit == "currency" and declared.direction is Direction.MINIMIZE:
        return (0.0, np.inf)
    return UNIT_BOUNDS.get(declared.unit, (-np.inf, np.inf))


def difference_bounds(metric: str) -> tuple[float, float]:
    """(lowest, highest) difference of two values of ``metric``: ± the width of its range.

    >>> difference_bounds("recovery_rate"), difference_bounds("complaints")
    ((-1.0, 1.0), (-inf, inf))
    """
    low, high = metric_bounds(metric)
    return (-(high - low), high - low)


def _within_bounds(out: pd.DataFrame, *, difference: bool = False) -> None:
    """Cut each row's interval to its metric's range, or with ``difference`` to the range
    a difference of two of its values can take (in place)."""
    bounds = difference_bounds if difference else metric_bounds
    low = out["metric"].map(lambda m: bounds(m)[0]).astype(float)
    high = out["metric"].map(lambda m: bounds(m)[1]).astype(float)
    out["ci_low"] = out["ci_low"].clip(lower=low, upper=high)
    out["ci_high"] = out["ci_high"].clip(lower=low, upper=high)


def _interval(mean: np.ndarray, sd: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    half = half_width(sd, n)
    return mean - half, mean + half


def _ordered(
    frame: pd.DataFrame, orders: Mapping[str, Sequence[str]], by: list[str]
) -> pd.DataFrame:
    """Sort rows by the experiment's own order of strategies, scenarios and metrics."""
    keys = {}
    for column in by:
        if column in orders:
            rank = {name: i for i, name in enumerate(orders[column])}
            keys[column] = frame[column].map(rank)
        else:
            keys[column] = frame[column]
    order = pd.DataFrame(keys).sort_values(by, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def summarize(
    runs: pd.DataFrame,
    strategies: Sequence[str],
    scenarios: Sequence[str],
    metrics: Sequence[str],
) -> pd.DataFrame:
    """Mean, sd and 95% t-interval (within the metric's range) per strategy x scenario
    (x point) x metric."""
    cells = ["strategy", *_cells(runs)]
    long = _long(runs, cells, metrics)
    grouped = long.groupby([*cells, "metric"], sort=False)["value"]
    out = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    out["ci_low"], out["ci_high"] = _interval(
        out["mean"].to_numpy(), out["sd"].to_numpy(), out["n"].to_numpy()
    )
    _within_bounds(out)
    orders = {"strategy": strategies, "scenario": scenarios, "metric": metrics}
    out = _ordered(out, orders, [*cells, "metric"])
    return out[[*cells, "metric", *SUMMARY_COLUMNS]]


def _paired_test(mean: np.ndarray, sd: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Two-sided p-value of the paired t-test; 1 for all-zero, 0 for constant differences."""
    with np.errstate(invalid="ignore", divide="ignore"):
        t = mean / (sd / np.sqrt(n))
        p = 2 * sps.t.sf(np.abs(t), n - 1)
    p = np.where(sd == 0, np.where(mean == 0, 1.0, 0.0), p)
    return np.where(n >= 2, p, np.nan)


def compare(
    runs: pd.DataFrame,
    champion: str,
    strategies: Sequence[str],
    scenarios: Sequence[str],
    metrics: Sequence[str],
) -> pd.DataFrame:
    """Paired differences challenger - champion per scenario (x point) x metric."""
    cells = _cells(runs)
    columns = ["challenger", "champion", *cells, "metric", *COMPARISON_COLUMNS]
    pair = [*cells, "replication"]
    long = _long(runs, ["strategy", *pair], metrics)
    base = long[long["strategy"] == champion].drop(columns="strategy")
    others = long[long["strategy"] != champion].rename(columns={"strategy": "challenger"})
    merged = others.merge(base, on=[*pair, "metric"], suffixes=("", "_champion"))
    if merged.empty:
        return pd.DataFrame(columns=columns)
    merged["difference"] = merged["value"] - merged["value_champion"]
    grouped = merged.groupby(["challenger", *cells, "metric"], sort=False)["difference"]
    out = grouped.agg(mean_difference="mean", sd="std", n="count").reset_index()
    mean, sd, n = (out[c].to_numpy() for c in ("mean_difference", "sd", "n"))
    out["ci_low"], out["ci_high"] = _interval(mean, sd, n)
    _within_bounds(out, difference=True)
    out["p_value"] = _paired_test(mean, sd, n)
    out["champion"] = champion
    orders = {"challenger": strategies, "scenario": scenarios, "metric": metrics}
    out = _ordered(out, orders, ["challenger", *cells, "metric"])
    return out[columns]


def budget(
    runs: pd.DataFrame,
    limits: Mapping[str, float],
    strategies: Sequence[str],
    scenarios: Sequence[str],
) -> pd.DataFrame:
    """Per strategy x scenario (x point) x budget: the mean outcome and whether it is within."""
    cells = ["strategy", *_cells(runs)]
    columns = [*cells, "budget", "limit", "value", "within"]
    if not limits or runs.empty:
        return pd.DataFrame(columns=columns)
    numeric = runs.copy()
    needed = {"cost", "collected", *(k for k in limits if k != "cost_ratio")}
    for column in needed & set(numeric.columns):
        numeric[column] = pd.to_numeric(numeric[column], errors="coerce").astype(float)
    means = numeric.groupby(cells, sort=False)[sorted(needed)].mean()
    rows = []
    for cell, row in means.iterrows():
        cell = cell if isinstance(cell, tuple) else (cell,)
        for key, limit in limits.items():
            if key == "cost_ratio":
                value = row["cost"] / row["collected"] if row["collected"] else np.nan
            else:
                value = row[key]
            cap = budget_direction(key) is Direction.MINIMIZE
            within = bool(value <= limit) if cap else bool(value >= limit)
            rows.append([*cell, key, float(limit), float(value), within and not np.isnan(value)])
    out = pd.DataFrame(rows, columns=columns)
    orders = {"strategy": strategies, "scenario": scenarios, "budget": list(limits)}
    return _ordered(out, orders, [*cells, "budget"])


def read_runs(path: Path) -> pd.DataFrame:
    """runs.csv with names kept as text (a strategy called '1' stays '1')."""
    text = {"experiment": str, "strategy": str, "scenario": str}
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])


def write_tables(folder: Path, exp: Experiment) -> None:
    """summary.csv, comparison.csv and budget.csv from runs.csv as written."""
    runs = read_runs(folder / "runs.csv")
    strategies = [s.name for s in exp.strategies]
    scenarios = [s.name for s in exp.scenarios]
    tables = {
        "summary.csv": summarize(runs, strategies, scenarios, METRIC_NAMES),
        "comparison.csv": compare(runs, exp.champion, strategies, scenarios, METRIC_NAMES),
    }
    if exp.file.budget:
        tables["budget.csv"] = budget(runs, exp.file.budget, strategies, scenarios)
    for name, table in tables.items():
        for column in NAME_COLUMNS & set(table.columns):  # never a formula in a spreadsheet
            table[column] = table[column].map(lambda v: safe_cell(v) if isinstance(v, str) else v)
        text = table.to_csv(index=False, float_format="%.12g", lineterminator="\n")
        atomic_write_text(folder / name, text)
