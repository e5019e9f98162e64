"""Headline metrics against a swept input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectsim.report import plots
from collectsim.report.plots.sweep import SWEEP_BINS, _sweep_x, _trend


def test_few_numbers_are_their_own_positions_and_many_are_binned() -> None:
    few = _sweep_x(pd.Series([10, 20, 40, 10]))
    assert not few.binned and few.categories is None
    assert list(few.positions) == [10.0, 20.0, 40.0] and few.log is False
    many = _sweep_x(pd.Series(np.linspace(1.0, 2.0, 64)))
    assert many.binned and len(many.positions) == SWEEP_BINS


def test_text_values_become_categories_in_their_order() -> None:
    axis = _sweep_x(pd.Series(["strict", "lenient", "strict"]))
    assert axis.categories == ["strict", "lenient"] and list(axis.x) == [0.0, 1.0, 0.0]


def test_a_wide_positive_range_is_drawn_on_a_log_axis() -> None:
    assert _sweep_x(pd.Series([1, 10, 100])).log


def test_a_trend_counts_only_beyond_the_intervals() -> None:
    rising = pd.DataFrame({"mean": [1.0, 5.0], "half": [1.0, 1.0]})
    within = pd.DataFrame({"mean": [1.0, 2.0], "half": [1.0, 1.0]})
    assert _trend(rising) == "rises" and _trend(within) == "flat"


def test_a_view_of_one_point_cannot_draw_a_sweep(results) -> None:
    swept = results.runs.assign(point=0, **{"strategy.capacity.collectors": 10})
    view = plots.at_point(
        type("R", (), {**{k: getattr(results, k) for k in ("folder", "manifest", "daily",
              "comparison", "budget", "strategies", "scenarios", "champion")},
              "runs": swept, "summary": results.summary.assign(point=0)})(),
    )  # fmt: skip
    with pytest.raises(ValueError, match="needs every sweep point"):
        plots.sweep(view, "strategy.capacity.collectors")


def _swept_runs(results, outlier: float) -> object:
    """Runs of a two-value grid sweep; one strategy's complaints in one scenario far above."""
    field = "strategy.capacity.collectors"
    runs = pd.concat([results.runs.assign(point=p, **{field: v}) for p, v in ((0, 10), (1, 20))])
    loud = (runs["strategy"] == "aggressive") & (runs["scenario"] == "recession")
    runs.loc[loud, "complaints_per_10k"] *= outlier
    noisy = (runs["scenario"] == "baseline") & (runs["replication"] == 0)
    runs.loc[noisy, "complaints_per_10k"] = 0.0  # intervals below zero: the axis is floored
    manifest = {**results.manifest, "sweep": {"fields": [field], "points": 2}}
    attrs = ("folder", "daily", "summary", "comparison", "budget", "strategies", "scenarios",
             "champion")  # fmt: skip
    return type("R", (), {**{k: getattr(results, k) for k in attrs}, "runs": runs,
                          "manifest": manifest})()  # fmt: skip


def _outside(ax) -> int:
    """Means drawn outside the axes' view."""
    (y0, y1) = sorted(ax.get_ylim())
    ys = [np.asarray(line.get_ydata(), float) for line in ax.get_lines() if line.get_marker()]
    return sum(int(((y < y0) | (y > y1)).sum()) for y in ys)


def test_no_strategy_is_cut_off_by_an_axis_shared_with_other_scenarios(results) -> None:
    fig = plots.sweep(_swept_runs(results, outlier=50.0), "strategy.capacity.collectors")
    assert [_outside(ax) for ax in fig.axes if ax.get_lines()] == [0] * 6
    assert "outside the axes" not in fig._suptitle.get_text()


def test_points_outside_the_view_are_counted() -> None:
    from collectsim.report.style import new_figure

    ax = new_figure(3, 2).subplots()
    ax.plot([0, 1, 2], [0, 1, 100], "o-")
    ax.set_ylim(0, 10)
    assert plots.common.points_outside(ax) == 1
