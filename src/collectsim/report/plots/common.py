"""What every figure shares: one sweep point, a cell's summary, panels, legend, title.

Every figure takes a results object (``collectsim.Results`` or anything with
its attributes: ``manifest``, ``summary``, ``comparison``, ``budget``,
``daily``, ``strategies``, ``scenarios``, ``champion``) and returns a Figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.analysis.stats import half_width
from collectsim.report.style import (
    fit_legend,
    join_names,
    text,
    wrap_to_width,
)

#: metrics that can be negative (all others are counts, money spent or shares)
SIGNED_METRICS = frozenset({"net_recovery", "economic_value", "economic_value_to_date"})


#: font size of every figure's title (points); point labels wrap at LABEL_CHARS characters
TITLE_SIZE = 11


#: budget lines and the faint shading of the side a budget excludes
BUDGET_RED = "#b2182b"


@dataclass
class PointView:
    """A results object narrowed to one sweep point: the same attributes, fewer rows."""

    folder: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    daily: pd.DataFrame
    summary: pd.DataFrame
    comparison: pd.DataFrame
    budget: pd.DataFrame
    strategies: list[str]
    scenarios: list[str]
    champion: str
    point: int


def sweep_points(results: Any) -> list[int]:
    """The sweep points in the summary; empty when the experiment has no sweep."""
    summary = results.summary
    if "point" not in summary.columns:
        return []
    return sorted(int(p) for p in summary["point"].dropna().unique())


def at_point(results: Any, point: int | None = None) -> Any:
    """``results`` itself without a sweep; else a view of one point (default: the first).

    Plots compare strategies at one setting of the swept inputs; how outcomes
    move across the sweep is the sensitivity analysis's job.
    """
    points = sweep_points(results)
    if not points or isinstance(results, PointView):
        return results
    chosen = points[0] if point is None else int(point)
    if chosen not in points:
        raise KeyError(f"no sweep point {point!r}; points are {points[0]}..{points[-1]}")

    def narrow(frame: pd.DataFrame) -> pd.DataFrame:
        if "point" not in frame.columns:
            return frame
        return frame[frame["point"].astype(int) == chosen]

    return PointView(
        Path(results.folder), results.manifest, narrow(results.runs), narrow(results.daily),
        narrow(results.summary), narrow(results.comparison), narrow(results.budget),
        list(results.strategies), list(results.scenarios), str(results.champion), chosen,
    )  # fmt: skip


def cell_stats(results: Any, metric: str) -> pd.DataFrame:
    """Summary rows of one metric, indexed by (strategy, scenario)."""
    s = results.summary
    rows = s[s["metric"] == metric].copy()
    rows["strategy"] = rows["strategy"].astype(str)
    rows["scenario"] = rows["scenario"].astype(str)
    return rows.set_index(["strategy", "scenario"])[["mean", "ci_low", "ci_high"]]


def best_strategy(results: Any, metric: str, highest: bool = True) -> dict[str, str]:
    """Scenario -> the strategy with the best mean of ``metric``."""
    cells = cell_stats(results, metric).reset_index()
    best: dict[str, str] = {}
    for scenario in results.scenarios:
        rows = cells[cells["scenario"] == str(scenario)]
        if len(rows):
            pick = rows["mean"].idxmax() if highest else rows["mean"].idxmin()
            best[str(scenario)] = str(rows.loc[pick, "strategy"])
    return best


def by_scenario(best: dict[str, str]) -> str:
    """'a in every scenario' or 'a in baseline, b in recession'."""
    if not best:
        return "no data"
    winners = set(best.values())
    if len(winners) == 1:
        (winner,) = winners
        where = "every scenario" if len(best) > 1 else next(iter(best))
        return f"{winner} in {where}"
    groups: dict[str, list[str]] = {}
    for scenario, strategy in best.items():
        groups.setdefault(strategy, []).append(scenario)
    return "; ".join(f"{s} in {join_names(sc)}" for s, sc in groups.items())


def grid_shape(n: int, max_cols: int) -> tuple[int, int]:
    ncols = max(1, min(n, max_cols))
    return -(-n // ncols), ncols


def panels(fig: Figure, n: int, max_cols: int, **kw: Any) -> list[Axes]:
    """n axes in a grid; spare cells are hidden."""
    nrows, ncols = grid_shape(n, max_cols)
    axes = list(np.asarray(fig.subplots(nrows, ncols, squeeze=False, **kw)).flat)
    for ax in axes[n:]:
        ax.set_visible(False)
    return axes[:n]


def strategy_legend(
    fig: Figure, results: Any, colors: dict[str, str], extra: Iterable = ()
) -> None:
    """One legend for the figure, below the panels; the champion is named."""
    champion = str(results.champion)
    handles = [
        Line2D(
            [],
            [],
            color=c,
            marker="o",
            ls="-",
            label=text(s) + (" (champion)" if s == champion else ""),
        )
        for s, c in colors.items()
    ]
    handles += list(extra)
    fit_legend(fig, handles, max_cols=5)


def figure_title(fig: Figure, headline: str, detail: str) -> None:
    """A conclusion and a plain line of how to read the figure, wrapped to its width."""
    room = fig.bbox.width * 0.97
    fig.suptitle(
        wrap_to_width(fig, text(headline) + "\n" + text(detail), TITLE_SIZE, room),
        fontsize=TITLE_SIZE, x=0.01, ha="left",
    )  # fmt: skip


def strategy_names(results: Any) -> list[str]:
    return [str(s) for s in results.strategies]


def scenario_names(results: Any) -> list[str]:
    return [str(s) for s in results.scenarios]


def floor_at_zero(ax: Axes, which: str, metric: str) -> None:
    """A metric that cannot be negative gets an axis starting near zero.

    With few replications a t-interval can reach below zero; the bar then
    runs off the axis instead of squashing every point into a corner.
    """
    if metric in SIGNED_METRICS:
        return
    low, high = ax.get_ylim() if which == "y" else ax.get_xlim()
    floor = -0.04 * max(high, 1e-9)
    if low < floor:
        (ax.set_ylim if which == "y" else ax.set_xlim)(floor, high)


#: markers that are not data: error-bar caps
_CAPS = (None, "None", "", " ", "_", "|")


def points_outside(ax: Axes) -> int:
    """How many plotted points (the markers of lines and error bars, not their caps) lie
    outside the axes' view: a figure that leaves data out must say so."""
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    hidden = 0
    for line in ax.get_lines():
        if line.get_marker() in _CAPS:
            continue
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        inside = (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)
        hidden += int((ok & ~inside).sum())
    return hidden


def budget_limits(results: Any, metric: str) -> dict[str, float]:
    """Scenario -> complaint budget limit on ``metric`` (empty if there is none)."""
    budget = results.budget
    if not len(budget) or "budget" not in budget:
        return {}
    rows = budget[budget["budget"].astype(str) == metric]
    return {str(sc): float(g["limit"].iloc[0]) for sc, g in rows.groupby("scenario", sort=False)}


def mean_and_half_width(values: pd.Series, keys: list[pd.Series]) -> pd.DataFrame:
    """Mean and 95% CI half-width of ``values`` per group of ``keys`` (0 for a single value,
    so a band or an error bar shrinks to the line rather than vanishing)."""
    out = values.groupby(keys).agg(["mean", "std", "count"])
    out["half"] = np.where(out["count"] > 1, half_width(out["std"], out["count"]), 0.0)
    return out
