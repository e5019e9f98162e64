"""The fit recovers known parameters from moments simulated with them, on the real model.

Two behaviour parameters, each identified by a moment of a small book: the
agent call's reach by the right-party contact rate, the propensity to pay
(``pay_logit_base``) by the share of accounts that fall behind. Moments are
simulated at the true values, the fit starts far from them, and must come
back within a stated tolerance. Common random numbers make this exact at
the truth (the objective is 0 there), so the tolerance only covers the
objective's small flat steps (a few borrowers' decisions).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from collectsim.analysis.fit import fit, fit_seeds, load_targets
from collectsim.config import Portfolio, load_scenario, load_strategy
from collectsim.simulation import simulate
from fit_fixtures import write_targets
from quick_book import QUICK, write_quick_portfolio

TRUE = {"behaviour.channels.agent_call.reach": 0.30, "behaviour.pay_logit_base": 4.5}
START = {"behaviour.channels.agent_call.reach": 0.15, "behaviour.pay_logit_base": 3.0}
BOUNDS = {"behaviour.channels.agent_call.reach": (0.1, 0.5), "behaviour.pay_logit_base": (2.5, 6.5)}
#: recovered within this of the truth
TOLERANCE = {"behaviour.channels.agent_call.reach": 0.02, "behaviour.pay_logit_base": 0.25}
BORROWERS, HORIZON = 1000, 90
MOMENTS = ("right_party_contact_rate", "share_fell_behind")
#: a coarse start and one local search, stopped well inside the tolerance
SEARCH = {"global_points": 4, "max_evaluations": 60, "restarts": 0, "xtol": 0.005, "ftol": 0.01}


def book_moments(portfolio: Portfolio, seeds: Sequence[int]) -> dict[str, float]:
    """The small book under the standard strategy in the baseline, one run per seed."""
    runs = [
        simulate(
            portfolio,
            load_scenario("baseline"),
            load_strategy("standard"),
            borrowers=BORROWERS,
            horizon_days=HORIZON,
            seed=seed,
        ).metrics
        for seed in seeds
    ]
    return {
        "right_party_contact_rate": float(np.mean([m["right_party_contact_rate"] for m in runs])),
        "share_fell_behind": float(np.mean([m["delinquent_accounts"] for m in runs])) / BORROWERS,
    }


def _targets_file(tmp_path: Path, moments: dict[str, float]) -> Path:
    write_quick_portfolio(tmp_path)  # the fitter is under test, not the steady state
    return write_targets(
        tmp_path,
        {
            "name": "recovery",
            "run": {
                "portfolio": QUICK,
                "borrowers": BORROWERS,
                "horizon_days": HORIZON,
                "replications": 1,
                "seed": 3,
            },
            "search": SEARCH,
            "parameter": [
                {"address": a, "bounds": list(BOUNDS[a]), "start": START[a]} for a in TRUE
            ],
            "moment": [{"name": k, "target": v, "se": 0.002} for k, v in moments.items()],
        },
    )


@pytest.mark.slow
def test_the_fit_recovers_the_parameters_it_simulated_with(tmp_path: Path) -> None:
    provisional = load_targets(_targets_file(tmp_path, dict.fromkeys(MOMENTS, 0.0)))
    truth = book_moments(provisional.apply(list(TRUE.values())), fit_seeds(provisional))
    targets = load_targets(_targets_file(tmp_path, truth))
    started = time.perf_counter()
    result = fit(targets, book_moments)
    seconds = time.perf_counter() - started
    report = {
        name: (START[name], TRUE[name], round(value, 4))
        for name, value in result.parameters.items()
    }
    each = seconds / max(result.simulations, 1)
    print(f"\n(start, true, fitted): {report}; {result.evaluations} evaluations, {each:.2f} s each")
    for name, value in result.parameters.items():
        assert abs(value - TRUE[name]) <= TOLERANCE[name], report
    assert result.at_bound() == ["", ""]
