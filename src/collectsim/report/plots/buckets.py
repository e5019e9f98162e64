"""Accounts by state over time: one strategy in one scenario, or a grid of them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from collectsim.metrics import BUCKETS
from collectsim.report.plots.common import (
    at_point,
    by_scenario,
    figure_title,
    scenario_names,
    strategy_names,
)
from collectsim.report.style import (
    BUCKET_COLORS,
    BUCKET_LABELS,
    fit_legend,
    new_figure,
    text,
    wrap_to_width,
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
    figure_title(
        fig,
        f"{strategy} in {scenario}: {pd1:.1%} of accounts behind or worse at day "
        f"{frame.index.max()} ({pd0:.1%} at day {frame.index.min()})",
        "accounts by state, mean over replications" + _zoom_note(top),
    )
    return fig


def bucket_grid(results: Any, *, point: int | None = None) -> Figure:
    """Accounts by state over time, a panel per strategy (rows) and scenario (columns)."""
    results = at_point(results, point)
    strategies, scenarios = strategy_names(results), scenario_names(results)
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
    best = {sc: min(v, key=v.__getitem__) for sc, v in end.items()}
    figure_title(
        fig,
        f"Fewest accounts behind or worse at the horizon: {by_scenario(best)}",
        "share of accounts by state over time, mean over replications; the worst states "
        "are stacked at the bottom" + _zoom_note(top),
    )
    return fig
