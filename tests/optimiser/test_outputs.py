"""The Pareto front and the winner from the trials table."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from collectsim.metrics import Direction
from collectsim.optimiser.goals import Goal
from collectsim.optimiser.outputs import best_trial, pareto

OPT = SimpleNamespace(
    objectives=[Goal("economic_value", Direction.MAXIMIZE)],
    file=SimpleNamespace(replications=2),
)


def _trials(feasible: list[bool]) -> pd.DataFrame:
    n = len(feasible)
    return pd.DataFrame(
        {
            "trial": range(n),
            "state": ["complete"] * n,
            "replications": [2] * n,
            "feasible": feasible,
            "economic_value": [100.0 * (k + 1) for k in range(n)],
            "complaints_per_10k": [10.0 * (k + 1) for k in range(n)],
        }
    )


def test_the_front_keeps_the_trade_offs_best_value_first() -> None:
    front = pareto(OPT, _trials([True, True, False]))
    assert list(front["trial"]) == [1, 0]  # trial 2 is infeasible
    assert best_trial(OPT, _trials([True, True, False])) == 1


def test_no_feasible_trial_is_an_empty_front_with_every_column() -> None:
    trials = _trials([False, False])
    front = pareto(OPT, trials)
    assert front.empty and list(front.columns) == list(trials.columns)
    assert best_trial(OPT, trials) is None
