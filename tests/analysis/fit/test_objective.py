"""The objective: weights, errors, non-finite moments, the cache and the budget."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from collectsim.analysis.fit.objective import (
    BudgetSpent,
    Objective,
    contributions,
    objective,
)
from collectsim.config.targets import Moment, Targets, load_targets
from collectsim.errors import ConfigError
from fit_fixtures import TRUE, analytic_moments, targets_at, write_targets


@pytest.fixture
def targets(tmp_path: Path) -> Targets:
    return load_targets(write_targets(tmp_path, targets_at()))


def test_weights_from_standard_errors_and_given_weights() -> None:
    ms = [
        Moment(name="a", target=0.5, se=0.1),
        Moment(name="b", target=2.0, weight=3.0),
        Moment(name="c", target=0.0),
    ]
    assert [m.effective_weight for m in ms] == pytest.approx([100.0, 3.0, 1.0])
    sim = {"a": 0.6, "b": 1.0, "c": -2.0}
    assert contributions(sim, ms) == pytest.approx([1.0, 3.0, 4.0])
    assert objective(sim, ms) == pytest.approx(8.0)
    assert objective({"a": 0.5, "b": 2.0, "c": 0.0}, ms) == 0.0


def test_a_moment_that_is_not_finite_makes_the_objective_infinite() -> None:
    ms = [Moment(name="a", target=0.5), Moment(name="b", target=1.0)]
    assert objective({"a": math.nan, "b": 1.0}, ms) == math.inf
    assert objective({"a": 0.5, "b": math.inf}, ms) == math.inf


def test_the_objective_is_zero_at_the_true_values_and_positive_elsewhere(targets) -> None:
    f = Objective(targets, analytic_moments, [1, 2], max_evaluations=10)
    assert f(list(TRUE)) == pytest.approx(0.0, abs=1e-20)
    assert f([0.2, 4.6, 0.72]) > 0


def test_a_point_asked_twice_is_simulated_once(targets) -> None:
    calls = []

    def moments(portfolio, seeds):
        calls.append(tuple(seeds))
        return analytic_moments(portfolio, seeds)

    seen = []
    f = Objective(targets, moments, [5, 6], max_evaluations=10, progress=seen.append)
    first = f([0.2, 3.0, 0.5])
    assert f([0.2, 3.0, 0.5]) == first
    assert calls == [(5, 6)] and f.calls == 2 and f.simulations == 1
    assert [e.cached for e in seen] == [False, True] and seen[1].seconds == 0.0
    assert f.best is not None and f.best.objective == first and f.best.number == 1


def test_the_budget_stops_the_search(targets) -> None:
    f = Objective(targets, analytic_moments, [1], max_evaluations=2)
    f([0.2, 3.0, 0.5])
    f([0.3, 3.0, 0.5])
    with pytest.raises(BudgetSpent):
        f([0.4, 3.0, 0.5])


def test_a_moment_the_function_does_not_return_names_the_targets_field(targets) -> None:
    f = Objective(targets, lambda p, s: {"contact": 0.1, "late": 0.2}, [1], max_evaluations=5)
    with pytest.raises(ConfigError) as info:
        f(list(TRUE))
    assert "moment[2].name" in str(info.value) and targets.source in str(info.value)
    assert "contact, late" in str(info.value)


def test_values_the_portfolio_rejects_together_are_infinitely_bad(tmp_path: Path) -> None:
    data = targets_at()
    # each bound is a valid fee scale alone; a flat fee up to 50,000 with a first band
    # ending at 20,000 is not (bands must lie above the flat part)
    data["parameter"] = [
        {"address": "court_fees.flat_up_to", "bounds": [5_000.0, 50_000.0]},
        {"address": "court_fees.bands.0.0", "bounds": [20_000.0, 150_000.0]},
    ]
    targets = load_targets(write_targets(tmp_path, data))
    calls = []

    def moments(portfolio, seeds):
        calls.append(portfolio.court_fees.flat_up_to)
        return {"contact": 0.0, "late": 0.0, "kept": 0.0}

    f = Objective(targets, moments, [1], max_evaluations=5)
    assert f([50_000.0, 20_000.0]) == math.inf and calls == []
    assert math.isfinite(f([10_000.0, 100_000.0])) and calls == [10_000.0]
