"""Golden baseline: a fixed-seed run's metrics, so every change to results is deliberate.

If a change is meant to alter results (a bug fix, a calibration), regenerate
the file and commit it with the change, saying why:

    COLLECTSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

A pure refactoring or optimisation must leave it untouched.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.simulation import simulate

GOLDEN = Path(__file__).parent / "golden" / "baseline.json"
CASES = [
    ("standard", "baseline"),
    ("gentle", "recession"),
    ("internet_bank_automated", "pandemic"),
    ("aggressive", "strict_contact_cap"),
]


def _metrics() -> dict[str, dict[str, float | int]]:
    portfolio = load_portfolio("mixed")
    out = {}
    for strategy, scenario in CASES:
        result = simulate(
            portfolio,
            load_scenario(scenario),
            load_strategy(strategy),
            borrowers=2000,
            horizon_days=200,
            seed=20261123,
        )
        out[f"{strategy}/{scenario}"] = result.metrics
    return out


def test_results_match_the_golden_baseline():
    actual = _metrics()
    if os.environ.get("COLLECTSIM_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n")
        pytest.skip("golden baseline rewritten")
    expected = json.loads(GOLDEN.read_text())
    assert set(actual) == set(expected)
    changed = []
    for case, metrics in expected.items():
        for name, value in metrics.items():
            got = actual[case][name]
            same = (
                got == value if isinstance(value, int) else math.isclose(got, value, rel_tol=1e-9)
            )
            if not same:
                changed.append(f"{case} {name}: {value} -> {got}")
    assert not changed, "results changed:\n" + "\n".join(changed)
