"""The optimisation file: which strategy to change, how, judged on what, within which limits.

An optimisation file names a base strategy and its decision variables as the
dotted addresses sweeps and variants use (``capacity.collectors``,
``segments.calls.treatments.1.every_days``), each with a ``range`` or a list
of ``choices``; the scenarios to optimise over (weighted, or the worst case);
the objective (a metric of :mod:`collectsim.metrics`, whose direction says
which way is better); constraints such as ``"complaints_per_10k <= 50"``; and
the evaluation budget. :func:`load_optimisation` checks every part before
anything runs and reports all problems at once, each naming the file and field.

    name = "within_budget"
    seed = 7
    portfolio = "mixed"
    borrowers = 10000
    horizon_days = 365
    replications = 3
    trials = 200
    base = "standard"
    scenarios = ["baseline", "recession"]
    constraints = ["complaints_per_10k <= 50", "violations == 0"]

    [[variable]]
    address = "capacity.collectors"
    range = [5, 60]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from collectsim.config.experiment import Variant, _loader
from collectsim.config.files import read_toml
from collectsim.config.portfolio import Portfolio
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.config.tape import load_book
from collectsim.config.validation import NAME_PATTERN, Schema, param, validate
from collectsim.errors import ConfigError, ConfigErrors
from collectsim.optimiser.goals import Constraint, Goal, parse_constraint, parse_goal
from collectsim.optimiser.variables import Variable, check_variables

#: how to run, not what is found: left out of the study's identity, so a study can be
#: resumed on another backend, extended with more trials, or validated again
EXECUTION_FIELDS = (
    "backend",
    "workers",
    "scheduler",
    "trials",
    "presets",
    "validation_replications",
    "description",
)


class VariableSpec(Schema):
    """One decision variable: an address into the base strategy and the values it may take."""

    address: str = Field(min_length=1)
    """dotted address into the strategy, as in sweeps and variants' 'set'"""
    range: list[int | float] | None = Field(default=None, min_length=2, max_length=2)
    """[low, high], both included (integers for an integer field)"""
    choices: list[int | float | str | bool] | None = None
    """the values to choose from"""
    step: int | float | None = None
    """grid step within 'range' (default: 1 for integers, continuous for numbers)"""
    log: bool = False
    """search 'range' on a log scale (a positive range)"""
    linked: dict[str, int] = Field(default_factory=dict)
    """other integer addresses set to this value plus an offset, e.g. the previous
    segment's last day: { "segments.early.days_past_due.1" = -1 }"""

    @model_validator(mode="after")
    def _one_kind(self) -> VariableSpec:
        if (self.range is None) == (self.choices is None):
            raise ValueError("either 'range' or 'choices', not both")
        if self.choices is not None and not self.choices:
            raise ValueError("'choices' with at least one value (the list is empty)")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError("'range' as [low, high] with low < high (empty or reversed)")
        if self.range is None and (self.step is not None or self.log):
            raise ValueError("'step' and 'log' only with 'range'")
        return self


class SearchSpec(Schema):
    """How candidates are proposed and how replications are shared out among them."""

    batch: int = param(8, unit="candidates", ge=1, le=256)
    """candidates proposed together and run as one batch (fixed, so results do not
    depend on the number of workers)"""
    screen: int = param(1, unit="replications", ge=1)
    """replications every new candidate gets first"""
    eta: int = param(3, unit="factor", ge=2)
    """successive halving: the best 1/eta of candidates at a rung get eta times the
    replications, up to 'replications'"""
    population: int = param(20, unit="candidates", ge=2)
    """NSGA-II generation size (two objectives only)"""
    startup: int = param(10, unit="trials", ge=0)
    """TPE's random trials before it models the objective (one objective only)"""


class OptimisationFile(Schema):
    name: str = Field(pattern=NAME_PATTERN)
    """identifier; also the results folder name"""
    description: str = ""
    """the question the optimisation answers"""
    seed: int = Field(ge=0)
    """fixes the search and every run (replication seeds derive from it)"""
    portfolio: str
    """the loan book: a preset name or a path"""
    borrowers: int = param(unit="borrowers", ge=1)
    horizon_days: int = param(unit="days", ge=1)
    replications: int = param(3, unit="runs", ge=1)
    """replications a promising candidate gets (every candidate uses the same seeds)"""
    trials: int = param(100, unit="candidates", ge=1)
    """candidate strategies to try"""
    base: str
    """the strategy the variables change: a preset name or a path"""
    champion: str | None = None
    """the strategy to beat (default: the base)"""
    scenarios: list[str | Variant] = Field(min_length=1)
    """economies to optimise over: preset names, paths or variants"""
    weights: list[float] | None = None
    """one weight per scenario (default: equal); with aggregate = 'weighted'"""
    aggregate: Literal["weighted", "worst"] = "weighted"
    """the objective over scenarios: their weighted mean, or the worst scenario"""
    objective: str | None = None
    """the metric to optimise (default: DEFAULT_OBJECTIVE); its direction is the metric's"""
    second_objective: str | None = None
    """a second metric: search for the Pareto front of both (NSGA-II)"""
    constraints: list[str] = Field(default_factory=list)
    """'metric <= limit', 'metric >= limit' or 'metric == value', held in every scenario"""
    variable: list[VariableSpec] = Field(min_length=1)
    """the decision variables"""
    search: SearchSpec = Field(default_factory=SearchSpec)
    presets: list[str] | None = None
    """strategies marked on the front for reference (default: every built-in preset)"""
    validation_replications: int = param(10, unit="runs", ge=2)
    """fresh replications the winner and the champion are compared on"""
    backend: Literal["serial", "processes", "dask"] = "processes"
    workers: int | None = param(None, unit="processes", ge=1)
    scheduler: str | None = None


@dataclass(frozen=True)
class Optimisation:
    """A checked optimisation file with everything it names loaded."""

    file: OptimisationFile
    source: str
    portfolio: Portfolio
    scenarios: tuple[Scenario, ...]
    base: Strategy
    champion: Strategy
    presets: tuple[Strategy, ...]
    variables: tuple[Variable, ...]
    objectives: tuple[Goal, ...]
    constraints: tuple[Constraint, ...]
    weights: tuple[float, ...]

    @property
    def name(self) -> str:
        return self.file.name

    def identity(self) -> str:
        """Hash of everything that shapes the search (not how it runs, nor for how long)."""
        data = {
            "file": self.file.model_dump(mode="json", exclude=set(EXECUTION_FIELDS)),
            "portfolio": self.portfolio.model_dump(mode="json"),
            "scenarios": [s.model_dump(mode="json") for s in self.scenarios],
            "base": self.base.model_dump(mode="json"),
            "champion": self.champion.model_dump(mode="json"),
        }
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


class _Collector:
    """Gathers every problem of a file so the user can fix them all at once."""

    def __init__(self) -> None:
        self.errors: list[ConfigError] = []

    def attempt(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            self.errors.append(exc)
        except ConfigErrors as exc:
            self.errors.extend(exc.errors)
        return None

    def check(self) -> None:
        if self.errors:
            raise ConfigErrors(self.errors)


def _weights(spec: OptimisationFile, file: str) -> tuple[float, ...]:
    n = len(spec.scenarios)
    if spec.weights is None:
        return tuple(1.0 / n for _ in range(n))
    if spec.aggregate == "worst":
        raise ConfigError(file, "weights", "no weights with aggregate = 'worst'")
    if len(spec.weights) != n or any(w < 0 for w in spec.weights) or sum(spec.weights) <= 0:
        raise ConfigError(
            file, "weights", f"{n} non-negative weights, one per scenario, not all 0", spec.weights
        )
    total = sum(spec.weights)
    return tuple(w / total for w in spec.weights)


def _goals(spec: OptimisationFile, file: str) -> tuple[tuple[Goal, ...], tuple[Constraint, ...]]:
    from collectsim.optimiser.goals import default_objective

    found = _Collector()
    first = found.attempt(parse_goal, spec.objective or default_objective(), file, "objective")
    objectives = [first]
    if spec.second_objective is not None:
        objectives.append(
            found.attempt(parse_goal, spec.second_objective, file, "second_objective")
        )
    constraints = [
        found.attempt(parse_constraint, text, file, f"constraints[{i}]")
        for i, text in enumerate(spec.constraints)
    ]
    found.check()
    return tuple(objectives), tuple(constraints)


def load_optimisation(ref: str | Path) -> Optimisation:
    """Load and check an optimisation file and everything it names; collect all errors."""
    path = Path(ref)
    file = str(path)
    spec = validate(OptimisationFile, read_toml(path), path)
    found = _Collector()
    portfolio = found.attempt(load_book, spec.portfolio, referrer=path, field="portfolio")
    scenarios = [
        found.attempt(_loader(load_scenario, entry, f"scenarios[{i}]"), referrer=path)
        for i, entry in enumerate(spec.scenarios)
    ]
    base = found.attempt(load_strategy, spec.base, referrer=path, field="base")
    champion = base
    if spec.champion is not None:
        champion = found.attempt(load_strategy, spec.champion, referrer=path, field="champion")
    presets = [
        found.attempt(load_strategy, name, referrer=path, field=f"presets[{i}]")
        for i, name in enumerate(spec.presets if spec.presets is not None else _builtin())
    ]
    weights = found.attempt(_weights, spec, file)
    goals = found.attempt(_goals, spec, file)
    names = [s.name for s in scenarios if s is not None]
    if len(set(names)) < len(names):
        found.errors.append(ConfigError(file, "scenarios", "distinct scenario names"))
    variables = found.attempt(check_variables, spec.variable, base, file) if base else None
    found.check()
    assert variables is not None  # else found.check() raised
    objectives, constraints = goals
    return Optimisation(
        spec, file, portfolio, tuple(scenarios), base, champion, tuple(presets),
        variables, objectives, constraints, weights,
    )  # fmt: skip


def _builtin() -> list[str]:
    from collectsim.config.files import list_presets

    return list_presets("strategy")
