"""Targets for a fit by the method of simulated moments: what to fit, to what, and how.

A targets file (``targets/*.toml``) names the portfolio parameters to fit,
each a dotted address into the portfolio (``behaviour.cure_intensity``,
``behaviour.channels.agent_call.reach``: the addresses sweeps and variants
use, without the ``portfolio.`` prefix, which is also accepted) with its
bounds; the moments, each with its target value, a weight or a standard error
(weight 1/se²) and its source; how the moments are simulated (``[run]``) and
how the optimiser searches (``[search]``). Everything is checked on loading,
each bound applied to the portfolio and validated, so a fit never fails an
hour in on a value the schema rejects.

>>> t = load_targets("example")
>>> [p.address for p in t.parameters]
['behaviour.promise_keep_base', 'behaviour.pay_logit_base']
>>> round(t.weights()["baseline.promise_kept_rate"], 6)  # 1 / se², se = 0.05
400.0
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from collectsim.config.experiment import Variant, _loader
from collectsim.config.files import read_toml, resolve_path
from collectsim.config.paths import PathError, load_named, schema_leaf, set_path, unwrap
from collectsim.config.portfolio import Portfolio
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.config.tape import load_book
from collectsim.config.validation import NAME_PATTERN, Schema, param, validate
from collectsim.errors import ConfigError, ConfigErrors, attempt

#: a parameter's address may start with this (as in sweeps); it is dropped
PREFIX = "portfolio."


class Parameter(Schema):
    """One portfolio parameter the fit moves, within its bounds."""

    address: str = Field(min_length=1)
    """dotted address into the portfolio, e.g. behaviour.channels.agent_call.reach"""
    bounds: list[float] = Field(min_length=2, max_length=2)
    """[low, high]: the search never leaves them"""
    start: float | None = None
    """where the search starts (default: the middle of the bounds)"""

    @model_validator(mode="after")
    def _order(self) -> Parameter:
        low, high = self.bounds
        if not low < high:
            raise ValueError("'bounds' as [low, high] with low < high")
        if self.start is not None and not low <= self.start <= high:
            raise ValueError("'start' within 'bounds'")
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.address.removeprefix(PREFIX).split("."))

    @property
    def name(self) -> str:
        """The address without the optional prefix: the key of the fitted overlay."""
        return ".".join(self.path)


class Moment(Schema):
    """One statistic the simulation should match."""

    name: str = Field(min_length=1)
    """the key the moment function returns it under"""
    target: float
    """the value measured in the field"""
    weight: float | None = param(None, unit="1/unit²", gt=0)
    """weight of the squared error (give this or 'se'; default 1)"""
    se: float | None = param(None, unit="the moment's unit", gt=0)
    """standard error of the target: the weight is 1/se²"""
    source: str = ""
    """where the target comes from (shown in the fit table)"""

    @model_validator(mode="after")
    def _one_weight(self) -> Moment:
        if self.weight is not None and self.se is not None:
            raise ValueError("either 'weight' or 'se' (the weight is then 1/se²), not both")
        return self

    @property
    def effective_weight(self) -> float:
        if self.se is not None:
            return 1.0 / self.se**2
        return 1.0 if self.weight is None else self.weight


def _baseline() -> list[str | Variant]:
    return ["baseline"]


class RunSettings(Schema):
    """How the moments are simulated: the same seeds in every evaluation."""

    moments: str = "metrics"
    """the moment function: 'metrics' (built in) or 'package.module:factory'"""
    portfolio: str = "mixed"
    """the portfolio the parameters are set in: a preset name or a path"""
    strategy: str | Variant = "standard"
    """the lender's strategy in every run"""
    scenarios: list[str | Variant] = Field(default_factory=_baseline, min_length=1)
    """the scenarios the moment function runs"""
    borrowers: int = param(unit="borrowers", ge=1)
    horizon_days: int = param(unit="days", ge=1)
    replications: int = param(unit="runs", ge=1)
    """seeds per scenario, the same in every evaluation (common random numbers)"""
    seed: int = Field(ge=0)
    """fixes the replication seeds and the search's starting design"""
    backend: Literal["serial", "processes"] = "serial"
    """where the runs of one evaluation execute; results are identical whichever"""
    workers: int | None = param(None, unit="processes", ge=1)
    """processes for backend 'processes' (default: the number of cores)"""


class SearchSettings(Schema):
    """How the optimiser searches (see collectsim.analysis.fit.search)."""

    global_points: int = param(8, unit="evaluations", ge=0)
    """Latin-hypercube points tried before the local search (besides the start)"""
    max_evaluations: int = param(200, unit="evaluations", ge=1)
    """the most objective evaluations in all"""
    restarts: int = param(1, unit="restarts", ge=0)
    """local searches restarted from the best point found, to escape a collapsed simplex"""
    initial_step: float = param(0.1, unit="share of the bounds", gt=0, le=0.5)
    """size of the local search's first simplex"""
    xtol: float = param(1e-3, unit="share of the bounds", gt=0)
    """the local search stops when the simplex is this small ..."""
    ftol: float = param(1e-6, unit="objective", ge=0)
    """... and its values differ by less than this"""


class TargetsFile(Schema):
    name: str = Field(pattern=NAME_PATTERN)
    """identifier; also the default output folder, results/fit-<name>"""
    description: str = ""
    run: RunSettings
    search: SearchSettings = Field(default_factory=SearchSettings)
    parameter: list[Parameter] = Field(min_length=1)
    """the parameters to fit ([[parameter]] tables)"""
    moment: list[Moment] = Field(min_length=1)
    """the moments to match ([[moment]] tables)"""


@dataclass(frozen=True)
class Targets:
    """A validated targets file with the portfolio, scenarios and strategy it names."""

    file: TargetsFile
    source: str
    portfolio: Portfolio
    scenarios: tuple[Scenario, ...]
    strategy: Strategy

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(self.file.parameter)

    @property
    def moments(self) -> tuple[Moment, ...]:
        return tuple(self.file.moment)

    def weights(self) -> dict[str, float]:
        return {m.name: m.effective_weight for m in self.moments}

    def starts(self) -> list[float]:
        """Each parameter's start: as given, else the middle of its bounds."""
        return [
            p.start if p.start is not None else (p.bounds[0] + p.bounds[1]) / 2
            for p in self.parameters
        ]

    def apply(self, values: Sequence[float]) -> Portfolio:
        """The portfolio with each parameter set to its value, validated."""
        return apply_values(self.portfolio, self.parameters, values, self.source)


def apply_values(
    portfolio: Portfolio, parameters: Sequence[Parameter], values: Sequence[float], file: str
) -> Portfolio:
    """A copy of ``portfolio`` with ``values`` at the parameters' addresses, validated."""
    data = portfolio.model_dump(mode="python")
    for p, value in zip(parameters, values, strict=True):
        set_path(Portfolio, data, p.path, float(value), "portfolio")
    return validate(type(portfolio), data, file)


def _check_parameter(p: Parameter, i: int, portfolio: Portfolio, file: str) -> list[ConfigError]:
    """The address names a number of the portfolio, and both bounds are valid values there."""
    where = f"parameter[{i}]"
    try:
        leaf = unwrap(schema_leaf(Portfolio, p.path, "portfolio"))
        if leaf is not float:
            kind = "an integer" if leaf is int else f"{getattr(leaf, '__name__', leaf)}"
            raise PathError(f"a field holding a real number (this one holds {kind})")
        for bound in p.bounds:
            apply_values(portfolio, [p], [bound], file)
    except PathError as exc:
        return [ConfigError(file, f"{where}.address", str(exc), p.address)]
    except ConfigErrors as exc:
        inner = "; ".join(f"{e.field}: {e.expected}" if e.field else e.expected for e in exc.errors)
        return [ConfigError(file, f"{where}.bounds", f"values the portfolio accepts ({inner})")]
    return []


def _duplicates(names: list[str], file: str, field: str) -> list[ConfigError]:
    dup = sorted({n for n in names if names.count(n) > 1})
    return (
        [ConfigError(file, field, f"distinct entries (repeated: {', '.join(dup)})")] if dup else []
    )


def load_targets(ref: str | Path) -> Targets:
    """Load and check a targets file and what it names; every problem in one ConfigErrors."""
    path = resolve_path("targets", str(ref))
    spec = validate(TargetsFile, read_toml(path), path)
    file = str(path)
    errors: list[ConfigError] = []

    def tried(fn: Any) -> Any:
        return attempt(errors, fn, referrer=path)

    run = spec.run
    portfolio = tried(functools.partial(load_book, run.portfolio, field="run.portfolio"))
    strategy = tried(_loader(load_strategy, run.strategy, "run.strategy"))
    scenarios = [
        tried(_loader(load_scenario, s, f"run.scenarios[{i}]")) for i, s in enumerate(run.scenarios)
    ]
    if errors:
        raise ConfigErrors(errors)
    for i, p in enumerate(spec.parameter):
        errors.extend(_check_parameter(p, i, portfolio, file))
    errors.extend(_duplicates([p.name for p in spec.parameter], file, "parameter"))
    errors.extend(_duplicates([m.name for m in spec.moment], file, "moment"))
    errors.extend(_duplicates([s.name for s in scenarios], file, "run.scenarios"))
    if errors:
        raise ConfigErrors(errors)
    return Targets(spec, file, portfolio, tuple(scenarios), strategy)


class Fitted(Schema):
    """What a fit writes (``fitted.toml``): its portfolio as a variant of the base one,
    the shape of a strategy variant in an experiment, ``{ name, base, set }``."""

    name: str = Field(pattern=NAME_PATTERN)
    """the fitted portfolio's name"""
    description: str = ""
    base: str = Field(min_length=1)
    """the portfolio fitted: a preset name, or a path relative to this file"""
    set: dict[str, float] = Field(min_length=1)
    """each fitted parameter's address and value"""


def load_fitted(path: str | Path) -> Portfolio:
    """The portfolio a fit wrote as an overlay: its base with the fitted values set."""
    spec = validate(Fitted, read_toml(path), path)
    return load_named(
        "portfolio",
        Portfolio,
        spec.base,
        referrer=path,
        field="base",
        name=spec.name,
        overrides={k.removeprefix(PREFIX): v for k, v in spec.set.items()},
    )
