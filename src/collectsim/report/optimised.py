"""An optimisation's results as a researcher holds them, its figures, and its report.

``collectsim.optimise`` runs an optimisation (:mod:`collectsim.optimiser.run`),
draws its figures and writes ``report.html``: the validation experiment's
report (the optimised strategy against the champion on fresh replications)
opened by an "Optimised strategy" section that says what changed, what it
gains and what it costs. It returns :class:`OptimisationResults`.

>>> import collectsim
>>> res = collectsim.optimise("experiments/within_budget.toml", workers=2)  # doctest: +SKIP
>>> res.trials.head()  # doctest: +SKIP
>>> res.plot_front()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from collectsim.analysis.results import FINISHED, read_table
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.errors import ConfigError
from collectsim.optimiser.run import SUMMARY
from collectsim.optimiser.run import optimise as run_optimisation
from collectsim.optimiser.spec import Optimisation
from collectsim.optimiser.validate import FOLDER
from collectsim.report import optimised_words as words
from collectsim.report.html import Plot, embed, render_report
from collectsim.report.plots import optimise as figures
from collectsim.report.results import Results, load_results

#: (file stem, heading, how to read it, figure builder), in the section's order
PLOTS = [
    ("optimise_history", "The objective over trials",
     "Each candidate in the order proposed; the orange line is the best that kept every "
     "constraint on all replications, the green dashed line the champion.", figures.history),
    ("optimise_front", "The front",
     "Feasible trials, the Pareto front, the champion (star), the presets (diamonds) and the "
     "optimised strategy (ringed), on the search's replications.", figures.front),
    ("optimise_variables", "Each variable against the objective",
     "Where the good candidates lie for each decision variable.", figures.variables),
]  # fmt: skip


class OptimisationResults:
    """An optimisation folder: its trials, front, presets, summary, winner and validation."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.summary: dict[str, Any] = json.loads((self.folder / SUMMARY).read_text("utf-8"))
        self.trials = read_table(self.folder / "trials.csv")
        self.pareto = read_table(self.folder / "pareto.csv")
        self.presets = read_table(self.folder / "presets.csv")
        self.currency = str(self.summary.get("currency", "currency units"))
        best = self.folder / "best_strategy.toml"
        self.best_strategy: Strategy | None = load_strategy(str(best)) if best.is_file() else None
        self.validation: Results | None = None
        if (self.folder / FOLDER / "runs.csv").is_file():
            self.validation = load_results(self.folder / FOLDER)

    def best_row(self) -> pd.Series | None:
        """The winner's row of ``trials``, or None when no trial kept the constraints."""
        number = self.summary.get("best_trial")
        rows = (
            self.trials[self.trials["trial"] == number] if number is not None else self.trials[:0]
        )
        return rows.iloc[0] if len(rows) else None

    def plot_history(self) -> Figure:
        return figures.history(self)

    def plot_front(self) -> Figure:
        return figures.front(self)

    def plot_variables(self) -> Figure:
        return figures.variables(self)


def load_optimisation_results(folder: str | Path) -> OptimisationResults:
    """Open a finished optimisation folder; ConfigError if it is not one."""
    folder = Path(folder)
    manifest = folder / "manifest.json"
    try:
        status = json.loads(manifest.read_text("utf-8")).get("status")
    except (OSError, ValueError):
        status = None
    if status not in FINISHED or not (folder / SUMMARY).is_file():
        raise ConfigError(
            str(folder), None, "a finished optimisation folder (run collectsim optimise)"
        )
    return OptimisationResults(folder)


@dataclass
class Section:
    """What the template's "Optimised strategy" section shows."""

    changed: str
    gain: str
    tradeoffs: list[str]
    changes: list[dict[str, Any]]
    plots: list[Plot]
    files: list[str]


def section(results: OptimisationResults) -> Section:
    """The section's words and figures (the figures saved in ``plots/``)."""
    drawn = []
    for name, heading, caption, build in PLOTS:
        path = results.folder / "plots" / f"{name}.png"
        drawn.append(Plot(name, heading, caption, path, embed(build(results), path)))
    s = results.summary
    return Section(
        changed=words.changed_text(s),
        gain=words.gain_text(s),
        tradeoffs=words.tradeoff_text(s, results.validation),
        changes=[{**c, "text": words.lever_text(c)} for c in s.get("changes", [])],
        plots=drawn,
        files=["trials.csv", "pareto.csv", "presets.csv", "best_strategy.toml", SUMMARY],
    )


def write_optimisation_report(folder: str | Path) -> Path | None:
    """``report.html`` for an optimisation folder; None when there is no winner to report."""
    results = load_optimisation_results(folder)
    if results.validation is None:
        return None
    s = results.summary
    metric = s["objectives"][0]["metric"].replace("_", " ")
    within = f" within {', '.join(s['constraints'])}" if s["constraints"] else ""
    question = s.get("description") or (
        f"Which changes to {s['base']} give the best {metric}{within}, and does the gain hold "
        "on fresh replications?"
    )
    extra = {"optimised": section(results), "name": s["name"], "question": question}
    return render_report(results.validation, out=results.folder, extra=extra)


def optimise(
    optimisation: str | Path | Optimisation,
    out: str | Path | None = None,
    *,
    report: bool = True,
    **settings: Any,
) -> OptimisationResults:
    """Run an optimisation (a file or a loaded Optimisation) and return its results.

    ``settings`` are those of :func:`collectsim.optimiser.run.optimise`:
    ``trials``, ``workers``, ``backend``, ``scheduler``, ``fresh``, ``quiet``. When no
    candidate keeps the constraints, a RuntimeWarning
    says so and ``best_strategy`` is None.
    """
    folder = run_optimisation(optimisation, out, **settings)
    results = load_optimisation_results(folder)
    if results.best_strategy is None:
        warnings.warn(
            f"no candidate kept every constraint; see {folder / 'trials.csv'}",
            RuntimeWarning,
            stacklevel=2,
        )
    elif report:
        write_optimisation_report(folder)
    return results
