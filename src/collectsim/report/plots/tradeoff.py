"""Complaints against value, with the complaint budget where the experiment sets one."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.metrics import METRICS
from collectsim.report.plots.common import (
    BUDGET_RED,
    at_point,
    best_strategy,
    budget_limits,
    by_scenario,
    cell_stats,
    figure_title,
    grid_shape,
    panels,
    scenario_names,
    strategy_legend,
    strategy_names,
)
from collectsim.report.plots.scatter import draw_cells, label_points, scatter_axes
from collectsim.report.style import (
    currency_of,
    join_names,
    new_figure,
    strategy_colors,
)


def _complaint_metric(results: Any) -> str:
    """The complaint measure a budget is set on, else complaints per 10,000 borrowers."""
    budget = results.budget
    if len(budget) and "budget" in budget:
        for name in budget["budget"].astype(str).unique():
            if name.startswith("complaints") and name in METRICS:
                return name
    return "complaints_per_10k"


def _budget_band(ax: Axes, limit: float) -> None:
    """The budget as a dashed line and the region above it faintly red, kept in view."""
    low, high = ax.get_ylim()
    ax.axhline(limit, color=BUDGET_RED, ls="--", lw=1.2, zorder=1, label="complaint budget")
    top = max(high, limit * 1.15)
    ax.axhspan(limit, top * 10, color=BUDGET_RED, alpha=0.06, lw=0, zorder=0)
    ax.set_ylim(low, top)


def _over_budget(over: dict[str, list[str]], strategies: list[str], scenarios: list[str]) -> str:
    """'Over the complaint budget: a and b in every scenario; c in recession'."""
    if not over:
        return "Every strategy stays within the complaint budget"
    groups: dict[tuple[str, ...], list[str]] = {}
    for strategy in strategies:
        if strategy in over:
            groups.setdefault(tuple(over[strategy]), []).append(strategy)
    parts = []
    for where, who in groups.items():
        place = "every scenario" if len(where) == len(scenarios) > 1 else join_names(where)
        who_text = "every strategy" if len(who) == len(strategies) > 1 else join_names(who)
        parts.append(f"{who_text} in {place}")
    return "Over the complaint budget: " + "; ".join(parts)


def tradeoff(results: Any, *, x_metric: str = "economic_value", point: int | None = None) -> Figure:
    """Complaints against value per strategy and scenario, with the complaint budget line."""
    results = at_point(results, point)
    strategies, scenarios = strategy_names(results), scenario_names(results)
    colors = strategy_colors(strategies)
    currency = currency_of(results)
    y_metric = _complaint_metric(results)
    limits = budget_limits(results, y_metric)
    xs, ys = cell_stats(results, x_metric), cell_stats(results, y_metric)
    nrows, ncols = grid_shape(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.6 * nrows + 1.4)
    over: dict[str, list[str]] = {}
    for ax, scenario in zip(panels(fig, len(scenarios), 3), scenarios, strict=True):
        labels = draw_cells(ax, xs, ys, strategies, scenario, colors)
        for strategy, _, y_mean, _ in labels:
            if scenario in limits and y_mean > limits[scenario]:
                over.setdefault(strategy, []).append(scenario)
        scatter_axes(ax, scenario, x_metric, y_metric, currency)
        if scenario in limits:
            _budget_band(ax, limits[scenario])
        label_points(ax, labels)
    extra = []
    if limits:
        extra.append(Line2D([], [], color=BUDGET_RED, ls="--", label="complaint budget"))
        headline = _over_budget(over, strategies, scenarios)
    else:
        headline = (
            f"Fewest complaints: {by_scenario(best_strategy(results, y_metric, highest=False))}"
        )
    strategy_legend(fig, results, colors, extra)
    figure_title(
        fig, headline, f"{y_metric} against {x_metric}, mean and 95% CI; lower right is better"
    )
    return fig
