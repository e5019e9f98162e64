"""One run, start to finish: the function the experiment runner calls.

``simulate`` builds a :class:`~collectsim.model.CollectionModel`, steps it to
the horizon and returns only plain numbers (metrics and daily series), never
the model, so results cross process boundaries cheaply and memory stays flat
over thousands of runs.

>>> from collectsim.config import load_portfolio, load_scenario, load_strategy
>>> r = simulate(load_portfolio("mixed"), load_scenario("baseline"), load_strategy("standard"),
...              borrowers=500, horizon_days=30, seed=1)
>>> len(r.daily["reputation"])
31
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collectsim.config import Portfolio, Scenario, Strategy


@dataclass
class RunResult:
    metrics: dict[str, float | int]
    """per-run metrics, keys in METRIC_NAMES order (money in currency units)"""
    daily: dict[str, np.ndarray]
    """daily series, keys in DAILY_NAMES order, each of length horizon_days + 1"""
    events: list[tuple[int, int, str, str]] = field(default_factory=list)
    """traced accounts' events: (day, account, event, detail)"""
    collectors: list[tuple[Any, ...]] = field(default_factory=list)
    """per collector, if the strategy has teams (engine.collectors.COLLECTOR_COLUMNS)"""


def simulate(
    portfolio: Portfolio,
    scenario: Scenario,
    strategy: Strategy,
    *,
    borrowers: int,
    horizon_days: int,
    seed: int,
    trace: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Run one model to its horizon and return its metrics and daily series.

    ``progress(day, horizon_days)``, if given, is called after each simulated
    day, so a long run can show how far it got (the runner throttles it).
    """
    from collectsim.model import CollectionModel

    model = CollectionModel(
        portfolio=portfolio,
        scenario=scenario,
        strategy=strategy,
        borrowers=borrowers,
        horizon_days=horizon_days,
        seed=seed,
        trace=trace,
    )
    try:
        if progress is None:
            model.run_model()
        else:
            while model.running:
                model.step()
                progress(model.day, horizon_days)
        return RunResult(
            model.metrics(), model.daily_series(), model.trace_events(), model.collector_table()
        )
    finally:
        model.release()
