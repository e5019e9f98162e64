"""Forest plot of paired differences, challenger minus champion, with 95% CIs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from collectsim.metrics import HEADLINE
from collectsim.report.plots.common import (
    at_point,
    figure_title,
    grid_shape,
    panels,
    scenario_names,
    strategy_names,
)
from collectsim.report.style import (
    currency_of,
    direction,
    fit_legend,
    format_axis,
    join_names,
    metric_label,
    new_figure,
    scenario_markers,
    strategy_colors,
    text,
    wrap_to_width,
)


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
    results: Any, metrics: Sequence[str] = HEADLINE, *, point: int | None = None
) -> Figure:
    """Forest plot: challenger minus champion per metric and scenario, paired, with 95% CIs."""
    results = at_point(results, point)
    champion = str(results.champion)
    strategies, scenarios = strategy_names(results), scenario_names(results)
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
    nrows, ncols = grid_shape(len(metrics), 4)
    fig = new_figure(3.0 * ncols + 1.8, (0.3 * len(pairs) + 1.3) * nrows + 1.5)
    axes = panels(fig, len(metrics), 4, sharey=True)
    for ax, metric in zip(axes, metrics, strict=True):
        _forest_panel(ax, comp[comp["metric"] == metric], pairs, colors, markers)
        hint = direction(metric)
        label = metric_label(metric, currency, difference=True)
        ax.set_title(label + (f"\n{hint}" if hint else ""), fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        format_axis(ax.xaxis, metric, difference=True)
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
    figure_title(
        fig,
        _verdict(comp, champion, HEADLINE[0]),
        f"paired difference challenger − {champion} (same borrowers and shocks), "
        "mean and 95% CI; filled where the CI excludes zero",
    )
    return fig
