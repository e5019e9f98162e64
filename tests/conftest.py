"""Shared fixtures: small, fast runs of the real engine; plots never open windows.

Hypothesis profiles: ``ci`` (the default: a few hundred fixed cases, so the
suite is the same every time) and ``fuzz`` (``make fuzz``: thousands of new ones).
"""

from __future__ import annotations

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=250,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz", max_examples=3000, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.load_profile("ci")

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def presets():
    from collectsim.config import load_portfolio, load_scenario, load_strategy

    return {
        "portfolio": load_portfolio("mixed"),
        "baseline": load_scenario("baseline"),
        "recession": load_scenario("recession"),
        "load_strategy": load_strategy,
        "load_scenario": load_scenario,
    }
