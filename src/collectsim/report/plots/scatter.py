"""Value against losses: each strategy's mean with 95% CIs, the efficient frontier, the budgets.

The frontier draws the budgets the experiment sets on what its axes show: a cap
or a floor on the x or y metric (``loss_rate = 0.05``, ``economic_value = 0``)
as a line at the limit, and ``cost_ratio`` as the line collected = cost / limit
when the axes are cost and collected. The side a budget excludes is faintly red.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.metrics import HEADLINE, METRICS, Direction
from collectsim.report.plots.common import (
    BUDGET_RED,
    at_point,
    best_strategy,
    budget_limits,
    by_scenario,
    cell_stats,
    figure_title,
    floor_at_zero,
    grid_shape,
    panels,
    scenario_names,
    strategy_legend,
    strategy_names,
)
from collectsim.report.style import (
    currency_of,
    format_axis,
    metric_label,
    money,
    new_figure,
    strategy_colors,
    text,
)

LABEL_CHARS = 22


def mean_with_ci(ax: Axes, x: pd.Series, y: pd.Series, color: str, marker: str = "o") -> None:
    """A mean with its 95% CI in both directions."""
    ax.errorbar(
        x["mean"], y["mean"],
        xerr=[[x["mean"] - x["ci_low"]], [x["ci_high"] - x["mean"]]],
        yerr=[[y["mean"] - y["ci_low"]], [y["ci_high"] - y["mean"]]],
        fmt=marker, color=color, ms=8, capsize=3, elinewidth=1.2, zorder=3,
    )  # fmt: skip


#: points closer than this (a share of the axes, in both directions) are named as one stack
SAME_SPOT = 0.05
#: font size of point labels and their line height (points)
LABEL_SIZE, LINE_PT = 8, 9.5


def _clusters(frac: list[tuple[float, float]]) -> list[list[int]]:
    """Groups of points that (nearly) coincide, each in drawing order."""
    groups: list[list[int]] = []
    for k, (fx, fy) in enumerate(frac):
        for group in groups:
            gx, gy = frac[group[0]]
            if abs(gx - fx) < SAME_SPOT and abs(gy - fy) < SAME_SPOT:
                group.append(k)
                break
        else:
            groups.append([k])
    return groups


def _side(spot: tuple[float, float], others: list[tuple[float, float]]) -> tuple[bool, bool]:
    """(below, leftwards): the side of a point away from its nearest neighbour, in the panel.

    Of two points one above the other, the lower is named below and the higher
    above; of two side by side, each is named away from the other. A name on the
    right half of the axes is written leftwards, so it never runs off the panel.
    """
    fx, fy = spot
    nearest = min(others, key=lambda o: (o[0] - fx) ** 2 + (o[1] - fy) ** 2, default=None)
    dx, dy = (nearest[0] - fx, nearest[1] - fy) if nearest else (0.0, 0.0)
    below, leftwards = False, fx > 0.5
    if abs(dy) >= abs(dx):  # neighbour above or below: part vertically
        below = dy > 0
    elif (dx > 0 and fx > 0.25) or (dx < 0 and fx < 0.75):  # beside: away, if there is room
        leftwards = dx > 0
    if fy < 0.1 or fy > 0.9:  # never off the bottom or the top of the panel
        below = fy > 0.9
    return below, leftwards


def _fits(ax: Axes, fy: float, names: list[str], below: bool) -> bool:
    """``below`` unless a stack of ``names`` would run off that edge of the panel and the
    other side has more room."""
    lines = sum(textwrap.fill(text(n), LABEL_CHARS).count("\n") + 1 for n in names)
    points = 6 + lines * LINE_PT
    need = 1.3 * points * ax.figure.dpi / 72 / max(ax.bbox.height, 1.0)  # room for layout
    room = fy if below else 1 - fy
    if room < need and (1 - fy if below else fy) > room:
        return not below
    return below


def label_points(ax: Axes, labels: list[tuple[str, float, float, str]]) -> None:
    """Each strategy's name by its point, on the side away from its nearest neighbour.

    Called once the axis limits are final. Points on (nearly) the same spot,
    such as a variant that changes nothing and its base, are named in a stack,
    one name under the other, so no two names are drawn over each other; long
    names are broken into lines.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frac = [((x - x0) / ((x1 - x0) or 1), (y - y0) / ((y1 - y0) or 1)) for _, x, y, _ in labels]
    groups = _clusters(frac)
    spots = [frac[g[0]] for g in groups]
    for c, group in enumerate(groups):
        below, leftwards = _side(spots[c], spots[:c] + spots[c + 1 :])
        below = _fits(ax, spots[c][1], [labels[k][0] for k in group], below)
        ys = [labels[k][2] for k in group]
        anchor = (labels[group[0]][1], min(ys) if below else max(ys))  # the stack's edge
        lines = 0
        for k in reversed(group) if not below else group:
            name, _, _, color = labels[k]
            wrapped = textwrap.fill(text(name), LABEL_CHARS, break_on_hyphens=False)
            dy = 6 + lines * LINE_PT
            ax.annotate(
                wrapped, anchor, xytext=(-7 if leftwards else 7, -dy if below else dy),
                textcoords="offset points", ha="right" if leftwards else "left",
                va="top" if below else "bottom", fontsize=LABEL_SIZE, color=color,
                linespacing=1.0,
            )  # fmt: skip
            lines += wrapped.count("\n") + 1


def draw_cells(
    ax: Any,
    xs: pd.DataFrame,
    ys: pd.DataFrame,
    strategies: list[str],
    scenario: str,
    colors: dict[str, str],
) -> list[tuple[str, float, float, str]]:
    """Each strategy's mean with 95% CIs in both directions; (name, x, y, colour) drawn."""
    drawn = []
    for strategy in strategies:
        if (strategy, scenario) not in xs.index or (strategy, scenario) not in ys.index:
            continue
        x, y = xs.loc[(strategy, scenario)], ys.loc[(strategy, scenario)]
        mean_with_ci(ax, x, y, colors[strategy])
        drawn.append((strategy, float(x["mean"]), float(y["mean"]), colors[strategy]))
    return drawn


def scatter_axes(ax: Any, scenario: str, x_metric: str, y_metric: str, currency: str) -> None:
    """Title, labels with units, grid and margins of a metric-against-metric panel."""
    ax.set_title(text(scenario), fontsize=10, loc="left")
    ax.set_xlabel(metric_label(x_metric, currency))
    ax.set_ylabel(metric_label(y_metric, currency))
    format_axis(ax.xaxis, x_metric)
    ax.grid(alpha=0.3)
    ax.margins(0.15)
    floor_at_zero(ax, "x", x_metric)
    floor_at_zero(ax, "y", y_metric)


def efficient_points(points: Sequence[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """(name, cost, gain) points no other point beats with more gain for less cost, by cost."""
    frontier_pts: list[tuple[str, float, float]] = []
    for name, x, y in sorted(points, key=lambda p: (p[1], -p[2])):
        if not frontier_pts or y > frontier_pts[-1][2]:
            frontier_pts.append((name, x, y))
    return frontier_pts


def frontier(
    results: Any,
    *,
    x_metric: str = "loss_rate",
    y_metric: str = "economic_value",
    point: int | None = None,
) -> Figure:
    """Value against losses per strategy, one panel per scenario, with the efficient frontier
    and the budgets set on the axes' metrics (any two metrics with ``x_metric``, ``y_metric``;
    upper left is better: more of ``y_metric`` for less of ``x_metric``)."""
    results = at_point(results, point)
    strategies, scenarios = strategy_names(results), scenario_names(results)
    colors = strategy_colors(strategies)
    currency = currency_of(results)
    xs, ys = cell_stats(results, x_metric), cell_stats(results, y_metric)
    costs_collected = (x_metric, y_metric) == ("cost", "collected")
    ratios = budget_limits(results, "cost_ratio") if costs_collected else {}
    axis_limits = {
        (axis, metric): limits
        for axis, metric in (("x", x_metric), ("y", y_metric))
        if metric in METRICS and (limits := budget_limits(results, metric))
    }
    nrows, ncols = grid_shape(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.6 * nrows + 1.4)
    for ax, scenario in zip(panels(fig, len(scenarios), 3), scenarios, strict=True):
        labels = draw_cells(ax, xs, ys, strategies, scenario, colors)
        points = [(name, x, y) for name, x, y, _ in labels]
        eff = efficient_points(points)
        ax.plot([p[1] for p in eff], [p[2] for p in eff], ls="--", lw=1, color="0.45", zorder=1)
        scatter_axes(ax, scenario, x_metric, y_metric, currency)
        format_axis(ax.yaxis, y_metric)
        if scenario in ratios:
            _cost_budget(ax, ratios[scenario])
        for (axis, metric), limits in axis_limits.items():
            if scenario in limits:
                _axis_budget(ax, axis, metric, limits[scenario], currency)
        label_points(ax, labels)
    best = (
        best_strategy(results, HEADLINE[0]) if HEADLINE[0] in set(results.summary["metric"]) else {}
    )
    extra, detail = _frontier_legend(x_metric, y_metric, ratios, axis_limits, currency)
    strategy_legend(fig, results, colors, extra)
    figure_title(fig, f"Highest {HEADLINE[0].replace('_', ' ')}: {by_scenario(best)}", detail)
    return fig


def _frontier_legend(
    x_metric: str, y_metric: str, ratios: dict, axis_limits: dict, currency: str
) -> tuple[list[Line2D], str]:
    """The frontier's legend entries beyond the strategies, and the sentence under its title."""
    extra = [Line2D([], [], ls="--", color="0.45", label="efficient frontier")]
    detail = (
        f"{y_metric} against {x_metric}, mean and 95% CI; upper left is better; "
        f"the grey dashed line joins strategies no other beats on {y_metric} for less "
        f"{x_metric}"
    )
    if ratios:
        extra.append(Line2D([], [], ls="--", color=BUDGET_RED, label=_cost_budget_label(ratios)))
        detail += "; below the red line (shaded) a strategy spends more than the cost budget allows"
    for (_, metric), limits in axis_limits.items():
        label = _axis_budget_label(metric, limits, currency)
        extra.append(Line2D([], [], ls="--", color=BUDGET_RED, label=label))
    if axis_limits:
        detail += "; beyond a red line (shaded) a strategy is outside its budget"
    return extra, detail


def _limit_text(metric: str, limit: float, currency: str) -> str:
    """A budget's limit in its metric's unit: '5%', '1.2M CNY', '120'."""
    unit = METRICS[metric].unit
    if unit == "fraction":
        return f"{limit * 100:.3g}%"
    if unit == "currency":
        return f"{money(limit)} {currency}"
    return f"{limit:,.4g}"


def _axis_budget_label(metric: str, limits: dict[str, float], currency: str) -> str:
    """'budget: loss_rate ≤ 5%' (a cap) or 'budget: economic_value ≥ 0 CNY' (a floor)."""
    sign = "≤" if METRICS[metric].direction is Direction.MINIMIZE else "≥"
    values = sorted(set(limits.values()))
    limit = _limit_text(metric, values[0], currency) if len(values) == 1 else "limit"
    return f"budget: {metric} {sign} {limit}"


def _axis_budget(ax: Axes, axis: str, metric: str, limit: float, currency: str) -> None:
    """A budget on the metric an axis shows: a dashed line at the limit and the side it
    excludes (beyond a cap, short of a floor) faintly red, the line kept in view."""
    cap = METRICS[metric].direction is Direction.MINIMIZE
    get_lim, set_lim = (ax.get_xlim, ax.set_xlim) if axis == "x" else (ax.get_ylim, ax.set_ylim)
    line, span = (ax.axvline, ax.axvspan) if axis == "x" else (ax.axhline, ax.axhspan)
    low, high = get_lim()
    pad = 0.08 * ((high - low) or abs(limit) or 1.0)
    low, high = min(low, limit - pad), max(high, limit + pad)
    label = _axis_budget_label(metric, {"": limit}, currency)
    line(limit, color=BUDGET_RED, ls="--", lw=1.2, zorder=1, label=label)
    far = (high - low) * 10
    span(*((limit, high + far) if cap else (low - far, limit)), color=BUDGET_RED, alpha=0.06,
         lw=0, zorder=0)  # fmt: skip
    set_lim(low, high)


def _cost_budget_label(ratios: dict[str, float]) -> str:
    """'cost budget: cost ≤ 0.3 × collected' (one limit, as every budget is experiment-wide)."""
    limits = sorted(set(ratios.values()))
    if len(limits) != 1:
        return "cost budget: cost ≤ limit × collected"
    return f"cost budget: cost ≤ {limits[0]:g} × collected"


def _cost_budget(ax: Axes, ratio: float) -> None:
    """The cost budget (cost / collected ≤ ratio) on cost-collected axes: the line
    collected = cost / ratio, and the side below it, where cost is too high, faintly red.

    The axes keep their limits: the line runs across whatever is in view.
    """
    if not ratio > 0:
        return
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    xs = np.linspace(x0, x1, 50)
    line = xs / ratio
    ax.plot(xs, line, color=BUDGET_RED, ls="--", lw=1.2, zorder=1,
            label=_cost_budget_label({"": ratio}))  # fmt: skip
    ax.fill_between(xs, np.full_like(xs, y0), np.maximum(line, y0), color=BUDGET_RED,
                    alpha=0.06, lw=0, zorder=0)  # fmt: skip
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
