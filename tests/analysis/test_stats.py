"""Summaries, paired comparisons and budgets, checked against scipy on small tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from collectsim.analysis.stats import budget, compare, summarize


def runs_table(values: dict[str, list[float]], scenarios=("x",), metric="collected"):
    """One row per strategy x scenario x replication with the given metric values."""
    rows = []
    for strategy, series in values.items():
        for scenario in scenarios:
            for replication, value in enumerate(series):
                rows.append(
                    {
                        "strategy": strategy,
                        "scenario": scenario,
                        "replication": replication,
                        metric: value,
                    }
                )
    return pd.DataFrame(rows)


def test_summary_matches_a_t_interval():
    data = [3.0, 5.0, 4.0, 10.0]
    out = summarize(runs_table({"a": data}), ["a"], ["x"], ["collected"]).iloc[0]
    low, high = sps.t.interval(0.95, len(data) - 1, loc=np.mean(data), scale=sps.sem(data))
    assert out["mean"] == pytest.approx(np.mean(data))
    assert out["sd"] == pytest.approx(np.std(data, ddof=1))
    assert (out["ci_low"], out["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert out["n"] == 4


@pytest.mark.parametrize(
    ("metric", "values", "low", "high"),
    [
        ("complaints", [0.0, 0.0, 3.0], 0.0, None),  # a count is never negative
        ("complaints_per_10k", [0.0, 1.0, 9.0], 0.0, None),
        ("recovery_rate", [0.9, 0.99, 0.99], None, 1.0),  # a share never above 1
        ("cost", [0.0, 0.0, 30.0], 0.0, None),  # money the lender pays is never negative
        ("net_recovery", [-5.0, 0.0, 30.0], None, None),  # money may be negative: left alone
    ],
)
def test_an_interval_keeps_within_the_metrics_range(metric, values, low, high):
    out = summarize(runs_table({"a": values}, metric=metric), ["a"], ["x"], [metric]).iloc[0]
    t_low, t_high = sps.t.interval(0.95, 2, loc=np.mean(values), scale=sps.sem(values))
    assert out["ci_low"] == pytest.approx(t_low if low is None else low)
    assert out["ci_high"] == pytest.approx(t_high if high is None else high)
    assert out["ci_low"] <= out["mean"] <= out["ci_high"]


def test_summary_follows_the_experiment_order_and_skips_missing_values():
    runs = runs_table({"zeta": [1.0, float("nan"), 3.0], "alpha": [2.0]}, scenarios=("b", "a"))
    out = summarize(runs, ["zeta", "alpha"], ["b", "a"], ["collected"])
    assert list(zip(out["strategy"], out["scenario"], strict=True)) == [
        ("zeta", "b"),
        ("zeta", "a"),
        ("alpha", "b"),
        ("alpha", "a"),
    ]
    assert list(out["n"]) == [2, 2, 1, 1]
    single = out.iloc[2]
    assert single["mean"] == 2.0 and math.isnan(single["sd"]) and math.isnan(single["ci_low"])


def test_paired_comparison_matches_scipy_and_pairs_by_replication():
    champion = [10.0, 12.0, 9.0, 14.0, 11.0]
    challenger = [11.0, 12.5, 10.5, 14.0, 13.0]
    runs = runs_table({"champ": champion, "chal": challenger})
    shuffled = runs.sample(frac=1.0, random_state=1)  # pairing must not rely on row order
    out = compare(shuffled, "champ", ["champ", "chal"], ["x"], ["collected"]).iloc[0]
    diff = np.subtract(challenger, champion)
    test = sps.ttest_rel(challenger, champion)
    low, high = sps.t.interval(0.95, len(diff) - 1, loc=diff.mean(), scale=sps.sem(diff))
    assert (out["challenger"], out["champion"]) == ("chal", "champ")
    assert out["mean_difference"] == pytest.approx(diff.mean())
    assert out["sd"] == pytest.approx(diff.std(ddof=1))
    assert out["p_value"] == pytest.approx(test.pvalue)
    assert (out["ci_low"], out["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert out["n"] == 5


def test_identical_strategies_give_zero_difference_and_p_value_one():
    same = [4.0, 7.0, 5.5]
    runs = runs_table({"champ": same, "copy": same})
    out = compare(runs, "champ", ["champ", "copy"], ["x"], ["collected"]).iloc[0]
    assert out["mean_difference"] == 0 and out["sd"] == 0
    assert out["ci_low"] == 0 and out["ci_high"] == 0
    assert out["p_value"] == 1.0


def test_constant_nonzero_difference_has_p_value_zero():
    runs = runs_table({"champ": [1.0, 2.0, 3.0], "up": [2.0, 3.0, 4.0]})
    out = compare(runs, "champ", ["champ", "up"], ["x"], ["collected"]).iloc[0]
    assert out["mean_difference"] == 1.0 and out["p_value"] == 0.0


def test_comparison_uses_only_complete_pairs():
    runs = runs_table({"champ": [1.0, 2.0, 3.0], "chal": [2.0, float("nan"), 5.0]})
    out = compare(runs, "champ", ["champ", "chal"], ["x"], ["collected"]).iloc[0]
    assert out["n"] == 2 and out["mean_difference"] == pytest.approx(1.5)


def test_comparison_with_only_the_champion_is_empty():
    runs = runs_table({"champ": [1.0, 2.0]})
    out = compare(runs, "champ", ["champ"], ["x"], ["collected"])
    assert out.empty and "p_value" in out.columns


def test_comparison_per_sweep_point():
    runs = runs_table({"champ": [1.0, 2.0], "chal": [3.0, 5.0]})
    runs = pd.concat([runs.assign(point=0), runs.assign(point=1, collected=runs["collected"] * 2)])
    out = compare(runs, "champ", ["champ", "chal"], ["x"], ["collected"])
    assert list(out["point"]) == [0, 1]
    assert list(out["mean_difference"]) == [2.5, 5.0]


def test_budget_directions_and_cost_ratio():
    runs = pd.DataFrame(
        {
            "strategy": ["a", "a", "b", "b"],
            "scenario": ["x"] * 4,
            "replication": [0, 1, 0, 1],
            "cost": [30.0, 10.0, 80.0, 100.0],
            "collected": [100.0, 100.0, 200.0, 200.0],
            "complaints_per_10k": [4.0, 6.0, 8.0, 8.0],
            "recovery_rate": [0.5, 0.3, 0.2, 0.2],
        }
    )
    limits = {"complaints_per_10k": 5.0, "cost_ratio": 0.3, "recovery_rate": 0.25}
    out = budget(runs, limits, ["a", "b"], ["x"])
    got = {(r.strategy, r.budget): (r.value, r.within) for r in out.itertuples()}
    assert got[("a", "complaints_per_10k")] == (5.0, True)  # at the limit is within
    assert got[("b", "complaints_per_10k")] == (8.0, False)
    assert got[("a", "cost_ratio")] == (pytest.approx(0.2), True)  # mean cost / mean collected
    assert got[("b", "cost_ratio")] == (pytest.approx(0.45), False)
    assert got[("a", "recovery_rate")] == (pytest.approx(0.4), True)  # a floor, not a cap
    assert got[("b", "recovery_rate")] == (pytest.approx(0.2), False)
    assert list(out.columns) == ["strategy", "scenario", "budget", "limit", "value", "within"]
