"""Back-test file schema: a tape at a start date, what happened next, the lender's strategy.

::

    # backtests/q2.toml
    name = "q2"
    start = "data/book_2026-03-31.csv"     # the tape at the start date (as_of in its TOML)
    history = "data/status_q2.csv"         # a later tape, or a status history (a date column)
    strategy = "standard"                  # what the lender did over the period
    scenario = "baseline"
    replications = 20
    seed = 1
    [[parameter]]                          # optional: fitted by collectsim backtest --fit
    address = "behaviour.cure_intensity"
    bounds = [0.001, 0.02]

The history's dates, counted from the start tape's ``as_of``, are the days
the run is compared at; the last is its horizon. Everything is read and
checked before anything runs or is written.

>>> BacktestFile(name="x", start="a.csv", history="b.csv", seed=1).replications
10
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import Field

from collectsim.config.experiment import Variant, _loader
from collectsim.config.files import read_toml, resolve_path
from collectsim.config.limits import MAX_DAYS, MAX_REPLICATIONS, MAX_SEED, MAX_WORKERS
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.config.tape import (
    TapePortfolio,
    load_book,
    read_checked,
    resolve_tape,
    settings_for,
)
from collectsim.config.tape_columns import rows_text
from collectsim.config.tape_read import Tape, epoch_day
from collectsim.config.tape_settings import TapeSettings
from collectsim.config.targets import Parameter, SearchSettings, _check_parameter
from collectsim.config.validation import NAME_PATTERN, Schema, param, validate
from collectsim.errors import ConfigError, ConfigErrors, attempt

#: most distinct dates a history may have (a daily history of two years)
MAX_DATES = 731


class BacktestFile(Schema):
    name: str = Field(pattern=NAME_PATTERN)
    """identifier; also the output folder, results/backtest-<name>"""
    description: str = ""
    start: str = Field(min_length=1)
    """the tape at the start date (CSV or Parquet; its settings beside it give as_of)"""
    history: str = Field(min_length=1)
    """what happened next: a later tape of the same accounts (its as_of), or a status
    history with a date column"""
    start_settings: TapeSettings | None = None
    """settings of the start tape, in place of the TOML beside it"""
    history_settings: TapeSettings | None = None
    """settings of the history, in place of the TOML beside it"""
    strategy: str | Variant = "standard"
    """the strategy the lender ran over the period"""
    scenario: str | Variant = "baseline"
    """the economy and rules of the period"""
    replications: int = param(10, unit="runs", ge=2, le=MAX_REPLICATIONS)
    """runs, each with its own seed: the spread of what the model predicts"""
    seed: int = Field(ge=0, le=MAX_SEED)
    borrowers: int | None = param(None, unit="accounts", ge=1)
    """simulate a sample of this many of the tape's accounts (default: all)"""
    absent: Literal["unknown", "closed"] = "unknown"
    """an account of the start tape that a later date does not show: left out of what needs
    that date ("unknown"), or counted as closed (a tape of the open book drops paid-off
    accounts)"""
    workers: int | None = param(None, unit="processes", ge=1, le=MAX_WORKERS)
    """processes for the replications (default: one)"""
    parameter: list[Parameter] = Field(default_factory=list)
    """behavioural parameters a fit (--fit) moves, with their bounds"""
    moments: list[str] | None = None
    """the measures a fit matches (default: every measure the history supports)"""
    search: SearchSettings = Field(default_factory=lambda: SearchSettings(max_evaluations=60))
    """how a fit searches"""


@dataclass(frozen=True)
class Backtest:
    """A validated back-test: the tape as a portfolio, what happened next, the strategy."""

    file: BacktestFile
    source: str
    portfolio: TapePortfolio
    scenario: Scenario
    strategy: Strategy
    history: Tape
    days: tuple[int, ...]
    """the history's dates as days after the start (increasing; the last is the horizon)"""

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def borrowers(self) -> int:
        return self.file.borrowers or self.portfolio.tape.rows


def _history(spec: BacktestFile, path: Path, start: TapePortfolio) -> tuple[Tape, tuple[int, ...]]:
    """The history, its dates as days after the start tape's as_of."""
    file = str(path)
    begun = start.tape.settings.as_of
    if begun is None:
        raise ConfigError(
            start.tape.path, "as_of", "the date the start tape describes (in its settings)"
        )
    where = resolve_tape(spec.history, path, "history")
    settings, _ = settings_for(where, spec.history_settings)
    tape = read_checked(where, settings, kind="history")
    if tape.date is None:
        if settings.as_of is None:
            raise ConfigError(str(where), "as_of", "a date column, or as_of in its settings")
        days = np.full(tape.rows, (settings.as_of - begun).days, dtype=np.int64)
    else:
        days = tape.date.astype(np.int64) - epoch_day(begun)
    bad = days < 0
    if bad.any():
        rows = rows_text(tape.in_file_order(bad))
        raise ConfigError(
            str(where), "date", f"dates on or after the start ({begun}); not so in {rows}"
        )
    found = tuple(int(d) for d in np.unique(days[days > 0]))
    if not found or found[-1] > MAX_DAYS or len(found) > MAX_DATES:
        raise ConfigError(
            file, "history", f"1 to {MAX_DATES} dates after the start, within {MAX_DAYS} days"
        )
    return tape, found


def load_backtest(ref: str | Path) -> Backtest:
    """Load and check a back-test file and everything it names; every problem at once."""
    path = resolve_path("backtest", str(ref))
    spec = validate(BacktestFile, read_toml(path), path)
    errors: list[ConfigError] = []

    def tried(fn: Any) -> Any:
        return attempt(errors, fn, referrer=path)

    load = functools.partial(load_book, spec.start, field="start", settings=spec.start_settings)
    portfolio = tried(load)
    strategy = tried(_loader(load_strategy, spec.strategy, "strategy"))
    scenario = tried(_loader(load_scenario, spec.scenario, "scenario"))
    if errors:
        raise ConfigErrors(errors)
    if not isinstance(portfolio, TapePortfolio):
        raise ConfigError(str(path), "start", "a tape file (.csv, .parquet)", spec.start)
    if spec.borrowers is not None and spec.borrowers > portfolio.tape.rows:
        raise ConfigError(
            str(path), "borrowers", f"at most the tape's {portfolio.tape.rows:,}", spec.borrowers
        )
    for i, p in enumerate(spec.parameter):
        errors.extend(_check_parameter(p, i, portfolio, str(path)))
    if errors:
        raise ConfigErrors(errors)
    history, days = _history(spec, path, portfolio)
    assert isinstance(strategy, Strategy) and isinstance(scenario, Scenario)
    return Backtest(spec, str(path), portfolio, scenario, strategy, history, days)
