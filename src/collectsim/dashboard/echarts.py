"""What every chart on the page shares: units, rounding, colours, axes, as ECharts options.

ECharts draws in the browser from a plain dict (JSON), so hover values and
legends cost the server nothing; the dicts are built here, in Python, from
the units :mod:`collectsim.metrics` declares, and tested without a browser.
Options carry no JavaScript (no formatter functions): values are rounded
to what a reader needs before they are sent.

>>> unit_word("currency", "CNY"), unit_word("fraction", "CNY")
('CNY', 'share 0–1')
>>> rounded([1.23456, float("nan")], "fraction")
[1.2346, None]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from collectsim.metrics import DAILY_SERIES, METRICS, Direction
from collectsim.report.style import BUCKET_COLORS, BUCKET_LABELS, strategy_colors

#: strategy A and B in every live chart, the difference in a neutral grey
SIDE_COLORS = dict(zip(("a", "b"), strategy_colors(["a", "b"]).values(), strict=True))
DIFF_COLOR = "#555555"
DIGITS = {"currency": 2, "count": 0, "fraction": 4, "index": 4}
BETTER = {Direction.MAXIMIZE: "higher is better", Direction.MINIMIZE: "lower is better"}


def unit_of(name: str) -> str:
    """The declared unit of a metric or daily series ('' if neither declares it)."""
    if name in DAILY_SERIES:
        return DAILY_SERIES[name].unit
    return METRICS[name].unit if name in METRICS else ""


def unit_word(unit: str, currency: str) -> str:
    """How an axis names a unit."""
    return {"currency": currency, "fraction": "share 0–1", "index": "index 0–1"}.get(unit, unit)


def better(name: str) -> str:
    """'higher is better', 'lower is better' or '' for a metric or series."""
    thing = DAILY_SERIES.get(name) or METRICS.get(name)
    return BETTER.get(thing.direction, "") if thing is not None else ""


def rounded(values: Iterable[float], unit: str) -> list[Any]:
    """Values rounded for their unit; NaN (no value that day) as None, a gap."""
    digits = DIGITS.get(unit, 4)
    arr = np.round(
        np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float),
        digits,
    )
    finite = np.isfinite(arr)
    out: list[Any] = arr.astype(np.int64).tolist() if digits == 0 and finite.all() else arr.tolist()
    if not finite.all():
        keep = finite.tolist()
        out = [
            (round(v) if digits == 0 else v) if ok else None
            for v, ok in zip(out, keep, strict=True)
        ]
    return out


def bucket_of(name: str) -> str | None:
    """'dpd_30_59' for 'accounts_dpd_30_59'; None for a series that is no bucket."""
    return name.removeprefix("accounts_") if name.startswith("accounts_") else None


def bucket_style(bucket: str) -> tuple[str, str]:
    """A bucket's label and colour (a bucket the engine adds later gets grey and its name)."""
    return BUCKET_LABELS.get(bucket, bucket.replace("_", " ")), BUCKET_COLORS.get(bucket, "#999999")


def title(text: str, subtext: str = "", **where: Any) -> dict[str, Any]:
    return {
        "text": text,
        "subtext": subtext,
        "left": where.pop("left", 0),
        "textStyle": {"fontSize": 13},
        "subtextStyle": {"fontSize": 11},
        **where,
    }


def value_axis(grid: int, name: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "type": "value",
        "gridIndex": grid,
        "name": name,
        "nameTextStyle": {"align": "left"},
        "scale": True,
        "splitLine": {"lineStyle": {"color": "#eeeeee"}},
        **extra,
    }


def day_axis(
    grid: int, days: Sequence[int] | np.ndarray, *, labels: bool = True, name: str = "day"
) -> dict[str, Any]:
    return {
        "type": "category",
        "gridIndex": grid,
        "data": [int(d) for d in days],
        "boundaryGap": False,
        "name": name if labels else "",
        "nameLocation": "end",
        "axisLabel": {"show": labels},
    }


def line(name: str, data: list[Any], color: str, grid: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": "line",
        "data": data,
        "xAxisIndex": grid,
        "yAxisIndex": grid,
        "showSymbol": False,
        "color": color,
        "lineStyle": {"width": 1.6},
        **extra,
    }


def base_option(**parts: Any) -> dict[str, Any]:
    """An option with the settings every chart shares: no animation (live redraws would
    replay it), the tooltip on hover, a toolbox to save the picture or zoom."""
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "confine": True},
        "toolbox": {"right": 8, "feature": {"saveAsImage": {"title": "save"}}},
        **parts,
    }
