"""The results page's charts carry the summary's means and intervals, as the report's do."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collectsim.dashboard.results_charts import daily_series, differences, metric_by_cell, tradeoff
from collectsim.dashboard.results_extra import sensitivity_chart, sweep_chart, table_scatter
from report_fixtures import FixtureResults, make_results_folder

STRATEGIES = ["gentle", "standard", "aggressive"]
SCENARIOS = ["baseline", "recession"]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> FixtureResults:
    return FixtureResults.load(make_results_folder(tmp_path_factory.mktemp("r") / "demo"))


def _summary(results: FixtureResults, strategy: str, scenario: str, metric: str) -> pd.Series:
    s = results.summary
    return s[(s.strategy == strategy) & (s.scenario == scenario) & (s.metric == metric)].iloc[0]


def test_boxes_span_the_interval_with_the_mean_inside(results: FixtureResults) -> None:
    option = metric_by_cell(results, "net_recovery", STRATEGIES, SCENARIOS, "CNY")
    series = {s["name"]: s for s in option["series"]}
    low, _, mean, high, _ = series["aggressive"]["data"][1]
    row = _summary(results, "aggressive", "recession", "net_recovery")
    assert mean == pytest.approx(row["mean"], rel=1e-5)
    assert (low, high) == (
        pytest.approx(row["ci_low"], rel=1e-5),
        pytest.approx(row["ci_high"], rel=1e-5),
    )
    assert option["xAxis"]["data"] == SCENARIOS
    assert series["aggressive"]["encode"]["tooltip"] == ["mean", "95% low", "95% high"]


def test_only_chosen_strategies_and_scenarios_are_drawn(results: FixtureResults) -> None:
    option = metric_by_cell(results, "cost", ["standard"], ["recession"], "CNY")
    assert [s["name"] for s in option["series"]] == ["standard"]
    assert option["xAxis"]["data"] == ["recession"]


def test_differences_are_challengers_against_the_champion(results: FixtureResults) -> None:
    option = differences(results, "complaints", STRATEGIES, SCENARIOS, "CNY")
    names = [s["name"] for s in option["series"]]
    assert results.champion not in names and set(names) == set(STRATEGIES) - {results.champion}
    c = results.comparison
    row = c[(c.challenger == names[0]) & (c.scenario == "baseline") & (c.metric == "complaints")]
    assert option["series"][0]["data"][0][2] == pytest.approx(
        row["mean_difference"].iloc[0], rel=1e-5
    )


def test_tradeoff_points_carry_both_intervals(results: FixtureResults) -> None:
    option = tradeoff(results, "cost", "collected", STRATEGIES, SCENARIOS, "CNY")
    points = [s for s in option["series"] if s["type"] == "scatter"]
    assert len(points) == 3 and all(len(s["data"]) == 2 for s in points)
    x, y, xlo, xhi, ylo, yhi = points[0]["data"][0]["value"]
    assert xlo <= x <= xhi and ylo <= y <= yhi


def test_daily_series_mean_and_interval_per_cell(results: FixtureResults) -> None:
    option = daily_series(results, "cost_to_date", ["gentle"], ["baseline"], "CNY")
    mean, low, high = option["series"]
    assert option["legend"]["data"] == ["gentle · baseline"]
    d = results.daily
    last = d[(d.strategy == "gentle") & (d.scenario == "baseline") & (d.day == d.day.max())]
    assert mean["data"][-1] == pytest.approx(last["cost_to_date"].mean(), rel=1e-5)
    assert all(
        lo <= m <= hi for lo, m, hi in zip(low["data"], mean["data"], high["data"], strict=True)
    )


def test_a_sweep_is_drawn_against_its_values(results: FixtureResults) -> None:
    runs = results.runs.copy()
    runs["strategy.capacity.collectors"] = np.where(runs.replication % 2 == 0, 10, 40)
    swept = FixtureResults(**{**results.__dict__, "runs": runs})
    option = sweep_chart(
        swept, "strategy.capacity.collectors", "cost", STRATEGIES, "baseline", "CNY"
    )
    assert option["xAxis"]["data"] == ["10", "40"] and len(option["series"]) == 3


def test_sensitivity_indices_with_their_confidence() -> None:
    table = pd.DataFrame(
        {
            "strategy": ["s"] * 3,
            "scenario": ["b"] * 3,
            "metric": ["cost"] * 3,
            "input": ["x", "x", "*"],
            "index": ["SRC", "spearman", "R2"],
            "value": [0.5, 0.4, 0.9],
            "conf": [0.1, np.nan, np.nan],
        }
    )
    option = sensitivity_chart(table, "cost", "s", "b")
    src = next(s for s in option["series"] if s["name"] == "SRC")
    assert src["data"][0] == [0.4, 0.4, 0.5, 0.6, 0.6] and "0.90" in option["title"]["subtext"]


def test_any_table_as_points() -> None:
    frame = pd.DataFrame({"trial": [0, 1, 2], "value": [3.0, 1.0, 2.0]})
    option = table_scatter(frame, "trial", "value", None)
    assert option["series"][0]["data"] == [[0, 3.0], [1, 1.0], [2, 2.0]]


def test_fixture_folder_is_a_real_results_folder(tmp_path: Path) -> None:
    from collectsim.dashboard.results_data import open_results

    folder = make_results_folder(tmp_path / "demo")
    assert open_results(str(folder)).strategies == STRATEGIES
