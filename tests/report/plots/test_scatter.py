"""Value against losses: the efficient frontier, the budgets on its axes, point labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.report import plots
from collectsim.report.plots.scatter import efficient_points
from report_fixtures import FixtureResults, inside, make_results_folder


def test_efficient_points_drop_dominated_strategies() -> None:
    pts = [("cheap", 1.0, 5.0), ("dominated", 2.0, 4.0), ("rich", 3.0, 9.0), ("same", 3.0, 1.0)]
    assert [p[0] for p in efficient_points(pts)] == ["cheap", "rich"]


def _budget_lines(fig: Figure, words: str = "budget") -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.get_lines() if words in line.get_label()]


def _legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.legends[0].texts]


def _with_budget(res: FixtureResults, metric: str, limit: float) -> FixtureResults:
    """A budget on ``metric`` as budget.csv has it: one row per strategy and scenario."""
    rows = res.summary[res.summary.metric == metric]
    res.budget = pd.DataFrame(
        {
            "strategy": rows.strategy,
            "scenario": rows.scenario,
            "budget": metric,
            "limit": limit,
            "value": rows["mean"],
            "within": rows["mean"] <= limit,
        }
    )
    return res


def test_the_frontier_draws_no_budget_its_axes_do_not_show(results, tmp_path: Path) -> None:
    """Value against losses: neither the complaint budget nor the cost budget is on them."""
    assert not _budget_lines(plots.frontier(results))
    assert not any("budget" in t for t in _legend_texts(plots.frontier(results)))
    with_cost = FixtureResults.load(make_results_folder(tmp_path / "cost", cost_ratio=0.2))
    assert not _budget_lines(plots.frontier(with_cost))


def test_a_loss_cap_is_a_line_at_the_limit_with_the_side_beyond_shaded(tmp_path: Path) -> None:
    results = FixtureResults.load(make_results_folder(tmp_path / "loss"))
    losses = results.summary[results.summary.metric == "loss_rate"]["mean"]
    limit = float(losses.median())
    fig = plots.frontier(_with_budget(results, "loss_rate", limit))
    lines = _budget_lines(fig, "loss_rate")
    assert len(lines) == len(results.scenarios)  # one per scenario panel
    for line in lines:
        np.testing.assert_allclose(line.get_xdata(), limit)  # vertical, at the cap
        low, high = line.axes.get_xlim()
        assert low < limit < high
    assert f"budget: loss_rate ≤ {limit * 100:.3g}%" in _legend_texts(fig)


def test_a_value_floor_is_a_horizontal_line(tmp_path: Path) -> None:
    results = FixtureResults.load(make_results_folder(tmp_path / "value"))
    fig = plots.frontier(_with_budget(results, "economic_value", 0.0))
    lines = _budget_lines(fig, "economic_value")
    assert len(lines) == len(results.scenarios)
    for line in lines:
        np.testing.assert_allclose(line.get_ydata(), 0.0)
    assert any(t.startswith("budget: economic_value ≥ 0") for t in _legend_texts(fig))


def test_the_cost_budget_is_drawn_on_cost_and_collected_only_when_set(tmp_path: Path) -> None:
    plain = FixtureResults.load(make_results_folder(tmp_path / "plain"))
    assert not _budget_lines(plots.frontier(plain, x_metric="cost", y_metric="collected"))
    with_budget = FixtureResults.load(make_results_folder(tmp_path / "cost", cost_ratio=0.2))
    fig = plots.frontier(with_budget, x_metric="cost", y_metric="collected")
    lines = _budget_lines(fig, "cost budget")
    assert len(lines) == len(with_budget.scenarios)  # one per scenario panel
    for line in lines:
        assert "cost ≤ 0.2 × collected" in line.get_label()
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        np.testing.assert_allclose(y, x / 0.2)  # collected = cost / limit
    assert any("cost budget" in t for t in _legend_texts(fig))
    # the budget is drawn on recovery against cost only, not on other axes
    assert not _budget_lines(plots.frontier(with_budget, x_metric="cost", y_metric="net_recovery"))


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
