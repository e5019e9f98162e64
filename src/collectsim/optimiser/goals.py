"""Objectives and constraints: metrics with a direction, limits held in every scenario.

An objective is a metric of :mod:`collectsim.metrics` (or ``cost_ratio``,
mean cost / mean collected); which way is better is the metric's declared
direction, never restated in the optimisation file. A constraint is a short
comparison, ``"complaints_per_10k <= 50"``, read with a regular expression
(never evaluated as code).

>>> parse_constraint("complaints_per_10k <= 50", "f.toml", "constraints[0]").violation(60.0)
0.2
>>> parse_goal("cost", "f.toml", "objective").direction.value
'minimize'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from collectsim.errors import ConfigError
from collectsim.metrics import METRICS, Direction

#: the objective when the file names none: the value metric once the model has it
PREFERRED_OBJECTIVE = "economic_value"
FALLBACK_OBJECTIVE = "net_recovery"

#: a derived measure a budget or constraint may name besides the metrics
COST_RATIO = "cost_ratio"

_CONSTRAINT = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)


def default_objective() -> str:
    """``economic_value`` where :data:`METRICS` declares it, else ``net_recovery``."""
    return PREFERRED_OBJECTIVE if PREFERRED_OBJECTIVE in METRICS else FALLBACK_OBJECTIVE


def direction_of(metric: str) -> Direction | None:
    """Which way is better; None for an unknown metric."""
    if metric == COST_RATIO:
        return Direction.MINIMIZE
    found = METRICS.get(metric)
    return found.direction if found is not None else None


def _known() -> str:
    return ", ".join([*METRICS, COST_RATIO])


@dataclass(frozen=True)
class Goal:
    """A metric to optimise and which way is better."""

    metric: str
    direction: Direction

    @property
    def sign(self) -> float:
        """+1 where higher is better, -1 where lower is: ``sign * value`` is to be maximised."""
        return 1.0 if self.direction is Direction.MAXIMIZE else -1.0


@dataclass(frozen=True)
class Constraint:
    """``metric op limit``, required of the mean in every scenario."""

    metric: str
    op: str
    limit: float

    @property
    def text(self) -> str:
        return f"{self.metric} {self.op} {self.limit:g}"

    def violation(self, value: float) -> float:
        """How far ``value`` breaks the limit, relative to it (<= 0: kept), as Optuna reads it."""
        scale = max(abs(self.limit), 1.0)
        if np.isnan(value):
            return float("inf")
        if self.op == "<=":
            return (value - self.limit) / scale
        if self.op == ">=":
            return (self.limit - value) / scale
        return abs(value - self.limit) / scale


def parse_goal(metric: str, file: str, field: str) -> Goal:
    """An objective: a metric with a direction (a count that only describes a run is none)."""
    direction = direction_of(metric)
    if direction is None:
        raise ConfigError(file, field, f"a metric name ({_known()})", metric)
    if direction is Direction.INFO:
        raise ConfigError(
            file,
            field,
            "a metric where higher or lower is better (this one only describes)",
            metric,
        )
    return Goal(metric, direction)


def parse_constraint(text: str, file: str, field: str) -> Constraint:
    """``"complaints_per_10k <= 50"``: a metric, one of <=, >=, ==, and a number."""
    match = _CONSTRAINT.match(text)
    if match is None:
        raise ConfigError(
            file, field, "'metric <= number', 'metric >= number' or 'metric == number'", text
        )
    metric, op, number = match.groups()
    if direction_of(metric) is None:
        raise ConfigError(file, field, f"a constraint on a metric ({_known()})", metric)
    return Constraint(metric, op, float(number))


def measure(means: Mapping[str, float], metric: str) -> float:
    """A metric from a scenario's mean metrics; cost_ratio from mean cost and collected."""
    if metric == COST_RATIO:
        collected = means.get("collected", np.nan)
        return float(means.get("cost", np.nan) / collected) if collected else float("nan")
    return float(means.get(metric, np.nan))


def aggregate(values: Sequence[float], goal: Goal, weights: Sequence[float], worst: bool) -> float:
    """The objective over scenarios: the weighted mean, or the worst scenario's value."""
    arr = np.asarray(values, dtype=float)
    if worst:
        return float(np.min(arr) if goal.direction is Direction.MAXIMIZE else np.max(arr))
    return float(np.dot(arr, np.asarray(weights, dtype=float)))


@dataclass(frozen=True)
class Score:
    """A candidate as the search sees it, on the replications it has had so far."""

    replications: int
    scenarios: tuple[dict[str, float], ...]
    """mean metrics per scenario (paired with the champion: see optimiser.evaluate)"""
    values: tuple[float, ...]
    """each objective over the scenarios (weighted mean, or the worst scenario)"""
    violations: tuple[float, ...]
    """each constraint in its worst scenario, relative to its limit; <= 0 where kept"""

    @property
    def feasible(self) -> bool:
        return all(v <= 0 for v in self.violations)


def score(
    scenarios: Sequence[Mapping[str, float]],
    objectives: Sequence[Goal],
    constraints: Sequence[Constraint],
    weights: Sequence[float],
    worst: bool,
    replications: int,
) -> Score:
    """Objectives aggregated over scenarios; constraints held in every scenario."""
    values = tuple(
        aggregate([measure(s, g.metric) for s in scenarios], g, weights, worst) for g in objectives
    )
    violations = tuple(
        max(c.violation(measure(s, c.metric)) for s in scenarios) for c in constraints
    )
    return Score(replications, tuple(dict(s) for s in scenarios), values, violations)
