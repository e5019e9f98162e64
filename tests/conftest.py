"""Shared fixtures: small, fast runs of the real engine; plots never open windows."""

from __future__ import annotations

import os

import matplotlib
import pytest

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
