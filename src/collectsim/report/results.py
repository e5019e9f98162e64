"""The results a researcher holds: the tables of :mod:`collectsim.analysis.results` plus
the report's figures. This is what ``collectsim.run_experiment`` and
``collectsim.load_results`` return, and it is ``collectsim.Results``.

It sits in the report layer because its ``plot_*`` methods draw figures; the
runner writes the folder and the analysis layer reads its tables, neither
knowing about plots. Each ``plot_*`` returns a matplotlib ``Figure`` to
restyle, show or save: ``res.save(fig, "frontier.pdf")`` writes a vector
file for a paper, ``res.save(fig, "frontier.png", dpi=300)`` a sharper PNG.

>>> import collectsim
>>> res = collectsim.run_experiment("quickstart", backend="serial")  # doctest: +SKIP
>>> res.plot_frontier()  # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from collectsim.analysis import results as tables
from collectsim.analysis.stats import write_tables
from collectsim.analysis.variants import inert_variants
from collectsim.config.experiment import Experiment, load_experiment
from collectsim.errors import ConfigError, ConfigWarning
from collectsim.report import plots
from collectsim.report.fonts import one_glyph_warning
from collectsim.report.style import save_figure
from collectsim.runner.experiment import run
from collectsim.runner.manifest import identity


class Results(tables.Results):
    """One experiment's outputs (runs, daily series, summary, comparisons, budget) and figures.

    For a swept experiment the figures show one sweep point (``point=``, default
    the first), as the report does; :func:`collectsim.report.plots.sweep` shows
    the headline metrics across every point.
    """

    def plot_frontier(self, **kw: Any) -> Figure:
        """Economic value against the loss rate per strategy, a panel per scenario: means
        with 95% CIs in both directions, the efficient frontier, and the budgets set on the
        axes' metrics (the cost budget on cost against collected).
        Keywords: ``x_metric``, ``y_metric`` (any metric), ``point`` (sweep point)."""
        with one_glyph_warning():
            return plots.frontier(self, **kw)

    def plot_tradeoff(self, **kw: Any) -> Figure:
        """Complaints against collected per strategy and scenario, with the complaint budget
        as a red line and the side it excludes shaded. Keywords: ``x_metric``, ``point``."""
        with one_glyph_warning():
            return plots.tradeoff(self, **kw)

    def plot_differences(self, **kw: Any) -> Figure:
        """Forest plot of each challenger minus the champion on the same borrowers (paired),
        mean and 95% CI per metric and scenario; filled where the CI excludes zero.
        Keywords: ``metrics`` (default the headline metrics), ``point``."""
        with one_glyph_warning():
            return plots.differences(self, **kw)

    def plot_buckets(self, strategy: str, scenario: str, **kw: Any) -> Figure:
        """Share of accounts by state (current, 1-29 days past due, ..., written off) over
        time for one strategy in one scenario, mean over replications. Keyword: ``point``."""
        with one_glyph_warning():
            return plots.buckets(self, strategy, scenario, **kw)

    def plot_series(self, metric: str, **kw: Any) -> Figure:
        """A daily series (a column of ``daily.csv``, e.g. ``"reputation"`` or
        ``"collected_to_date"``) over time: a line per strategy with its 95% CI band, a
        panel per scenario. Keyword: ``point``."""
        with one_glyph_warning():
            return plots.series(self, metric, **kw)

    def save(self, fig: Figure, path: str | Path, *, dpi: int | None = None) -> Path:
        """Save a figure as PNG (at ``dpi``, default 100), SVG or PDF, by ``path``'s suffix;
        a relative path is taken inside this results folder's ``plots/``."""
        target = Path(path)
        if not target.is_absolute():
            target = self.folder / "plots" / target
        return save_figure(fig, target, dpi=dpi)


def load_results(folder: str | Path) -> Results:
    """Open a finished results folder; ConfigError if it is not one or is not finished."""
    folder = Path(folder)
    return Results(folder, tables.check_results_folder(folder))


def finished_folder(exp: Experiment, out: str | Path | None, trace: int) -> Path | None:
    """The folder holding this experiment's complete results, computed by this code, or None.

    Complete means every run succeeded and the tables were written (status
    'complete'); the same means everything the runner checks before it reuses
    a run (:func:`collectsim.runner.manifest.identity`: the configuration's
    hash, the trace setting, the code's version and results format).
    """
    folder = Path(out) if out else Path("results") / exp.name
    try:
        manifest = tables.check_results_folder(folder)
    except ConfigError:
        return None
    if manifest.get("status") != "complete":
        return None
    same = all(manifest.get(k) == v for k, v in identity(exp, trace).items())
    return folder if same else None


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

    A folder that already holds this experiment's complete results is loaded,
    not run again (nor are its files rewritten); ``fresh=True`` runs it anew.
    A variant whose every run equals its base's is named in a ConfigWarning.
    The arguments are those of :func:`collectsim.runner.experiment.run`; the
    statistics are :func:`collectsim.analysis.stats.write_tables`. Runs that
    raised are listed in ``results.failures`` (and a RuntimeWarning says so);
    calling again retries them.
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    done = None if fresh else finished_folder(exp, out, trace)
    folder = done or run(
        exp,
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
    results = load_results(folder)
    for note in inert_variants(results):
        warnings.warn(note, ConfigWarning, stacklevel=2)
    return results
