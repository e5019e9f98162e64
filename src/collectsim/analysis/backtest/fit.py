"""Fitting behaviour to the lender's own history: the fitter, on the back-test's measures.

The moments are the back-test's measures of the history (roll and cure rates,
charge-offs, balances paid down, the share past due), each weighted by the
inverse square of its standard error in the data, so a rate measured on a
handful of accounts counts for little; the moment function runs the tape
under the lender's strategy with the candidate parameters and the same
seeds every time (common random numbers), through the fitter of
:mod:`collectsim.analysis.fit`. What it finds is written as a whole portfolio
file (the tape settings' portfolio with the fitted values), to name as the
tape's ``portfolio`` from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import tomli_w

from collectsim.analysis.backtest.measures import Value
from collectsim.analysis.backtest.run import seeds as run_seeds
from collectsim.analysis.backtest.run import simulate
from collectsim.analysis.fit import Evaluation, FitResult, fit
from collectsim.config import Portfolio, load_portfolio
from collectsim.config.backtest import Backtest
from collectsim.config.files import looks_like_path, resolve_path
from collectsim.config.tape import settings_path
from collectsim.config.targets import Moment, RunSettings, Targets, TargetsFile, apply_values
from collectsim.errors import ConfigError
from collectsim.runner.atomic import atomic_write_text

#: fewest accounts behind a rate for it to be a moment by default
MIN_ACCOUNTS = 30


class BacktestMoments:
    """``moments(portfolio, seeds)``: the back-test's measures averaged over the seeds."""

    def __init__(self, bt: Backtest, names: Sequence[str], workers: int = 1):
        self.bt, self.names, self.workers = bt, tuple(names), workers

    def __call__(self, portfolio: Portfolio, seeds: Sequence[int]) -> dict[str, float]:
        runs = simulate(self.bt, seeds, portfolio=portfolio, workers=self.workers)
        return {n: float(np.nanmean([r.get(n, np.nan) for r in runs])) for n in self.names}


def moment_names(bt: Backtest, actual: dict[str, Value]) -> list[str]:
    """The measures a fit matches: those the file names, else every one the history
    supports on enough accounts."""
    usable = [k for k, v in actual.items() if v.n > 0 and np.isfinite(v.value)]
    if bt.file.moments is not None:
        unknown = [m for m in bt.file.moments if m not in usable]
        if unknown:
            raise ConfigError(
                bt.source,
                "moments",
                f"measures the history supports ({', '.join(usable)})",
                unknown,
            )
        return list(bt.file.moments)
    return [k for k in usable if actual[k].n >= MIN_ACCOUNTS and actual[k].se > 0]


def base_reference(bt: Backtest) -> str:
    """The tape's portfolio as a preset name or a path from the working folder."""
    ref = bt.portfolio.tape.settings.portfolio
    if not looks_like_path(ref):
        return ref
    beside = settings_path(Path(bt.portfolio.tape.path))
    return str(resolve_path("portfolio", ref, referrer=beside if beside.is_file() else bt.source))


def targets_for(bt: Backtest, actual: dict[str, Value], names: Sequence[str]) -> Targets:
    """The fitter's targets: the back-test's parameters, the history's measures."""
    if not bt.file.parameter:
        raise ConfigError(bt.source, "parameter", "[[parameter]] tables naming what --fit moves")
    spec = TargetsFile(
        name=f"backtest-{bt.name}",
        description=f"behaviour fitted to the history of back-test {bt.name}",
        run=RunSettings(
            moments="backtest",
            portfolio=base_reference(bt),
            strategy=bt.strategy.name,
            scenarios=[bt.scenario.name],
            borrowers=bt.borrowers,
            horizon_days=bt.days[-1],
            replications=bt.file.replications,
            seed=bt.file.seed,
        ),
        search=bt.file.search,
        parameter=list(bt.file.parameter),
        moment=[
            Moment(name=n, target=actual[n].value, se=actual[n].se, source="the lender's history")
            for n in names
        ],
    )
    return Targets(spec, bt.source, bt.portfolio, (bt.scenario,), bt.strategy)


def fitted_portfolio(bt: Backtest, result: FitResult) -> Portfolio:
    """The tape's portfolio (not the tape) with the fitted values."""
    base = load_portfolio(base_reference(bt))
    return apply_values(base, result.targets.parameters, result.values, bt.source)


def fit_history(
    bt: Backtest,
    actual: dict[str, Value],
    out: Path,
    *,
    fresh: bool = False,
    progress: Callable[[Evaluation], None] | None = None,
    workers: int = 1,
) -> tuple[FitResult, Portfolio]:
    """Fit the back-test's parameters to the history; write the fit into ``out``."""
    names = moment_names(bt, actual)
    targets = targets_for(bt, actual, names)
    moments = BacktestMoments(bt, names, workers)
    result = fit(targets, moments, out=out, fresh=fresh, progress=progress, seeds=run_seeds(bt))
    portfolio = fitted_portfolio(bt, result)
    data = portfolio.model_dump(mode="json")
    data.update(name=f"{portfolio.name}_fitted", description=f"fitted to back-test {bt.name}")
    note = f"# {bt.name}: behaviour fitted to the lender's history by collectsim backtest --fit\n"
    atomic_write_text(out / "portfolio.toml", note + tomli_w.dumps(data))
    return result, portfolio
