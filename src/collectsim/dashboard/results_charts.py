"""The report's charts as ECharts options: hover a point for its mean and 95% interval.

An interval is drawn as a box from its low to its high end with a line at
the mean (ECharts' box plot, fed ``[low, low, mean, high, high]``), so the
box and its tooltip show exactly the interval the report's error bars show,
for each strategy side by side within each scenario.

>>> interval_item(1.0, 0.5, 2.0)
[0.5, 0.5, 1.0, 2.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from collectsim.dashboard.echarts import base_option, title, unit_of, unit_word, value_axis
from collectsim.report.plots.common import cell_stats, mean_and_half_width
from collectsim.report.style import metric_label, strategy_colors

#: a box's values as its tooltip names them (ECharts puts the category first); only the mean
#: and the interval's ends are listed
BOX_DIMENSIONS = ["category", "95% low", "box low", "mean", "box high", "95% high"]
BOX_TOOLTIP = {"tooltip": ["mean", "95% low", "95% high"]}
MARK_ZERO = {
    "silent": True,
    "symbol": "none",
    "data": [{"xAxis": 0}],
    "lineStyle": {"color": "#888"},
}


def rv(value: Any) -> float | None:
    """A value for the browser: rounded to 6 significant digits; NaN as a gap."""
    f = float(value)
    return None if not np.isfinite(f) else float(f"{f:.6g}")


def interval_item(mean: float, low: float, high: float) -> list[float | None]:
    low = mean if not np.isfinite(low) else low
    high = mean if not np.isfinite(high) else high
    return [rv(low), rv(low), rv(mean), rv(high), rv(high)]


def boxes(name: str, items: list[Any], color: str, horizontal: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "type": "boxplot",
        "data": items,
        "itemStyle": {"color": color + "55", "borderColor": color},
        "dimensions": BOX_DIMENSIONS,
        "encode": BOX_TOOLTIP,
        "boxWidth": [6, 28],
        **({"markLine": MARK_ZERO} if horizontal else {}),
    }


def metric_by_cell(
    results: Any, metric: str, strategies: Sequence[str], scenarios: Sequence[str], currency: str
) -> dict[str, Any]:
    """A metric's mean and 95% interval per strategy (boxes side by side) and scenario."""
    cells = cell_stats(results, metric)
    colors = strategy_colors(list(results.strategies))
    series = []
    for strategy in strategies:
        items = []
        for scenario in scenarios:
            key = (str(strategy), str(scenario))
            row = cells.loc[key] if key in cells.index else None
            items.append(
                None if row is None else interval_item(*row[["mean", "ci_low", "ci_high"]])
            )
        series.append(boxes(str(strategy), items, colors.get(str(strategy), "#777777")))
    return base_option(
        title=title(metric_label(metric, currency), "mean over replications, box: 95% interval"),
        tooltip={"trigger": "item", "confine": True},
        legend={"top": 0, "right": 40},
        grid={"left": 8, "right": 24, "top": 84, "bottom": 8, "containLabel": True},
        xAxis={"type": "category", "data": [str(s) for s in scenarios]},
        yAxis=value_axis(0, unit_word(unit_of(metric), currency)),
        series=series,
    )


def differences(
    results: Any, metric: str, strategies: Sequence[str], scenarios: Sequence[str], currency: str
) -> dict[str, Any]:
    """Paired differences against the champion (challenger − champion) with 95% intervals."""
    comp = results.comparison
    rows = comp[(comp["metric"] == metric) & comp["scenario"].astype(str).isin(scenarios)]
    rows = rows[rows["challenger"].astype(str).isin(strategies)]
    colors = strategy_colors(list(results.strategies))
    labels = [str(s) for s in scenarios]
    series = []
    for challenger, g in rows.groupby("challenger", sort=False):
        by = g.set_index(g["scenario"].astype(str))
        items = [
            interval_item(*by.loc[s, ["mean_difference", "ci_low", "ci_high"]])
            if s in by.index
            else None
            for s in labels
        ]
        series.append(boxes(str(challenger), items, colors.get(str(challenger), "#777"), True))
    return base_option(
        title=title(
            f"{metric_label(metric, currency)}: challenger − {results.champion}",
            "paired over replications (same borrowers); box: 95% interval",
        ),
        tooltip={"trigger": "item", "confine": True},
        legend={"top": 0, "right": 40},
        grid={"left": 8, "right": 24, "top": 84, "bottom": 8, "containLabel": True},
        yAxis={"type": "category", "data": labels, "inverse": True},
        xAxis=value_axis(0, unit_word(unit_of(metric), currency)),
        series=series,
    )


def _point_series(
    name: str, rows: pd.DataFrame, color: str, axes: tuple[str, str]
) -> list[dict[str, Any]]:
    """A strategy's points (one per scenario) and their intervals in both directions; the
    tooltip names each value by its metric."""
    data = [
        {"name": str(sc), "value": [rv(v) for v in r[["x", "y", "xlo", "xhi", "ylo", "yhi"]]]}
        for sc, r in rows.iterrows()
    ]
    whiskers: list[list[float | str | None]] = []
    for d in data:
        x, y, xlo, xhi, ylo, yhi = d["value"]
        whiskers += [[xlo, y], [xhi, y], ["-", "-"], [x, ylo], [x, yhi], ["-", "-"]]
    x_name, y_name = axes if axes[0] != axes[1] else (axes[0], f"{axes[1]} (y)")
    dims = [
        x_name,
        y_name,
        *(f"{n} 95% {end}" for n in (x_name, y_name) for end in ("low", "high")),
    ]
    return [
        {
            "name": name,
            "type": "scatter",
            "data": data,
            "color": color,
            "symbolSize": 11,
            "dimensions": dims,
            "encode": {"x": 0, "y": 1, "tooltip": [0, 2, 3, 1, 4, 5]},
        },
        {
            "name": name,
            "type": "line",
            "data": whiskers,
            "color": color,
            "silent": True,
            "showSymbol": False,
            "lineStyle": {"width": 1},
            "tooltip": {"show": False},
        },
    ]


def tradeoff(
    results: Any, x: str, y: str, strategies: Sequence[str], scenarios: Sequence[str], currency: str
) -> dict[str, Any]:
    """One metric against another, a point per strategy and scenario, 95% intervals both ways."""
    xs, ys = cell_stats(results, x), cell_stats(results, y)
    xs.columns, ys.columns = ["x", "xlo", "xhi"], ["y", "ylo", "yhi"]
    both = xs.join(ys, how="inner")
    colors = strategy_colors(list(results.strategies))
    series: list[dict[str, Any]] = []
    for strategy in strategies:
        if str(strategy) not in both.index.get_level_values(0):
            continue
        rows = both.loc[str(strategy)]
        rows = rows[rows.index.isin([str(s) for s in scenarios])]
        series += _point_series(str(strategy), rows, colors.get(str(strategy), "#777"), (x, y))
    return base_option(
        title=title(
            f"{metric_label(y, currency)} against {metric_label(x, currency)}",
            "a point per strategy and scenario; lines: 95% intervals",
        ),
        tooltip={"trigger": "item", "confine": True},
        legend={"top": 0, "right": 40, "data": [str(s) for s in strategies]},
        grid={"left": 8, "right": 40, "top": 84, "bottom": 8, "containLabel": True},
        xAxis=value_axis(0, metric_label(x, currency)),
        yAxis=value_axis(0, metric_label(y, currency)),
        series=series,
    )


def daily_series(
    results: Any, name: str, strategies: Sequence[str], scenarios: Sequence[str], currency: str
) -> dict[str, Any]:
    """A daily series' mean over replications per strategy and scenario, with its interval
    as thin dashed lines (hover a day for the mean and both ends)."""
    daily = results.daily
    daily = daily[
        daily["strategy"].astype(str).isin(strategies)
        & daily["scenario"].astype(str).isin(scenarios)
    ]
    keys = [daily["strategy"].astype(str), daily["scenario"].astype(str), daily["day"]]
    stats = mean_and_half_width(pd.to_numeric(daily[name], errors="coerce"), keys)
    days = sorted(int(d) for d in daily["day"].unique())
    cells = list(dict.fromkeys(f"{st} · {sc}" for st, sc in stats.index.droplevel(2)))
    colors = strategy_colors(cells)
    series = []
    for (strategy, scenario), g in stats.groupby(level=[0, 1], sort=False):
        g = g.droplevel([0, 1]).reindex(days)
        label = f"{strategy} · {scenario}"
        dash = {"type": "dashed", "width": 0.8}
        for part, values, style in (
            ("", g["mean"], {"width": 1.8}),
            (" (95% low)", g["mean"] - g["half"], dash),
            (" (95% high)", g["mean"] + g["half"], dash),
        ):
            series.append(
                {
                    "name": label + part,
                    "type": "line",
                    "showSymbol": False,
                    "color": colors[label],
                    "lineStyle": style,
                    "data": [rv(v) for v in values],
                }
            )
    return base_option(
        title=title(name.replace("_", " "), unit_word(unit_of(name), currency)),
        legend={"type": "scroll", "bottom": 0, "data": cells},
        grid={"left": 8, "right": 24, "top": 56, "bottom": 36, "containLabel": True},
        xAxis={"type": "category", "data": days, "name": "day", "boundaryGap": False},
        yAxis=value_axis(0),
        series=series,
    )
