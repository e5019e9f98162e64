"""Charts for what some results folders have beyond the standard tables: a sweep, the
sensitivity indices, and any other table (an optimiser's trials), each with its intervals.

>>> import pandas as pd
>>> numeric_columns(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
['a']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from collectsim.dashboard.echarts import base_option, title, unit_of, unit_word, value_axis
from collectsim.dashboard.results_charts import boxes, interval_item, rv
from collectsim.dashboard.results_data import sweep_positions
from collectsim.report.plots.common import mean_and_half_width
from collectsim.report.style import metric_label, strategy_colors


def sweep_chart(
    results: Any, field: str, metric: str, strategies: Sequence[str], scenario: str, currency: str
) -> dict[str, Any]:
    """A metric against a swept input in one scenario: mean and 95% interval per strategy
    at each value (or bin of values), other swept inputs pooled."""
    runs = results.runs[results.runs["scenario"].astype(str) == str(scenario)]
    runs = runs[runs["strategy"].astype(str).isin(strategies)]
    x = sweep_positions(runs[field])
    order = _order(runs[field], x)
    keys = [runs["strategy"].astype(str).rename("strategy"), x.rename("x")]
    stats = mean_and_half_width(pd.to_numeric(runs[metric], errors="coerce"), keys)
    colors = strategy_colors(list(results.strategies))
    series = []
    for strategy in strategies:
        if str(strategy) not in stats.index.get_level_values(0):
            continue
        g = stats.loc[str(strategy)].reindex(order)
        items = [
            interval_item(m, m - h, m + h) if pd.notna(m) else None
            for m, h in zip(g["mean"], g["half"], strict=True)
        ]
        series.append(boxes(str(strategy), items, colors.get(str(strategy), "#777")))
    return base_option(
        title=title(
            f"{metric_label(metric, currency)} against {field}",
            f"{scenario}; box: 95% interval over the runs at each value",
        ),
        tooltip={"trigger": "item", "confine": True},
        legend={"top": 0, "right": 40},
        grid={"left": 8, "right": 24, "top": 84, "bottom": 8, "containLabel": True},
        xAxis={"type": "category", "data": order, "name": field.split(".")[-1]},
        yAxis=value_axis(0, unit_word(unit_of(metric), currency)),
        series=series,
    )


def _order(values: pd.Series, positions: pd.Series) -> list[str]:
    """Positions from the lowest value to the highest (text values in first-seen order)."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.isna().any():
        return list(dict.fromkeys(positions))
    firsts = pd.DataFrame({"v": numeric, "p": positions}).groupby("p")["v"].min()
    return [str(p) for p in firsts.sort_values().index]


def sensitivity_chart(
    table: pd.DataFrame, metric: str, strategy: str, scenario: str
) -> dict[str, Any]:
    """Each swept input's indices for one metric, strategy and scenario, with their
    confidence half-widths as boxes (S1/ST for Sobol designs, SRC/spearman otherwise)."""
    rows = table[
        (table["metric"].astype(str) == metric)
        & (table["strategy"].astype(str) == str(strategy))
        & (table["scenario"].astype(str) == str(scenario))
    ]
    rows = rows[rows["input"].astype(str) != "*"]
    inputs = list(dict.fromkeys(rows["input"].astype(str)))
    series = []
    for k, (index, g) in enumerate(rows.groupby("index", sort=False)):
        by = g.set_index(g["input"].astype(str))
        items: list[list[float | None] | None] = []
        for name in inputs:
            if name not in by.index:
                items.append(None)
                continue
            value, conf = float(by.loc[name, "value"]), float(by.loc[name, "conf"])
            conf = 0.0 if pd.isna(conf) else conf
            items.append(interval_item(value, value - conf, value + conf))
        color = strategy_colors([str(i) for i in range(k + 1)])[str(k)]
        series.append(boxes(str(index), items, color))
    r2 = table[(table["input"].astype(str) == "*") & (table["metric"].astype(str) == metric)]
    note = f" · fit R² {float(r2['value'].iloc[0]):.2f}" if len(r2) else ""
    return base_option(
        title=title(
            f"Which inputs drive {metric.replace('_', ' ')}", f"{strategy} · {scenario}{note}"
        ),
        tooltip={"trigger": "item", "confine": True},
        legend={"top": 0, "right": 40},
        grid={"left": 8, "right": 24, "top": 84, "bottom": 8, "containLabel": True},
        xAxis={"type": "category", "data": inputs},
        yAxis=value_axis(0, "index"),
        series=series,
    )


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]


def table_scatter(frame: pd.DataFrame, x: str, y: str, colour: str | None) -> dict[str, Any]:
    """Any table's rows as points, one column against another, coloured by a third."""
    groups = frame.groupby(frame[colour].astype(str), sort=False) if colour else [("rows", frame)]
    names = [str(n) for n, _ in groups]
    palette = strategy_colors(names)
    series = [
        {
            "name": str(name),
            "type": "scatter",
            "symbolSize": 8,
            "color": palette[str(name)],
            "data": [[rv(a), rv(b)] for a, b in zip(g[x], g[y], strict=True)],
        }
        for name, g in groups
    ]
    return base_option(
        title=title(f"{y} against {x}", f"{len(frame)} rows"),
        tooltip={"trigger": "item", "confine": True},
        legend={"type": "scroll", "top": 0, "right": 40},
        grid={"left": 8, "right": 40, "top": 84, "bottom": 8, "containLabel": True},
        xAxis=value_axis(0, x),
        yAxis=value_axis(0, y),
        series=series,
    )
