"""Headline metrics against a swept input, per strategy and scenario, from ``runs.csv``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from collectsim.analysis.stats import metric_bounds
from collectsim.report.plots.common import (
    PointView,
    figure_title,
    floor_at_zero,
    mean_and_half_width,
    points_outside,
    scenario_names,
    strategy_legend,
    strategy_names,
)
from collectsim.report.style import (
    currency_of,
    format_axis,
    join_names,
    metric_label,
    new_figure,
    strategy_colors,
    text,
    wrap_to_width,
)

#: what the report plots against each swept input
SWEEP_METRICS: tuple[str, ...] = ("economic_value", "loss_rate", "complaints_per_10k")


#: a swept input with more distinct values than this (a sampled sweep) is shown in bins
SWEEP_BINS = 8


def sweep_fields(results: Any) -> list[str]:
    """The swept inputs recorded in the manifest that have a column in ``runs.csv``."""
    sweep = results.manifest.get("sweep") or {}
    fields = sweep.get("fields") if isinstance(sweep, dict) else None
    return [str(f) for f in fields or [] if str(f) in results.runs.columns]


@dataclass(frozen=True)
class _XAxis:
    """Where each run sits on the x axis of a swept input, and how the axis is drawn."""

    x: pd.Series
    """position of each run: the value itself, its bin's mean, or its category's index"""
    categories: list[str] | None
    binned: bool
    positions: np.ndarray
    log: bool

    @property
    def span(self) -> float:
        p = self.positions
        return float(np.log(p.max() / p.min()) if self.log else np.ptp(p))

    def dodge(self, values: np.ndarray, k: int, n: int) -> np.ndarray:
        """Strategy ``k`` of ``n`` shifted sideways a little, so error bars do not overlap."""
        shift = (k - (n - 1) / 2) * 0.02 * (self.span or 1.0)
        return values * np.exp(shift) if self.log else values + shift


def _sweep_x(values: pd.Series) -> _XAxis:
    """Positions on the x axis: the values themselves when numeric (binned by quantile
    when there are many), else the categories' positions."""
    numeric = pd.to_numeric(values, errors="coerce")
    categories, binned = None, False
    if not numeric.notna().all():
        categories = list(dict.fromkeys(values.astype(str)))
        x = values.astype(str).map(categories.index).astype(float)
    elif numeric.nunique() <= SWEEP_BINS + 2:
        x = numeric.astype(float)
    else:
        bins = pd.qcut(numeric, SWEEP_BINS, duplicates="drop")
        x, binned = numeric.groupby(bins, observed=True).transform("mean").astype(float), True
    positions = np.sort(x.dropna().unique())
    log = categories is None and positions.min() > 0 and positions.max() / positions.min() >= 10
    return _XAxis(x, categories, binned, positions, bool(log))


def _sweep_stats(runs: pd.DataFrame, x: pd.Series, metric: str) -> pd.DataFrame:
    """Mean and 95% CI half-width of ``metric`` by (strategy, scenario, x) over runs."""
    keys = [runs["strategy"].astype(str).rename("strategy"),
            runs["scenario"].astype(str).rename("scenario"), x.rename("x")]  # fmt: skip
    return mean_and_half_width(pd.to_numeric(runs[metric], errors="coerce"), keys)


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
    for word, strategies in by_word.items():
        verb = "differs by scenario" if word == "mixed" else words[word]
        parts.append(f"{verb} for {join_names(strategies)}")
    return f"Across {field}, {name} " + "; ".join(parts)


def _draw_cell(
    ax: Axes,
    st: pd.DataFrame,
    scenario: str,
    colors: dict[str, str],
    axis: _XAxis,
    bounds: tuple[float, float] = (-np.inf, np.inf),
) -> dict[str, str]:
    """Each strategy's mean and CI (within the metric's ``bounds``, as in summary.csv)
    against the swept input in one panel; its trend."""
    trends = {}
    present = set(st.index.droplevel("x"))
    for k, (strategy, color) in enumerate(colors.items()):
        if (strategy, scenario) not in present:
            continue
        s = st.loc[(strategy, scenario)]
        xs = axis.dodge(s.index.to_numpy(), k, len(colors))
        mean, half = s["mean"].to_numpy(float), s["half"].to_numpy(float)
        low = mean - np.clip(mean - half, *bounds)
        high = np.clip(mean + half, *bounds) - mean
        ax.errorbar(
            xs, mean, yerr=[low, high], fmt="o-",
            color=color, ms=4, lw=1.3, elinewidth=1, capsize=2,
        )  # fmt: skip
        trends[strategy] = _trend(s)
    return trends


def _label_x(axes: np.ndarray, field: str, axis: _XAxis) -> None:
    """The bottom row's x axes: the field's name, a log scale for wide ranges, ticks."""
    for ax in axes[-1]:
        ax.set_xlabel(text(field) + (" (binned)" if axis.binned else ""))
        if axis.log:
            ax.set_xscale("log")
        if axis.categories is not None:
            ax.set_xticks(range(len(axis.categories)), [text(c) for c in axis.categories])
        elif len(axis.positions) <= SWEEP_BINS + 2 and not axis.binned:
            ax.set_xticks(axis.positions, [f"{p:g}" for p in axis.positions])
            ax.minorticks_off()


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
    scenarios = scenario_names(results)
    colors = strategy_colors(strategy_names(results))
    currency = currency_of(results)
    metrics = [m for m in metrics if m in runs.columns]
    axis = _sweep_x(runs[field])
    fig = new_figure(3.4 * len(scenarios) + 1.0, 2.2 * len(metrics) + 1.5)
    axes = np.asarray(
        fig.subplots(len(metrics), len(scenarios), squeeze=False, sharex=True, sharey="row")
    )
    trends: dict[str, set[str]] = {}
    for i, metric in enumerate(metrics):
        st = _sweep_stats(runs, axis.x, metric)
        for j, scenario in enumerate(scenarios):
            ax = axes[i, j]
            drawn = _draw_cell(ax, st, scenario, colors, axis, metric_bounds(metric))
            for strategy, trend in drawn.items():
                if i == 0:
                    trends.setdefault(strategy, set()).add(trend)
            if i == 0:
                ax.set_title(text(scenario), fontsize=10, loc="left")
            if j == 0:
                ax.set_ylabel(wrap_to_width(fig, metric_label(metric, currency), 10, 150))
            format_axis(ax.yaxis, metric)
            ax.grid(alpha=0.3)
        # only once the whole row is drawn: a limit set earlier would cut later panels
        floor_at_zero(axes[i, 0], "y", metric)
    _label_x(axes, field, axis)
    strategy_legend(fig, results, colors)
    hidden = sum(points_outside(ax) for ax in axes.flat)
    figure_title(
        fig,
        _sweep_headline(trends, metrics[0], field) if metrics else f"{field}: no metrics",
        (f"{hidden} mean(s) lie outside the axes and are not shown; " if hidden else "")
        + f"headline metrics against {field}, mean and 95% CI over replications"
        + (" and the other swept inputs" if len(sweep_fields(results)) > 1 else "")
        + (f"; values grouped into {SWEEP_BINS} bins of equal count" if axis.binned else ""),
    )
    return fig
