"""A daily series over time, a line per strategy with its 95% CI band, a panel per scenario."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from collectsim.metrics import DAILY_SERIES, Direction
from collectsim.report.plots.common import (
    at_point,
    by_scenario,
    figure_title,
    grid_shape,
    mean_and_half_width,
    panels,
    scenario_names,
    strategy_legend,
    strategy_names,
)
from collectsim.report.style import (
    currency_of,
    format_axis,
    new_figure,
    strategy_colors,
    text,
)


def _series_stats(results: Any, metric: str) -> pd.DataFrame:
    """Mean and 95% CI half-width over replications by (strategy, scenario, day)."""
    daily = results.daily
    keys = [daily["strategy"].astype(str), daily["scenario"].astype(str), daily["day"]]
    return mean_and_half_width(daily[metric], keys)


def _axis_unit(unit: str, currency: str) -> str:
    """How an axis label names a series' unit: the currency's code, '%' for shares."""
    return {"currency": currency, "index": "index 0–1", "fraction": "%"}.get(unit, unit)


def _format_y(ax: Axes, unit: str) -> None:
    if unit == "currency":
        format_axis(ax.yaxis, "collected")
    elif unit == "fraction":
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))


def _draw_lines(
    ax: Axes, st: pd.DataFrame, scenario: str, colors: dict[str, str], bounds: tuple
) -> dict[str, float]:
    """A mean line and a CI band per strategy in one scenario; each one's last mean."""
    available = set(st.index.droplevel("day"))
    final = {}
    for strategy, c in colors.items():
        if (strategy, scenario) not in available:
            continue
        s = st.loc[(strategy, scenario)]
        days = s.index.to_numpy()
        ax.plot(days, s["mean"], color=c, lw=1.8)
        low = np.clip(s["mean"] - s["half"], *bounds)
        high = np.clip(s["mean"] + s["half"], *bounds)
        ax.fill_between(days, low, high, color=c, alpha=0.15, lw=0)
        final[strategy] = float(s["mean"].iloc[-1])
    return final


def series(results: Any, metric: str, *, point: int | None = None) -> Figure:
    """A daily series over time, a line per strategy (mean, 95% CI band), a panel per scenario."""
    results = at_point(results, point)
    if metric not in DAILY_SERIES:
        raise KeyError(f"unknown daily series {metric!r}; one of {', '.join(DAILY_SERIES)}")
    declared = DAILY_SERIES[metric]
    scenarios = scenario_names(results)
    colors = strategy_colors(strategy_names(results))
    st = _series_stats(results, metric)
    nrows, ncols = grid_shape(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.3 * nrows + 1.4)
    bounds = (0.0, 1.0) if declared.unit in ("index", "fraction") else (0.0, None)
    final: dict[str, dict[str, float]] = {}
    for ax, scenario in zip(panels(fig, len(scenarios), 3, sharey=True), scenarios, strict=True):
        final[scenario] = _draw_lines(ax, st, scenario, colors, bounds)
        ax.set_title(text(scenario), fontsize=10, loc="left")
        ax.set_xlabel("day")
        spec = ax.get_subplotspec()
        if spec is not None and spec.is_first_col():  # the panels share their y axis
            shown = _axis_unit(declared.unit, currency_of(results))
            ax.set_ylabel(f"{declared.label} ({shown})")
        _format_y(ax, declared.unit)
        ax.grid(alpha=0.3)
    strategy_legend(fig, results, colors)
    lower = declared.direction is Direction.MINIMIZE
    pick = min if lower else max
    best = {sc: pick(v, key=v.__getitem__) for sc, v in final.items() if v}
    figure_title(
        fig,
        f"{'Lowest' if lower else 'Highest'} {declared.label} at the horizon: {by_scenario(best)}",
        f"{declared.label} by day, mean over replications with 95% CI band "
        "(cut at the possible range)",
    )
    return fig
