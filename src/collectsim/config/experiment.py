"""Experiment schema: which strategies, scenarios and replications to cross.

Strategies are levers, scenarios uncertainties; they are crossed full
factorially, each cell replicated ``replications`` times. Replication ``r``
uses one seed for every strategy and scenario (common random numbers), so
differences between strategies are paired.

A strategy entry is a preset name, a path, or a variant
``{ name = "capped", base = "standard", set = { "compliance.max_contacts_per_week" = 3 } }``.

How to run it (``backend``, ``workers``, ``scheduler``) never changes the
results, so it is left out of :meth:`Experiment.config_hash`. ``[[sweep]]``
entries vary fields across runs (see :mod:`collectsim.config.sweeps`); ``[budget]``
sets limits on mean outcomes, e.g. ``complaints_per_10k = 5`` (at most) or
``cost_ratio = 0.3`` (cost / collected, at most); a metric where higher is
better (``recovery_rate = 0.3``) is a floor.

>>> e = load_experiment("quickstart")
>>> e.champion
'standard'
"""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from collectsim.config.books import load_book, pair_books, scenario_books
from collectsim.config.files import read_toml, resolve_path
from collectsim.config.limits import (
    MAX_BORROWERS,
    MAX_DAYS,
    MAX_MONEY,
    MAX_NAME,
    MAX_POINTS,
    MAX_REPLICATIONS,
    MAX_SEED,
    MAX_WORKERS,
)
from collectsim.config.portfolio import Portfolio
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.config.sweeps import SweepField, check_sweeps
from collectsim.config.tape import TapePortfolio
from collectsim.config.tape_settings import TapeSettings
from collectsim.config.validation import NAME_PATTERN, Name, Schema, param, validate
from collectsim.errors import ConfigError, ConfigErrors, ConfigWarning, attempt
from collectsim.metrics import METRICS, Direction

#: how to run, not what: excluded from the config hash
EXECUTION_FIELDS = ("backend", "workers", "scheduler")


class Variant(Schema):
    """A strategy or scenario made from another by changing a few fields."""

    name: Name
    """the variant's own name"""
    base: str = Field(min_length=1)
    """the preset name or path it starts from"""
    set: dict[str, Any] = Field(default_factory=dict)
    """dotted addresses and their new values (as sweeps address fields)"""
    portfolio: str | None = None
    """strategies only: the loan book this strategy runs on, a preset name or a path (pairs
    each lender with its own book; none: the experiment's portfolio)"""


class Sweep(Schema):
    """One swept field: a grid of ``values``, or a ``range`` sampled ``samples`` times."""

    field: str = Field(min_length=1)
    """dotted field with its kind: strategy.capacity.collectors, scenario.economy.income_factor"""
    values: list[int | float | str | bool] | None = None
    range: list[int | float] | None = Field(default=None, min_length=2, max_length=2)
    samples: int | None = param(None, unit="points", ge=1, le=MAX_POINTS)
    """how many points to draw from 'range' (for sobol: the base N, a power of 2)"""
    method: Literal["lhs", "sobol"] | None = None
    """lhs: Latin hypercube (scipy.stats.qmc); sobol: Saltelli design (SALib), for Sobol indices"""

    @model_validator(mode="after")
    def _one_kind(self) -> Sweep:
        if (self.values is None) == (self.range is None):
            raise ValueError("either 'values' (a grid) or 'range' with 'samples', not both")
        if self.values is not None:
            if not self.values:
                raise ValueError("'values' with at least one value (the grid is empty)")
            if self.samples is not None or self.method is not None:
                raise ValueError("'samples' and 'method' only with 'range'")
            return self
        if self.samples is None:
            raise ValueError("'samples' (how many points to draw from 'range')")
        assert self.range is not None  # 'values' is None here
        lo, hi = self.range
        if not lo < hi:
            raise ValueError("'range' as [low, high] with low < high")
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError("'samples' a power of 2 for method 'sobol' (e.g. 16, 32, 64)")
        return self


class ExperimentFile(Schema):
    name: str = Field(pattern=NAME_PATTERN, max_length=MAX_NAME)
    """identifier; also the results folder name"""
    description: str = ""
    """the question the experiment asks (the report's opening line)"""
    seed: int = Field(ge=0, le=MAX_SEED)
    """fixes every random draw of every run (replication seeds derive from it)"""
    replications: int = param(unit="runs", ge=1, le=MAX_REPLICATIONS)
    """runs per strategy x scenario (x sweep point), each with its own seed"""
    borrowers: int = param(unit="borrowers", ge=1, le=MAX_BORROWERS)
    """size of the simulated book"""
    horizon_days: int = param(unit="days", ge=1, le=MAX_DAYS)
    """days simulated"""
    portfolio: str
    """the loan book: a preset name, a path, or a loan tape (.csv, .parquet)"""
    tape: TapeSettings | None = None
    """how to read the tape 'portfolio' names, in place of the TOML beside it"""
    portfolios: list[str | Variant] = Field(default_factory=list, max_length=100)
    """cross every strategy with each of these books (preset names, paths or variants such
    as a stricter screening): each strategy runs once per book, named
    '<strategy>@<portfolio>' (none: every strategy on 'portfolio', or on its variant's own)"""
    scenarios: list[str | Variant] = Field(min_length=1)
    """economies and rules: preset names, paths or variants"""
    strategies: list[str | Variant] = Field(min_length=1)
    """what the lender does: preset names, paths or variants"""
    champion: str | None = None
    """the strategy challengers are compared against (default: the first)"""
    backend: Literal["serial", "processes", "dask"] = "processes"
    """where runs execute; results are identical whichever"""
    workers: int | None = param(None, unit="processes", ge=1, le=MAX_WORKERS)
    """processes or Dask workers (default: the number of cores)"""
    scheduler: str | None = None
    """Dask scheduler address tcp://host:port (default: a local cluster)"""
    sweep: list[Sweep] = Field(default_factory=list)
    """fields varied across runs"""
    budget: dict[str, Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)]] = Field(
        default_factory=dict
    )
    """limits on mean outcomes: a cap on a metric to minimize, a floor on one to maximize,
    and cost_ratio (cost / collected, a cap)"""


@dataclass(frozen=True)
class Experiment:
    """A validated experiment with every referenced file loaded."""

    file: ExperimentFile
    source: str
    portfolio: Portfolio
    scenarios: tuple[Scenario, ...]
    strategies: tuple[Strategy, ...]
    sweep_fields: tuple[SweepField, ...] = ()
    """parsed sweep field per ``[[sweep]]`` entry"""
    points: tuple[dict[str, Any], ...] = ({},)
    """sweep design points in order (one empty point without sweeps)"""
    books: tuple[Portfolio, ...] = ()
    """the portfolio each strategy runs on, by position (empty: every one on ``portfolio``)"""

    def portfolio_of(self, strategy: int) -> Portfolio:
        """The loan book strategy number ``strategy`` runs on."""
        return self.books[strategy] if self.books else self.portfolio

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def champion(self) -> str:
        return self.file.champion or self.strategies[0].name

    def resolved(self) -> dict[str, Any]:
        """The whole configuration as plain data (what the manifest records)."""
        out = {
            "experiment": self.file.model_dump(mode="json"),
            "portfolio": self.portfolio.model_dump(mode="json"),
            "scenarios": [s.model_dump(mode="json") for s in self.scenarios],
            "strategies": [s.model_dump(mode="json") for s in self.strategies],
        }
        if self.books:  # only then: an experiment on one book keeps its hash
            out["books"] = [p.model_dump(mode="json") for p in self.books]
        return out

    def config_hash(self) -> str:
        """Hash of everything that shapes the results (not how they are computed)."""
        data = self.resolved()
        for key in EXECUTION_FIELDS:
            data["experiment"].pop(key, None)
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _loader(load, entry: str | Variant, field: str):
    """A loader for a preset name or path, or for a variant (a base with overrides)."""
    if isinstance(entry, Variant):
        return functools.partial(_load_variant, load, entry, field)
    return functools.partial(load, entry, field=field)


def _load_variant(load, entry: Variant, field: str, *, referrer: Path) -> Any:
    """A variant; a problem in its ``set`` names the variant and the address in the file."""
    try:
        made = load(
            entry.base, referrer=referrer, field=f"{field}.base", name=entry.name,
            overrides=entry.set,
        )  # fmt: skip
    except (ConfigError, ConfigErrors) as exc:
        errors = exc.errors if isinstance(exc, ConfigErrors) else [exc]
        raise ConfigErrors([_in_variant(e, entry, field, str(referrer)) for e in errors]) from None
    if entry.set and made == load(
        entry.base, referrer=referrer, field=f"{field}.base", name=entry.name
    ):  # an empty set is a deliberate copy (an A/A test); a set that repeats the base is not
        warnings.warn(
            f"{referrer}: field '{field}' (variant '{entry.name}'): its set changes nothing: "
            f"every value it sets is {entry.base}'s already, so it runs as {entry.base}",
            ConfigWarning,
            stacklevel=2,
        )
    return made


def _in_variant(error: ConfigError, entry: Variant, field: str, referrer: str) -> ConfigError:
    """``error`` from a variant's overrides, as the experiment file's address of the value:
    ``strategies[3].set.compliance.max_contacts_per_week (variant 'capped')``."""
    if error.file != referrer or not entry.set:
        return error  # a problem of the base file itself, named there
    path = error.field or ""
    key = path.removeprefix("set.") if path.startswith("set.") else None
    for dotted in entry.set:
        if key is None and (path == dotted or (path and dotted.startswith(f"{path}."))):
            key = dotted
    where = f"{field}.set.{key}" if key is not None else ".".join(filter(None, (field, path)))
    out = ConfigError(error.file, where, error.expected, *_got(error))
    named = str(out).replace(f"field '{where}'", f"field '{where}' (variant '{entry.name}')", 1)
    out.args = (named,)
    return out


def _got(error: ConfigError) -> tuple[Any, ...]:
    """The value an error reports, if it reports one."""
    return (error.got,) if str(error).endswith(f", got {error.got!r}") else ()


def _tape_size(portfolio: Portfolio | None, borrowers: int, file: str) -> list[ConfigError]:
    """A run of a tape takes a sample of its accounts: at most all of them."""
    if isinstance(portfolio, TapePortfolio) and borrowers > portfolio.tape.rows:
        expected = (
            f"at most the tape's {portfolio.tape.rows:,} accounts (a run takes a sample of the "
            "tape, the same in every run)"
        )
        return [ConfigError(file, "borrowers", expected, borrowers)]
    return []


def load_experiment(ref: str | Path) -> Experiment:
    """Load and validate an experiment and everything it names; collect all errors."""
    path = resolve_path("experiment", str(ref))
    data = read_toml(path)
    spec = validate(ExperimentFile, data, path)
    errors: list[ConfigError] = []
    portfolio, scenarios, strategies, own, crossed = _load_named(spec, path, errors)
    if errors:
        raise ConfigErrors(errors)
    strategies, books = pair_books(strategies, own, crossed, portfolio)
    errors.extend(_name_errors(spec, str(path), strategies, scenarios))
    errors.extend(check_budget(spec.budget, str(path)))
    fields: tuple[SweepField, ...] = ()
    points: tuple[dict[str, Any], ...] = ({},)
    if spec.sweep:
        targets = {"strategy": strategies, "scenario": scenarios, "portfolio": [portfolio]}
        swept = attempt(errors, check_sweeps, spec.sweep, str(path), targets, spec.seed)
        fields, points = swept or (fields, points)
    if errors:
        raise ConfigErrors(errors)
    for message in design_warnings(spec, str(path)):
        warnings.warn(message, ConfigWarning, stacklevel=2)
    return Experiment(
        spec, str(path), portfolio, tuple(scenarios), tuple(strategies), fields, points, books
    )


def _load_named(spec: ExperimentFile, path: Path, errors: list[ConfigError]) -> tuple:
    """What the file names: (portfolio, scenarios, strategies, each strategy's own book or
    None, the books crossed with every strategy); a part that fails is None, its errors
    added to ``errors``, with those of the tape's size and the scenarios' books."""
    tried = functools.partial(attempt, errors)
    portfolio = tried(
        load_book, spec.portfolio, referrer=path, field="portfolio", settings=spec.tape
    )
    errors.extend(_tape_size(portfolio, spec.borrowers, str(path)))
    scenarios = [
        tried(_loader(load_scenario, entry, f"scenarios[{i}]"), referrer=path)
        for i, entry in enumerate(spec.scenarios)
    ]
    strategies = [
        tried(_loader(load_strategy, entry, f"strategies[{i}]"), referrer=path)
        for i, entry in enumerate(spec.strategies)
    ]
    own = [
        tried(load_book, e.portfolio, referrer=path, field=f"strategies[{i}].portfolio")
        if isinstance(e, Variant) and e.portfolio is not None
        else None
        for i, e in enumerate(spec.strategies)
    ]
    crossed = [
        tried(_loader(load_book, ref, f"portfolios[{i}]"), referrer=path)
        for i, ref in enumerate(spec.portfolios)
    ]
    errors.extend(scenario_books(spec.scenarios, str(path)))
    return portfolio, scenarios, strategies, own, crossed


def _name_errors(
    spec: ExperimentFile, file: str, strategies: list[Strategy], scenarios: list[Scenario]
) -> list[ConfigError]:
    """Strategy names too long once joined with their book's, names repeated, a champion
    that is none of the strategies."""
    names = [s.name for s in strategies]
    errors = [
        ConfigError(
            file,
            "portfolios",
            f"strategy and portfolio names that join into at most {MAX_NAME} characters "
            f"('{name}' has {len(name)})",
        )
        for name in names
        if len(name) > MAX_NAME
    ]
    for label, values in (("strategies", names), ("scenarios", [s.name for s in scenarios])):
        dup = sorted({n for n in values if values.count(n) > 1})
        if dup:
            errors.append(ConfigError(file, label, f"distinct names (repeated: {', '.join(dup)})"))
    if spec.champion is not None and spec.champion not in names:
        errors.append(
            ConfigError(
                file, "champion", f"one of the strategies ({', '.join(names)})", spec.champion
            )
        )
    return errors


#: base samples N below which Sobol indices are mostly noise (they leave 0..1: an input
#: "explains" 143% of the variance); Saltelli's estimators want hundreds
SOBOL_MIN_SAMPLES = 64


def design_warnings(spec: ExperimentFile, file: str) -> list[str]:
    """What runs but will not support its own analysis: a Sobol design too small."""
    out = []
    for i, sweep in enumerate(spec.sweep):
        if sweep.method == "sobol" and (sweep.samples or 0) < SOBOL_MIN_SAMPLES:
            out.append(
                f"{file}: field 'sweep[{i}].samples': {sweep.samples} base samples are too few "
                f"for Sobol indices of '{sweep.field}' (they will be mostly noise and can fall "
                f"outside 0..1); use samples >= {SOBOL_MIN_SAMPLES}, better 256 or more"
            )
    return out


def budget_direction(key: str) -> Direction | None:
    """Which way a budget key is better: MINIMIZE makes its limit a cap, MAXIMIZE a floor;
    None if it cannot be a budget (not a metric, or a metric with no direction)."""
    if key == "cost_ratio":
        return Direction.MINIMIZE
    metric = METRICS.get(key)
    if metric is None or metric.direction is Direction.INFO:
        return None
    return metric.direction


def check_budget(budget: dict[str, float], file: str) -> list[ConfigError]:
    """Each budget key must be cost_ratio or a metric with a direction."""
    known = ["cost_ratio", *(m for m in METRICS if budget_direction(m) is not None)]
    return [
        ConfigError(file, f"budget.{key}", f"cost_ratio or a metric name ({', '.join(known)})")
        for key in budget
        if budget_direction(key) is None
    ]
