"""The results a researcher holds: the tables of :mod:`collectsim.analysis.results` plus
the report's figures. This is what ``collectsim.run_experiment`` and
``collectsim.load_results`` return, and it is ``collectsim.Results``.

It sits in the report layer because its ``plot_*`` methods draw figures; the
runner writes the folder and the analysis layer reads its tables, neither
knowing about plots.

>>> import collectsim
>>> res = collectsim.run_experiment("quickstart", backend="serial")  # doctest: +SKIP
>>> res.plot_frontier()  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from collectsim.analysis import results as tables
from collectsim.analysis.stats import write_tables
from collectsim.config.experiment import Experiment
from collectsim.report import plots
from collectsim.runner.experiment import run


class Results(tables.Results):
    """One experiment's outputs (runs, daily series, summary, comparisons, budget) and figures."""

    def plot_frontier(self, **kw: Any) -> Figure:
        return plots.frontier(self, **kw)

    def plot_tradeoff(self, **kw: Any) -> Figure:
        return plots.tradeoff(self, **kw)

    def plot_differences(self, **kw: Any) -> Figure:
        return plots.differences(self, **kw)

    def plot_buckets(self, strategy: str, scenario: str, **kw: Any) -> Figure:
        return plots.buckets(self, strategy, scenario, **kw)

    def plot_series(self, metric: str, **kw: Any) -> Figure:
        return plots.series(self, metric, **kw)


def load_results(folder: str | Path) -> Results:
    """Open a finished results folder; ConfigError if it is not one or is not finished."""
    folder = Path(folder)
    return Results(folder, tables.check_results_folder(folder))


def run_experiment(
    experiment: str | Path | Experiment,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    backend: str | None = None,
    scheduler: str | None = None,
    fresh: bool = False,
    trace: int = 0,
    quiet: bool = True,
    allow_long: bool = False,
) -> Results:
    """Run an experiment (a file, a preset name or a loaded Experiment); return its Results.

    The arguments are those of :func:`collectsim.runner.experiment.run`; the
    statistics are :func:`collectsim.analysis.stats.write_tables`. Runs that
    raised are listed in ``results.failures`` (and a RuntimeWarning says so);
    calling again retries them.
    """
    folder = run(
        experiment,
        out,
        tables=write_tables,
        workers=workers,
        backend=backend,
        scheduler=scheduler,
        fresh=fresh,
        trace=trace,
        quiet=quiet,
        allow_long=allow_long,
    )
    return load_results(folder)
