"""Figures of an experiment's results, each a matplotlib ``Figure`` a researcher can restyle.

Every function takes a results object (``collectsim.results.Results`` or
anything with its attributes: ``manifest``, ``summary``, ``comparison``,
``budget``, ``daily``, ``strategies``, ``scenarios``, ``champion``) and
returns a Figure; none touches ``pyplot``, so drawing many figures keeps no
global state. Colours per strategy come from one palette function
(:func:`collectsim.plot_style.strategy_colors`) and agree across plots;
titles state what to conclude, axis labels carry units.

    from collectsim.results import load_results
    from collectsim import plots
    results = load_results("results/quickstart")
    fig = plots.frontier(results)
    plots.save_figure(fig, results.folder / "plots" / "frontier.png")
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, PercentFormatter
from scipy import stats

from collectsim.metrics import BUCKETS, DAILY_SERIES, METRICS
from collectsim.plot_style import (
    BUCKET_COLORS,
    BUCKET_LABELS,
    DPI,
    currency_of,
    direction,
    fit_legend,
    format_axis,
    join_names,
    metric_label,
    new_figure,
    save_figure,
    scenario_markers,
    strategy_colors,
    text,
    wrap_to_width,
)

__all__ = [
    "DPI",
    "HEADLINE_METRICS",
    "at_point",
    "bucket_grid",
    "buckets",
    "differences",
    "frontier",
    "save_figure",
    "series",
    "sweep",
    "sweep_fields",
    "tradeoff",
]

#: the metrics a strategy team reads first, in the order the forest plot shows them
HEADLINE_METRICS: tuple[str, ...] = (
    "net_recovery",
    "collected",
    "cost",
    "recovery_rate",
    "charge_off_rate",
    "complaints",
    "reputation_final",
)

#: bottom to top: the worst states lie on the axis, so their growth reads directly
STACK_ORDER: tuple[str, ...] = (
    "written_off",
    "agency",
    "legal",
    "dpd_90_plus",
    "dpd_60_89",
    "dpd_30_59",
    "dpd_1_29",
    "current",
    "closed",
)

#: metrics that can be negative (all others are counts, money spent or shares)
SIGNED_METRICS = frozenset({"net_recovery"})

#: font size of every figure's title (points); point labels wrap at LABEL_CHARS characters
TITLE_SIZE = 11
LABEL_CHARS = 22

#: budget lines and the faint shading of the side a budget excludes
BUDGET_RED = "#b2182b"

#: daily series where higher is better (True), lower is better (False)
SERIES_BETTER: dict[str, bool | None] = {
    "collected_to_date": True,
    "cost_to_date": False,
    "complaints_to_date": False,
    "contacts_to_date": None,
    "reputation": True,
    "unemployment_rate": None,
}


# --- data helpers --------------------------------------------------------------------------


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


def _cell_stats(results: Any, metric: str) -> pd.DataFrame:
    """Summary rows of one metric, indexed by (strategy, scenario)."""
    s = results.summary
    rows = s[s["metric"] == metric].copy()
    rows["strategy"] = rows["strategy"].astype(str)
    rows["scenario"] = rows["scenario"].astype(str)
    return rows.set_index(["strategy", "scenario"])[["mean", "ci_low", "ci_high"]]


def _best(results: Any, metric: str, highest: bool = True) -> dict[str, str]:
    """Scenario -> the strategy with the best mean of ``metric``."""
    cells = _cell_stats(results, metric).reset_index()
    best: dict[str, str] = {}
    for scenario in results.scenarios:
        rows = cells[cells["scenario"] == str(scenario)]
        if len(rows):
            pick = rows["mean"].idxmax() if highest else rows["mean"].idxmin()
            best[str(scenario)] = str(rows.loc[pick, "strategy"])
    return best


def _by_scenario(best: dict[str, str]) -> str:
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


def _grid(n: int, max_cols: int) -> tuple[int, int]:
    ncols = max(1, min(n, max_cols))
    return -(-n // ncols), ncols


def _panels(fig: Figure, n: int, max_cols: int, **kw: Any) -> list[Axes]:
    """n axes in a grid; spare cells are hidden."""
    nrows, ncols = _grid(n, max_cols)
    axes = list(np.asarray(fig.subplots(nrows, ncols, squeeze=False, **kw)).flat)
    for ax in axes[n:]:
        ax.set_visible(False)
    return axes[:n]


def _strategy_legend(
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


def _title(fig: Figure, headline: str, detail: str) -> None:
    """A conclusion and a plain line of how to read the figure, wrapped to its width."""
    room = fig.bbox.width * 0.97
    fig.suptitle(
        wrap_to_width(fig, text(headline) + "\n" + text(detail), TITLE_SIZE, room),
        fontsize=TITLE_SIZE, x=0.01, ha="left",
    )  # fmt: skip


def _strategies(results: Any) -> list[str]:
    return [str(s) for s in results.strategies]


def _scenarios(results: Any) -> list[str]:
    return [str(s) for s in results.scenarios]


# --- scatter plots of the summary ------------------------------------------------------------


def _mean_with_ci(ax: Axes, x: pd.Series, y: pd.Series, color: str, marker: str = "o") -> None:
    """A mean with its 95% CI in both directions."""
    ax.errorbar(
        x["mean"], y["mean"],
        xerr=[[x["mean"] - x["ci_low"]], [x["ci_high"] - x["mean"]]],
        yerr=[[y["mean"] - y["ci_low"]], [y["ci_high"] - y["mean"]]],
        fmt=marker, color=color, ms=8, capsize=3, elinewidth=1.2, zorder=3,
    )  # fmt: skip


def _label_points(ax: Axes, labels: list[tuple[str, float, float, str]]) -> None:
    """Each strategy's name by its point, on the side away from its nearest neighbour.

    Called once the axis limits are final. Of two points one above the other,
    the lower is named below and the higher above; of two side by side, each is
    named away from the other. A name on the right half of the axes is written
    leftwards, so it never runs off the panel; long names are broken into lines.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frac = [((x - x0) / ((x1 - x0) or 1), (y - y0) / ((y1 - y0) or 1)) for _, x, y, _ in labels]
    for k, (name, x, y, color) in enumerate(labels):
        fx, fy = frac[k]
        others = [frac[j] for j in range(len(labels)) if j != k]
        nearest = min(others, key=lambda o: (o[0] - fx) ** 2 + (o[1] - fy) ** 2, default=None)
        dx, dy = (nearest[0] - fx, nearest[1] - fy) if nearest else (0.0, 0.0)
        below, leftwards = False, fx > 0.5
        if abs(dy) >= abs(dx):  # neighbour above or below: part vertically
            below = dy > 0
        elif (dx > 0 and fx > 0.25) or (dx < 0 and fx < 0.75):  # beside: away, if there is room
            leftwards = dx > 0
        if fy < 0.1 or fy > 0.9:  # never off the bottom or the top of the panel
            below = fy > 0.9
        ax.annotate(
            textwrap.fill(text(name), LABEL_CHARS, break_on_hyphens=False),
            (x, y), xytext=(-7 if leftwards else 7, -6 if below else 6),
            textcoords="offset points",
            ha="right" if leftwards else "left", va="top" if below else "bottom",
            fontsize=8, color=color, linespacing=1.0,
        )  # fmt: skip


def _draw_cells(
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
        _mean_with_ci(ax, x, y, colors[strategy])
        drawn.append((strategy, float(x["mean"]), float(y["mean"]), colors[strategy]))
    return drawn


def _scatter_axes(ax: Any, scenario: str, x_metric: str, y_metric: str, currency: str) -> None:
    """Title, labels with units, grid and margins of a metric-against-metric panel."""
    ax.set_title(text(scenario), fontsize=10, loc="left")
    ax.set_xlabel(metric_label(x_metric, currency))
    ax.set_ylabel(metric_label(y_metric, currency))
    format_axis(ax.xaxis, x_metric)
    ax.grid(alpha=0.3)
    ax.margins(0.15)
    _floor_at_zero(ax, "x", x_metric)
    _floor_at_zero(ax, "y", y_metric)


def _floor_at_zero(ax: Axes, which: str, metric: str) -> None:
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


def efficient_points(points: Sequence[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """(name, cost, gain) points no other point beats with more gain for less cost, by cost."""
    frontier_pts: list[tuple[str, float, float]] = []
    for name, x, y in sorted(points, key=lambda p: (p[1], -p[2])):
        if not frontier_pts or y > frontier_pts[-1][2]:
            frontier_pts.append((name, x, y))
    return frontier_pts


def frontier(
    results: Any, *, x_metric: str = "cost", y_metric: str = "collected", point: int | None = None
) -> Figure:
    """Recovery against cost per strategy, one panel per scenario, with the efficient frontier."""
    results = at_point(results, point)
    strategies, scenarios = _strategies(results), _scenarios(results)
    colors = strategy_colors(strategies)
    currency = currency_of(results)
    xs, ys = _cell_stats(results, x_metric), _cell_stats(results, y_metric)
    costs_collected = (x_metric, y_metric) == ("cost", "collected")
    ratios = _budget_limits(results, "cost_ratio") if costs_collected else {}
    nrows, ncols = _grid(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.6 * nrows + 1.4)
    for ax, scenario in zip(_panels(fig, len(scenarios), 3), scenarios, strict=True):
        labels = _draw_cells(ax, xs, ys, strategies, scenario, colors)
        points = [(name, x, y) for name, x, y, _ in labels]
        eff = efficient_points(points)
        ax.plot([p[1] for p in eff], [p[2] for p in eff], ls="--", lw=1, color="0.45", zorder=1)
        _scatter_axes(ax, scenario, x_metric, y_metric, currency)
        format_axis(ax.yaxis, y_metric)
        if scenario in ratios:
            _cost_budget(ax, ratios[scenario])
        _label_points(ax, labels)
    best = (
        _best(results, "net_recovery") if "net_recovery" in set(results.summary["metric"]) else {}
    )
    extra = [Line2D([], [], ls="--", color="0.45", label="efficient frontier")]
    detail = (
        f"{y_metric} against {x_metric}, mean and 95% CI; upper left is better; "
        "the grey dashed line joins strategies no other collects more than for less"
    )
    if ratios:
        extra.append(Line2D([], [], ls="--", color=BUDGET_RED, label=_cost_budget_label(ratios)))
        detail += "; below the red line (shaded) a strategy spends more than the cost budget allows"
    _strategy_legend(fig, results, colors, extra)
    _title(fig, f"Highest net recovery: {_by_scenario(best)}", detail)
    return fig


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


def _complaint_metric(results: Any) -> str:
    """The complaint measure a budget is set on, else complaints per 10,000 borrowers."""
    budget = results.budget
    if len(budget) and "budget" in budget:
        for name in budget["budget"].astype(str).unique():
            if name.startswith("complaints") and name in METRICS:
                return name
    return "complaints_per_10k"


def _budget_limits(results: Any, metric: str) -> dict[str, float]:
    """Scenario -> complaint budget limit on ``metric`` (empty if there is none)."""
    budget = results.budget
    if not len(budget) or "budget" not in budget:
        return {}
    rows = budget[budget["budget"].astype(str) == metric]
    return {str(sc): float(g["limit"].iloc[0]) for sc, g in rows.groupby("scenario", sort=False)}


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


def tradeoff(results: Any, *, x_metric: str = "collected", point: int | None = None) -> Figure:
    """Complaints against recovery per strategy and scenario, with the complaint budget line."""
    results = at_point(results, point)
    strategies, scenarios = _strategies(results), _scenarios(results)
    colors = strategy_colors(strategies)
    currency = currency_of(results)
    y_metric = _complaint_metric(results)
    limits = _budget_limits(results, y_metric)
    xs, ys = _cell_stats(results, x_metric), _cell_stats(results, y_metric)
    nrows, ncols = _grid(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.6 * nrows + 1.4)
    over: dict[str, list[str]] = {}
    for ax, scenario in zip(_panels(fig, len(scenarios), 3), scenarios, strict=True):
        labels = _draw_cells(ax, xs, ys, strategies, scenario, colors)
        for strategy, _, y_mean, _ in labels:
            if scenario in limits and y_mean > limits[scenario]:
                over.setdefault(strategy, []).append(scenario)
        _scatter_axes(ax, scenario, x_metric, y_metric, currency)
        if scenario in limits:
            _budget_band(ax, limits[scenario])
        _label_points(ax, labels)
    extra = []
    if limits:
        extra.append(Line2D([], [], color=BUDGET_RED, ls="--", label="complaint budget"))
        headline = _over_budget(over, strategies, scenarios)
    else:
        headline = f"Fewest complaints: {_by_scenario(_best(results, y_metric, highest=False))}"
    _strategy_legend(fig, results, colors, extra)
    _title(fig, headline, f"{y_metric} against {x_metric}, mean and 95% CI; lower right is better")
    return fig


# --- forest plot of paired differences -------------------------------------------------------


def _verdict(comparison: pd.DataFrame, champion: str, metric: str) -> str:
    """Which challengers beat or trail the champion on ``metric`` in every scenario."""
    rows = comparison[comparison["metric"] == metric]
    if not len(rows):
        return f"no paired differences on {metric}"
    better, worse = [], []
    for challenger, g in rows.groupby("challenger", sort=False):
        if (g["ci_low"] > 0).all():
            better.append(str(challenger))
        elif (g["ci_high"] < 0).all():
            worse.append(str(challenger))
    name = metric.replace("_", " ")
    parts = []
    if better:
        parts.append(f"{join_names(better)} beat{'s' if len(better) == 1 else ''} {champion}")
    if worse:
        parts.append(f"{join_names(worse)} trail{'s' if len(worse) == 1 else ''} {champion}")
    if not parts:
        return f"No challenger differs clearly from {champion} on {name} in every scenario"
    return f"On {name}, " + "; ".join(parts) + " in every scenario (95% CI excludes zero)"


def _forest_panel(
    ax: Axes, rows: pd.DataFrame, pairs: list[tuple[str, str]], colors: dict, markers: dict
) -> None:
    """One metric: a point and CI per (challenger, scenario), filled when the CI excludes zero."""
    indexed = rows.set_index(["challenger", "scenario"])
    for y, (challenger, scenario) in enumerate(pairs):
        if (challenger, scenario) not in indexed.index:
            continue
        r = indexed.loc[(challenger, scenario)]
        clear = r["ci_low"] > 0 or r["ci_high"] < 0
        color = colors[challenger]
        ax.errorbar(
            r["mean_difference"], y,
            xerr=[[r["mean_difference"] - r["ci_low"]], [r["ci_high"] - r["mean_difference"]]],
            fmt=markers[scenario], color=color, mfc=color if clear else "white", ms=7, capsize=2,
        )  # fmt: skip
    ax.axvline(0, color="0.3", lw=1)
    ax.grid(axis="x", alpha=0.3)


def differences(
    results: Any, metrics: Sequence[str] = HEADLINE_METRICS, *, point: int | None = None
) -> Figure:
    """Forest plot: challenger minus champion per metric and scenario, paired, with 95% CIs."""
    results = at_point(results, point)
    champion = str(results.champion)
    strategies, scenarios = _strategies(results), _scenarios(results)
    colors = strategy_colors(strategies)
    markers = scenario_markers(scenarios)
    currency = currency_of(results)
    comp = results.comparison.copy()
    for col in ("challenger", "scenario"):
        comp[col] = comp[col].astype(str)
    challengers = [s for s in strategies if s != champion and s in set(comp["challenger"])]
    pairs = [(c, s) for c in challengers for s in scenarios]
    metrics = [m for m in metrics if m in set(comp["metric"])]
    if not pairs or not metrics:
        fig = new_figure(8, 2.5)
        fig.text(0.5, 0.5, "No challengers to compare against the champion", ha="center")
        return fig
    nrows, ncols = _grid(len(metrics), 4)
    fig = new_figure(3.0 * ncols + 1.8, (0.3 * len(pairs) + 1.3) * nrows + 1.5)
    axes = _panels(fig, len(metrics), 4, sharey=True)
    for ax, metric in zip(axes, metrics, strict=True):
        _forest_panel(ax, comp[comp["metric"] == metric], pairs, colors, markers)
        hint = direction(metric)
        ax.set_title(metric_label(metric, currency) + (f"\n{hint}" if hint else ""), fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        format_axis(ax.xaxis, metric)
        ax.tick_params(labelsize=8)
    room = fig.bbox.width * 0.22
    pair_labels = [wrap_to_width(fig, text(f"{c} · {s}"), 8, room) for c, s in pairs]
    axes[0].set_yticks(range(len(pairs)), pair_labels, fontsize=8)
    axes[0].set_ylim(len(pairs) - 0.5, -0.5)
    for ax in axes:
        for k in range(1, len(challengers)):
            ax.axhline(k * len(scenarios) - 0.5, color="0.85", lw=0.8)
    extra = [
        Line2D([], [], marker=m, color="0.3", ls="", label=text(s)) for s, m in markers.items()
    ]
    extra.append(Line2D([], [], marker="o", color="0.3", mfc="white", ls="", label="CI spans 0"))
    handles = [Line2D([], [], color=colors[c], marker="o", label=text(c)) for c in challengers]
    handles += extra
    fit_legend(fig, handles, max_cols=6)
    _title(
        fig,
        _verdict(comp, champion, "net_recovery"),
        f"paired difference challenger − {champion} (same borrowers and shocks), "
        "mean and 95% CI; filled where the CI excludes zero",
    )
    return fig


# --- daily series ----------------------------------------------------------------------------


def _bucket_shares(results: Any) -> pd.DataFrame:
    """Mean share of accounts per state by (strategy, scenario, day), over replications."""
    cols = [f"accounts_{b}" for b in BUCKETS]
    daily = results.daily
    means = daily.groupby([daily["strategy"].astype(str), daily["scenario"].astype(str), "day"])[
        cols
    ].mean()
    return means.div(means.sum(axis=1).replace(0, np.nan), axis=0)


def _past_due(frame: pd.DataFrame) -> pd.Series:
    """Share of accounts neither current nor closed: behind, in legal, placed or written off."""
    return 1.0 - frame["accounts_current"] - frame["accounts_closed"]


def _zoom(shares: pd.DataFrame) -> float:
    """Top of the y axis: current accounts dwarf the rest, so show the late states large.

    The axis stops a little above the largest share behind or worse (in steps
    of 5%); current and closed accounts fill the rest up to 100%, and the
    title says so. A book that is mostly behind is shown whole.
    """
    peak = float(_past_due(shares).max()) if len(shares) else 1.0
    if not np.isfinite(peak) or peak > 0.6:
        return 1.0
    return min(1.0, max(0.05, np.ceil(peak * 1.3 * 20) / 20))


def _zoom_note(top: float) -> str:
    if top >= 1.0:
        return ""
    return f"; axis cut at {top:.0%}: current and closed accounts fill the rest to 100%"


def _draw_buckets(ax: Axes, frame: pd.DataFrame, top: float = 1.0) -> list:
    days = frame.index.get_level_values("day")
    layers = [frame[f"accounts_{b}"].to_numpy() for b in STACK_ORDER]
    colors = [BUCKET_COLORS[b] for b in STACK_ORDER]
    polys = ax.stackplot(
        days, layers, colors=colors, labels=[BUCKET_LABELS[b] for b in STACK_ORDER]
    )
    ax.set_xlim(days.min(), days.max())
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.grid(alpha=0.25, color="white")
    return polys


def _bucket_legend(fig: Figure, polys: list) -> None:
    fit_legend(
        fig, polys[::-1], loc="outside right center", fontsize=8,
        title="account state", title_fontsize=9,
    )  # fmt: skip


def buckets(results: Any, strategy: str, scenario: str, *, point: int | None = None) -> Figure:
    """Accounts by state over time for one strategy in one scenario, mean over replications."""
    results = at_point(results, point)
    shares = _bucket_shares(results)
    key = (str(strategy), str(scenario))
    if key not in shares.index.droplevel("day"):
        raise KeyError(f"no daily results for strategy {strategy!r} in scenario {scenario!r}")
    frame = shares.loc[key]
    frame.index = pd.Index(frame.index, name="day")
    fig = new_figure(8.5, 4.8)
    ax = fig.subplots()
    top = _zoom(frame)
    polys = _draw_buckets(ax, frame, top)
    ax.set_xlabel("day")
    ax.set_ylabel("share of accounts (%)")
    _bucket_legend(fig, polys)
    pd0, pd1 = _past_due(frame).iloc[0], _past_due(frame).iloc[-1]
    _title(
        fig,
        f"{strategy} in {scenario}: {pd1:.1%} of accounts behind or worse at day "
        f"{frame.index.max()} ({pd0:.1%} at day {frame.index.min()})",
        "accounts by state, mean over replications" + _zoom_note(top),
    )
    return fig


def bucket_grid(results: Any, *, point: int | None = None) -> Figure:
    """Accounts by state over time, a panel per strategy (rows) and scenario (columns)."""
    results = at_point(results, point)
    strategies, scenarios = _strategies(results), _scenarios(results)
    shares = _bucket_shares(results)
    available = set(shares.index.droplevel("day"))
    fig = new_figure(3.3 * len(scenarios) + 2.2, 2.3 * len(strategies) + 1.4)
    axes = np.asarray(
        fig.subplots(len(strategies), len(scenarios), squeeze=False, sharex=True, sharey=True)
    )
    polys: list = []
    end: dict[str, dict[str, float]] = {}
    panel_px = fig.bbox.width / (len(scenarios) + 0.7) * 0.95
    top = _zoom(shares)
    for i, strategy in enumerate(strategies):
        for j, scenario in enumerate(scenarios):
            ax = axes[i, j]
            title = text(f"{strategy} · {scenario}")
            ax.set_title(wrap_to_width(fig, title, 9, panel_px), fontsize=9, loc="left")
            if (strategy, scenario) not in available:
                continue
            frame = shares.loc[(strategy, scenario)]
            frame.index = pd.Index(frame.index, name="day")
            polys = _draw_buckets(ax, frame, top)
            end.setdefault(scenario, {})[strategy] = float(_past_due(frame).iloc[-1])
        axes[i, 0].set_ylabel("accounts (%)")
    for ax in axes[-1]:
        ax.set_xlabel("day")
    if polys:
        _bucket_legend(fig, polys)
    best = {sc: min(v, key=v.get) for sc, v in end.items()}
    _title(
        fig,
        f"Fewest accounts behind or worse at the horizon: {_by_scenario(best)}",
        "share of accounts by state over time, mean over replications; the worst states "
        "are stacked at the bottom" + _zoom_note(top),
    )
    return fig


def _series_stats(results: Any, metric: str) -> pd.DataFrame:
    """Mean and 95% CI half-width over replications by (strategy, scenario, day)."""
    daily = results.daily
    g = daily.groupby([daily["strategy"].astype(str), daily["scenario"].astype(str), "day"])[metric]
    out = g.agg(["mean", "std", "count"])
    t = stats.t.ppf(0.975, np.maximum(out["count"] - 1, 1))
    out["half"] = np.where(out["count"] > 1, t * out["std"] / np.sqrt(out["count"]), 0.0)
    return out


def _series_label(metric: str, currency: str) -> tuple[str, str]:
    """('cumulative collected', 'CNY') from the declared daily series description.

    A possessive is dropped ("the lender's reputation" -> "reputation"), so the
    name reads in a title ("Highest reputation at the horizon").
    """
    desc = DAILY_SERIES.get(metric, metric)
    name, _, unit = desc.partition(" (")
    name = re.sub(r"^the [\w ]+?'s ", "", name)
    unit = unit.rstrip(")")
    if unit == "currency":
        unit = currency
    return name, unit


def series(results: Any, metric: str, *, point: int | None = None) -> Figure:
    """A daily series over time, a line per strategy (mean, 95% CI band), a panel per scenario."""
    results = at_point(results, point)
    if metric not in DAILY_SERIES:
        raise KeyError(f"unknown daily series {metric!r}; one of {', '.join(DAILY_SERIES)}")
    strategies, scenarios = _strategies(results), _scenarios(results)
    colors = strategy_colors(strategies)
    name, unit = _series_label(metric, currency_of(results))
    st = _series_stats(results, metric)
    available = set(st.index.droplevel("day"))
    nrows, ncols = _grid(len(scenarios), 3)
    fig = new_figure(4.4 * ncols + 0.4, 3.3 * nrows + 1.4)
    better = SERIES_BETTER.get(metric)
    bounds = (0.0, 1.0) if metric in ("reputation", "unemployment_rate") else (0.0, None)
    final: dict[str, dict[str, float]] = {}
    for ax, scenario in zip(_panels(fig, len(scenarios), 3, sharey=True), scenarios, strict=True):
        for strategy in strategies:
            if (strategy, scenario) not in available:
                continue
            s = st.loc[(strategy, scenario)]
            days = s.index.to_numpy()
            c = colors[strategy]
            ax.plot(days, s["mean"], color=c, lw=1.8)
            low, high = (
                np.clip(s["mean"] - s["half"], *bounds),
                np.clip(s["mean"] + s["half"], *bounds),
            )
            ax.fill_between(days, low, high, color=c, alpha=0.15, lw=0)
            final.setdefault(scenario, {})[strategy] = float(s["mean"].iloc[-1])
        ax.set_title(text(scenario), fontsize=10, loc="left")
        ax.set_xlabel("day")
        if ax.get_subplotspec().is_first_col():  # the panels share their y axis
            shown = {"index 0..1": "index 0–1", "fraction": "%"}.get(unit, unit)
            ax.set_ylabel(f"{name} ({shown})")
        if unit not in ("count", "index 0..1", "fraction"):
            format_axis(ax.yaxis, "collected")
        elif unit == "fraction":
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        ax.grid(alpha=0.3)
    _strategy_legend(fig, results, colors)
    pick = min if better is False else max
    best = {sc: pick(v, key=v.get) for sc, v in final.items()}
    word = "Lowest" if better is False else "Highest"
    _title(
        fig,
        f"{word} {name} at the horizon: {_by_scenario(best)}",
        f"{name} by day, mean over replications with 95% CI band (cut at the possible range)",
    )
    return fig


# --- sweeps ----------------------------------------------------------------------------------

#: what the report plots against each swept input
SWEEP_METRICS: tuple[str, ...] = ("net_recovery", "complaints_per_10k", "recovery_rate")

#: a swept input with more distinct values than this (a sampled sweep) is shown in bins
SWEEP_BINS = 8


def sweep_fields(results: Any) -> list[str]:
    """The swept inputs recorded in the manifest that have a column in ``runs.csv``."""
    sweep = results.manifest.get("sweep") or {}
    fields = sweep.get("fields") if isinstance(sweep, dict) else None
    return [str(f) for f in fields or [] if str(f) in results.runs.columns]


def _sweep_x(values: pd.Series) -> tuple[pd.Series, list[str] | None, bool]:
    """Positions on the x axis: the values themselves when numeric (binned by quantile
    when there are many), else the categories' positions; tick labels for categories;
    whether the values were binned."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        if numeric.nunique() <= SWEEP_BINS + 2:
            return numeric.astype(float), None, False
        bins = pd.qcut(numeric, SWEEP_BINS, duplicates="drop")
        return numeric.groupby(bins, observed=True).transform("mean").astype(float), None, True
    categories = list(dict.fromkeys(values.astype(str)))
    return values.astype(str).map(categories.index).astype(float), categories, False


def _sweep_stats(runs: pd.DataFrame, x: pd.Series, metric: str) -> pd.DataFrame:
    """Mean and 95% CI half-width of ``metric`` by (strategy, scenario, x) over runs."""
    frame = pd.DataFrame(
        {
            "strategy": runs["strategy"].astype(str),
            "scenario": runs["scenario"].astype(str),
            "x": x,
            "y": pd.to_numeric(runs[metric], errors="coerce"),
        }
    )
    out = frame.groupby(["strategy", "scenario", "x"])["y"].agg(["mean", "std", "count"])
    t = stats.t.ppf(0.975, np.maximum(out["count"] - 1, 1))
    out["half"] = np.where(out["count"] > 1, t * out["std"] / np.sqrt(out["count"]), 0.0)
    return out


def _trend(s: pd.DataFrame) -> str:
    """'rises', 'falls' or 'flat': from the lowest to the highest value, beyond the CIs."""
    if len(s) < 2:
        return "flat"
    first, last = s.iloc[0], s.iloc[-1]
    change = last["mean"] - first["mean"]
    if abs(change) <= first["half"] + last["half"]:
        return "flat"
    return "rises" if change > 0 else "falls"


def _sweep_headline(trends: dict[str, set[str]], metric: str, field: str) -> str:
    """'Net recovery rises with X for every strategy' or the strategies by direction."""
    name = metric.replace("_", " ")
    words = {"rises": "rises", "falls": "falls", "flat": "shows no clear change"}
    by_word: dict[str, list[str]] = {}
    for strategy, seen in trends.items():
        word = next(iter(seen)) if len(seen) == 1 else "mixed"
        by_word.setdefault(word, []).append(strategy)
    if len(by_word) == 1:
        (word,) = by_word
        if word != "mixed":
            who = "every strategy" if len(trends) > 1 else join_names(list(trends))
            return f"{name.capitalize()} {words[word]} with {field} for {who}"
    parts = []
    for word, who in by_word.items():
        verb = "differs by scenario" if word == "mixed" else words[word]
        parts.append(f"{verb} for {join_names(who)}")
    return f"Across {field}, {name} " + "; ".join(parts)


def sweep(results: Any, field: str, metrics: Sequence[str] = SWEEP_METRICS) -> Figure:
    """Headline metrics against one swept input: mean and 95% CI per strategy (colours as
    everywhere), a row per metric and a column per scenario, from ``runs.csv``.

    Runs at other values of other swept inputs are pooled, so with several
    sweeps a point shows the average over them.
    """
    if isinstance(results, PointView):
        raise ValueError("sweep() needs every sweep point, not a view of one")
    runs = results.runs
    if field not in runs.columns:
        raise KeyError(f"no swept field {field!r}; swept: {', '.join(sweep_fields(results))}")
    strategies, scenarios = _strategies(results), _scenarios(results)
    colors = strategy_colors(strategies)
    currency = currency_of(results)
    metrics = [m for m in metrics if m in runs.columns]
    x, categories, binned = _sweep_x(runs[field])
    positions = np.sort(x.dropna().unique())
    log = categories is None and positions.min() > 0 and positions.max() / positions.min() >= 10
    fig = new_figure(3.4 * len(scenarios) + 1.0, 2.2 * len(metrics) + 1.5)
    axes = np.asarray(
        fig.subplots(len(metrics), len(scenarios), squeeze=False, sharex=True, sharey="row")
    )
    span = np.log(positions.max() / positions.min()) if log else np.ptp(positions)
    trends: dict[str, set[str]] = {}
    for i, metric in enumerate(metrics):
        st = _sweep_stats(runs, x, metric)
        for j, scenario in enumerate(scenarios):
            ax = axes[i, j]
            for k, strategy in enumerate(strategies):
                if (strategy, scenario) not in st.index.droplevel("x"):
                    continue
                s = st.loc[(strategy, scenario)]
                dodge = (k - (len(strategies) - 1) / 2) * 0.02 * (span or 1.0)
                xs = s.index.to_numpy() * np.exp(dodge) if log else s.index.to_numpy() + dodge
                ax.errorbar(
                    xs, s["mean"].to_numpy(float), yerr=s["half"].to_numpy(float), fmt="o-",
                    color=colors[strategy],
                    ms=4, lw=1.3, elinewidth=1, capsize=2,
                )  # fmt: skip
                if i == 0:
                    trends.setdefault(strategy, set()).add(_trend(s))
            if i == 0:
                ax.set_title(text(scenario), fontsize=10, loc="left")
            if j == 0:
                ax.set_ylabel(wrap_to_width(fig, metric_label(metric, currency), 10, 150))
            format_axis(ax.yaxis, metric)
            ax.grid(alpha=0.3)
            _floor_at_zero(ax, "y", metric)
    for ax in axes[-1]:
        ax.set_xlabel(text(field) + (" (binned)" if binned else ""))
        if log:
            ax.set_xscale("log")
        if categories is not None:
            ax.set_xticks(range(len(categories)), [text(c) for c in categories])
        elif len(positions) <= SWEEP_BINS + 2 and not binned:
            ax.set_xticks(positions, [f"{p:g}" for p in positions])
            ax.minorticks_off()
    _strategy_legend(fig, results, colors)
    _title(
        fig,
        _sweep_headline(trends, metrics[0], field) if metrics else f"{field}: no metrics",
        f"headline metrics against {field}, mean and 95% CI over replications"
        + (" and the other swept inputs" if len(sweep_fields(results)) > 1 else "")
        + (f"; values grouped into {SWEEP_BINS} bins of equal count" if binned else ""),
    )
    return fig
