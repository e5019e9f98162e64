"""The objective of the method of simulated moments, and its bookkeeping.

``J(x) = Σ_k w_k (m_k(x) − t_k)²``: the weighted squared distance between the
moments simulated at parameters ``x`` and their targets, the weight 1/se²
where a standard error is given. The simulated moments come from a moment
function, ``moments(portfolio, seeds) -> {name: value}``, called with the same
seeds in every evaluation (common random numbers), so ``J`` is a
deterministic function of ``x``: the optimiser compares parameters, not
noise, and an evaluation answered from the cache or the journal is exactly
the one it replaces. A simulated moment that is not finite makes ``J``
infinite (the search moves away from it).

>>> from collectsim.config.targets import Moment
>>> ms = [Moment(name="a", target=1.0, se=0.5), Moment(name="b", target=0.0)]
>>> objective({"a": 2.0, "b": 3.0, "unused": 9.0}, ms)  # 4 x 1 + 1 x 9
13.0
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from collectsim.config import Portfolio
from collectsim.config.targets import Moment, Targets
from collectsim.errors import ConfigError, ConfigErrors

#: ``moments(portfolio, seeds) -> {name: value}``: the statistics the fit matches
MomentFunction = Callable[[Portfolio, Sequence[int]], Mapping[str, float]]


def contributions(simulated: Mapping[str, float], moments: Sequence[Moment]) -> list[float]:
    """Each moment's weighted squared error, ``w (simulated − target)²``, in order."""
    out = []
    for m in moments:
        value = float(simulated[m.name])
        error = value - m.target
        out.append(m.effective_weight * error * error if math.isfinite(value) else math.inf)
    return out


def objective(simulated: Mapping[str, float], moments: Sequence[Moment]) -> float:
    """The weighted sum of squared errors; infinite if a simulated moment is not finite,
    or if there are none (parameters the schema rejects)."""
    if not simulated:
        return math.inf
    return float(sum(contributions(simulated, moments)))


@dataclass(frozen=True)
class Evaluation:
    """One evaluation of the objective, as the progress display and the journal see it."""

    number: int
    """1 for the first call of the search"""
    values: tuple[float, ...]
    """the parameters, in the targets file's order"""
    simulated: dict[str, float]
    """every moment the moment function returned"""
    objective: float
    seconds: float
    """time the moment function took (0 when answered from the cache)"""
    cached: bool
    """answered from an earlier evaluation (this run or the journal of an earlier one)"""
    stage: str
    """'start', 'global' or 'local'"""
    best: float
    """the lowest objective so far, this one included"""


class BudgetSpent(Exception):
    """The search used every evaluation it was allowed (``max_evaluations``)."""


def _check_returned(simulated: Mapping[str, float], targets: Targets) -> None:
    """Every targeted moment must be among those the moment function returns."""
    for i, m in enumerate(targets.moments):
        if m.name not in simulated:
            known = ", ".join(sorted(simulated)) or "none"
            raise ConfigError(
                targets.source,
                f"moment[{i}].name",
                f"a moment the function returns ({known})",
                m.name,
            )


class Objective:
    """``J`` as the search calls it: parameters in, one number out; every call counted,
    remembered (a point asked twice is simulated once) and reported to ``progress``."""

    def __init__(
        self,
        targets: Targets,
        moments: MomentFunction,
        seeds: Sequence[int],
        *,
        max_evaluations: int,
        cache: Mapping[tuple[float, ...], dict[str, float]] | None = None,
        record: Callable[[tuple[float, ...], dict[str, float], float], None] | None = None,
        progress: Callable[[Evaluation], None] | None = None,
    ):
        self.targets = targets
        self.moments = moments
        self.seeds = tuple(int(s) for s in seeds)
        self.max_evaluations = max_evaluations
        self.cache: dict[tuple[float, ...], dict[str, float]] = dict(cache or {})
        self.record = record
        self.progress = progress
        self.stage = "start"
        self.calls = 0
        self.simulations = 0
        self.best: Evaluation | None = None

    def simulate(self, values: tuple[float, ...]) -> dict[str, float]:
        """The moments at ``values``, from the moment function (no cache); none for values
        the portfolio's schema rejects together (each bound alone was checked on loading):
        such a point lies outside what can be fitted, and ``J`` is infinite there."""
        try:
            portfolio = self.targets.apply(values)
        except ConfigErrors:
            return {}
        simulated = {str(k): float(v) for k, v in self.moments(portfolio, self.seeds).items()}
        _check_returned(simulated, self.targets)
        return simulated

    def __call__(self, x: Sequence[float] | np.ndarray) -> float:
        if self.calls >= self.max_evaluations:
            raise BudgetSpent
        values = tuple(float(v) for v in x)
        start = time.perf_counter()
        cached = values in self.cache
        if not cached:
            self.cache[values] = self.simulate(values)
            self.simulations += 1
            if self.record is not None:
                self.record(values, self.cache[values], time.perf_counter() - start)
        simulated = self.cache[values]
        value = objective(simulated, self.targets.moments)
        value = value if math.isfinite(value) else math.inf
        self.calls += 1
        best = value if self.best is None else min(value, self.best.objective)
        seconds = 0.0 if cached else time.perf_counter() - start
        evaluation = Evaluation(
            self.calls, values, simulated, value, seconds, cached, self.stage, best
        )
        if self.best is None or value < self.best.objective:
            self.best = evaluation
        if self.progress is not None:
            self.progress(evaluation)
        return value
