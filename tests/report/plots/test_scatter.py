"""Recovery against cost: the efficient frontier, the cost budget, point labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.report import plots
from collectsim.report.plots.scatter import efficient_points
from report_fixtures import FixtureResults, inside, make_results_folder


def test_efficient_points_drop_dominated_strategies() -> None:
    pts = [("cheap", 1.0, 5.0), ("dominated", 2.0, 4.0), ("rich", 3.0, 9.0), ("same", 3.0, 1.0)]
    assert [p[0] for p in efficient_points(pts)] == ["cheap", "rich"]


def _cost_budget_lines(fig: Figure) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.get_lines() if "cost budget" in line.get_label()]


def test_frontier_draws_the_cost_budget_only_when_set(results, tmp_path: Path) -> None:
    assert not _cost_budget_lines(plots.frontier(results))
    assert not any("cost budget" in t.get_text() for t in plots.frontier(results).legends[0].texts)
    folder = make_results_folder(tmp_path / "cost", cost_ratio=0.2)
    with_budget = FixtureResults.load(folder)
    fig = plots.frontier(with_budget)
    lines = _cost_budget_lines(fig)
    assert len(lines) == len(with_budget.scenarios)  # one per scenario panel
    for line in lines:
        assert "cost ≤ 0.2 × collected" in line.get_label()
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        np.testing.assert_allclose(y, x / 0.2)  # collected = cost / limit
    assert any("cost budget" in t.get_text() for t in fig.legends[0].texts)
    # the budget is drawn on recovery against cost only, not on other axes
    assert not _cost_budget_lines(plots.frontier(with_budget, y_metric="net_recovery"))


def _close_pair(tmp_path: Path) -> FixtureResults:
    """Two strategies a little apart on both axes, a third far off: names used to collide."""
    folder = make_results_folder(tmp_path / "close", strategies=("gentle", "standard", "loud"))
    res = FixtureResults.load(folder)
    s = res.summary
    for metric, values in {"cost": (1.0e6, 2.0e6, 24e6), "collected": (38e6, 44e6, 93e6)}.items():
        for strategy, value in zip(res.strategies, values, strict=True):
            row = (s.metric == metric) & (s.strategy == strategy)
            s.loc[row, ["mean", "ci_low", "ci_high"]] = [value, value * 0.97, value * 1.03]
    return res


def _coincident(tmp_path: Path) -> FixtureResults:
    """Three strategies on one point (variants that change nothing), one apart."""
    names = ("standard", "capped", "no_visits_variant", "loud")
    res = FixtureResults.load(make_results_folder(tmp_path / "same", strategies=names))
    s = res.summary
    for strategy in names[:3]:
        for metric in s.metric.unique():
            row = (s.metric == metric) & (s.strategy == strategy)
            same = (s.metric == metric) & (s.strategy == "standard")
            s.loc[row, ["mean", "ci_low", "ci_high"]] = s.loc[
                same, ["mean", "ci_low", "ci_high"]
            ].to_numpy()
    return res


@pytest.mark.parametrize("build", [plots.frontier, plots.tradeoff])
def test_point_labels_neither_collide_nor_leave_their_panel(tmp_path: Path, build) -> None:
    cases = (_close_pair(tmp_path), _coincident(tmp_path))
    for res in (*cases, FixtureResults.load(make_results_folder(tmp_path / "d"))):
        fig = build(res)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts]
            assert len(boxes) == len(res.strategies)
            for i, box in enumerate(boxes):
                assert inside(box, ax.bbox), (ax.get_title(loc="left"), ax.texts[i].get_text())
                for other in boxes[i + 1 :]:
                    assert not box.overlaps(other), [t.get_text() for t in ax.texts]
