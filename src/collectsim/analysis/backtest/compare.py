"""Simulated against actual: each measure's prediction interval and where the history fell.

The history is one realisation, so the question is not whether the mean of
the runs is close to it (the 95% interval of a mean shrinks with
replications) but whether it lies where the model says a book like this one
can land: the 95% *prediction* interval of one more run, mean ± t(0.975,
R-1) · sd · √(1 + 1/R) over R replications. ``z`` is the actual's distance
from the mean in those units of spread.

>>> rows = compare({"roll_current": Value(0.1, 0.01, 500)}, [{"roll_current": v} for v in
...     (0.08, 0.1, 0.12)])
>>> bool(rows.loc[0, "within"])
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from collectsim.analysis.backtest.measures import Value, describe

COLUMNS = (
    "measure",
    "description",
    "actual",
    "actual_se",
    "accounts",
    "simulated",
    "sd",
    "low",
    "high",
    "within",
    "z",
)


def interval(values: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, sd and the 95% prediction interval of one more run."""
    values = values[np.isfinite(values)]
    r = values.size
    if r < 2:
        mean = float(values.mean()) if r else float("nan")
        return mean, float("nan"), float("nan"), float("nan")
    mean, sd = float(values.mean()), float(values.std(ddof=1))
    half = float(stats.t.ppf(0.975, r - 1)) * sd * np.sqrt(1 + 1 / r)
    return mean, sd, mean - half, mean + half


def _bounds(name: str) -> tuple[float, float]:
    """The values a measure can take: shares 0..1, charge-offs >= 0, paid down any."""
    if name.startswith(("roll_", "cure_", "past_due_")):
        return 0.0, 1.0
    return (0.0, np.inf) if name == "charged_off" else (-np.inf, np.inf)


def compare(actual: dict[str, Value], runs: Sequence[dict[str, float]]) -> pd.DataFrame:
    """One row per measure the history supports: actual, simulated, interval, within."""
    rows = []
    for name, value in actual.items():
        if value.n == 0 or not np.isfinite(value.value):
            continue
        sims = np.array([run.get(name, np.nan) for run in runs], dtype=np.float64)
        mean, sd, low, high = interval(sims)
        floor, ceiling = _bounds(name)  # cutting to what the measure can take loses no coverage
        low, high = max(low, floor), min(high, ceiling)
        spread = sd * np.sqrt(1 + 1 / max(len(runs), 1))
        within = bool(low <= value.value <= high) if np.isfinite(low) else False
        if sd == 0 and np.isfinite(mean):
            within = bool(np.isclose(value.value, mean))
        z = (value.value - mean) / spread if spread and np.isfinite(spread) else float("nan")
        if sd == 0 and np.isfinite(mean):  # every replication agrees: z is 0 or infinite
            z = 0.0 if within else float(np.copysign(np.inf, value.value - mean))
        rows.append(
            (name, describe(name), value.value, value.se, value.n, mean, sd, low, high, within, z)
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def replications_frame(run_seeds: Sequence[int], runs: Sequence[dict[str, float]]) -> pd.DataFrame:
    """Every run's measures, one row per replication."""
    frame = pd.DataFrame(list(runs))
    frame.insert(0, "seed", list(run_seeds))
    frame.insert(0, "replication", range(len(runs)))
    return frame


def format_comparison(frame: pd.DataFrame) -> str:
    """The comparison as a text table."""
    lines = [
        f"{'measure':<24} {'actual':>12} {'simulated':>12} {'95% prediction interval':>27}  in"
    ]
    for row in frame.itertuples(index=False):
        money = not (row.measure.startswith(("roll", "cure", "past_due")))
        fmt = "{:>12,.0f}" if money else "{:>12.3f}"
        band = (fmt.format(row.low).strip(), fmt.format(row.high).strip())
        lines.append(
            f"{row.measure:<24} {fmt.format(row.actual)} {fmt.format(row.simulated)} "
            f"{band[0] + ' .. ' + band[1]:>27}  {'yes' if row.within else 'NO'}"
        )
    inside = int(frame["within"].sum())
    lines.append(f"{inside} of {len(frame)} measures within their 95% prediction intervals")
    return "\n".join(lines)
