"""The live view's charts: every daily series of both strategies and their difference.

Which charts there are comes from :data:`collectsim.metrics.DAILY_SERIES`
at the moment the page draws, never from a list here: the account buckets
(``accounts_<bucket>`` for each of :data:`~collectsim.metrics.BUCKETS`) make
one chart of stacked states, and every other series a chart of its own, so a
series the engine adds appears without a change to the page.

>>> charts = live_charts()
>>> charts[0].key, [c.key for c in charts[1:]] == [
...     name for name in DAILY_SERIES if not name.startswith("accounts_")
... ]
('buckets', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from collectsim.dashboard.echarts import (
    DIFF_COLOR,
    SIDE_COLORS,
    base_option,
    better,
    bucket_of,
    bucket_style,
    day_axis,
    line,
    rounded,
    title,
    unit_word,
    value_axis,
)
from collectsim.dashboard.live import Snapshot
from collectsim.metrics import BUCKETS, DAILY_SERIES


@dataclass(frozen=True)
class LiveChart:
    """One chart of the live view: a title and the daily series it draws."""

    key: str
    title: str
    series: tuple[str, ...]


def live_charts() -> list[LiveChart]:
    """The charts, in the order the engine declares its series."""
    buckets = tuple(f"accounts_{b}" for b in BUCKETS if f"accounts_{b}" in DAILY_SERIES)
    charts = [LiveChart("buckets", "Accounts by state", buckets)] if buckets else []
    charts += [
        LiveChart(name, s.label[:1].upper() + s.label[1:], (name,))
        for name, s in DAILY_SERIES.items()
        if name not in buckets
    ]
    return charts


@dataclass(frozen=True)
class Names:
    """How the page names the two strategies and the money."""

    a: str
    b: str
    currency: str = "CNY"

    @property
    def difference(self) -> str:
        return f"{self.b} − {self.a}"


def _values(snap: Snapshot, side: str, name: str) -> np.ndarray:
    return snap.series[side].get(name, np.full(len(snap.days), np.nan))


def series_option(snap: Snapshot, chart: LiveChart, names: Names) -> dict[str, Any]:
    """One series: both strategies above, their difference (B − A) below, on shared days."""
    (name,) = chart.series
    unit = DAILY_SERIES[name].unit
    a, b = _values(snap, "a", name), _values(snap, "b", name)
    hint = better(name)
    return base_option(
        title=[
            title(chart.title, f"{unit_word(unit, names.currency)}{' · ' + hint if hint else ''}"),
            title(f"difference, {names.difference}", top="60%", textStyle={"fontSize": 11}),
        ],
        legend={"top": 0, "right": 40, "data": [names.a, names.b]},
        axisPointer={"link": [{"xAxisIndex": "all"}]},
        grid=[
            {"left": 8, "right": 24, "top": 56, "height": "34%", "containLabel": True},
            {"left": 8, "right": 24, "top": "70%", "bottom": 8, "containLabel": True},
        ],
        xAxis=[day_axis(0, snap.days, labels=False), day_axis(1, snap.days, name="")],
        yAxis=[value_axis(0), value_axis(1)],
        series=[
            line(names.a, rounded(a, unit), SIDE_COLORS["a"], 0),
            line(names.b, rounded(b, unit), SIDE_COLORS["b"], 0),
            line(
                names.difference, rounded(b - a, unit), DIFF_COLOR, 1, areaStyle={"opacity": 0.15}
            ),
        ],
    )


def buckets_option(snap: Snapshot, chart: LiveChart, names: Names) -> dict[str, Any]:
    """Accounts by state: A and B stacked, and each state's difference (B − A)."""
    panels = ((names.a, 2, 34), (names.b, 36, 68), (names.difference, 72, 98))
    series: list[dict[str, Any]] = []
    for name in chart.series:
        label, color = bucket_style(str(bucket_of(name)))
        a, b = _values(snap, "a", name), _values(snap, "b", name)
        for grid, values in enumerate((a, b)):
            series.append(
                line(
                    label,
                    rounded(values, "count"),
                    color,
                    grid,
                    stack=f"s{grid}",
                    areaStyle={"opacity": 0.85},
                    lineStyle={"width": 0},
                )
            )
        series.append(line(label, rounded(b - a, "count"), color, 2))
    labels = [bucket_style(str(bucket_of(n)))[0] for n in chart.series]
    return base_option(
        title=[
            title(chart.title, f"accounts by day · '{labels[0]}' hidden: click a state to show it")
        ]
        + [
            title(text, left=f"{lo}%", top=34, textStyle={"fontSize": 11}) for text, lo, _ in panels
        ],
        legend={"bottom": 0, "data": labels, "selected": {labels[0]: False}},
        grid=[
            {
                "left": f"{lo}%",
                "right": f"{100 - hi}%",
                "top": 62,
                "bottom": 56,
                "containLabel": True,
            }
            for _, lo, hi in panels
        ],
        xAxis=[day_axis(i, snap.days, name="") for i in range(3)],
        yAxis=[value_axis(i, scale=i == 2) for i in range(3)],
        series=series,
    )


def chart_option(snap: Snapshot, chart: LiveChart, names: Names) -> dict[str, Any]:
    if chart.key == "buckets":
        return buckets_option(snap, chart, names)
    return series_option(snap, chart, names)
