"""Moment functions: the built-in one, and finding the one a targets file names.

A targets file's ``[run] moments`` names a *factory*: ``"metrics"`` (built
in, :class:`RunMoments`) or ``"package.module:factory"``, a callable taking
the :class:`~collectsim.config.targets.Targets` (its run settings, loaded
scenarios and strategy) and returning the moment function,
``moments(portfolio, seeds) -> {name: value}``. A moment function with a
``close()`` method (a pool of processes) is closed when the fit ends.

The built-in function runs the strategy in every scenario with every seed,
through the runner's backends (serial, or a pool of processes: the runs of
one evaluation in parallel, with the same results either way), and returns,
per scenario ``s`` and averaged over the seeds:

- ``s.<metric>``: every per-run metric (:mod:`collectsim.metrics`);
- ``s.share_<state>``: the share of accounts in each state of the daily
  series (``accounts_<state>``), averaged over the second half of the run
  (after the opening book has worked through), and ``s.share_past_due``,
  the sum over the states past due (``dpd_…``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from collectsim.analysis.fit.objective import MomentFunction
from collectsim.config import Portfolio
from collectsim.config.targets import Targets
from collectsim.errors import CollectsimError, ConfigError
from collectsim.runner.backends import Outcome, RunKey, Task
from collectsim.runner.launch import open_backend

#: the built-in moment factories, by the name a targets file gives
BUILT_IN = ("metrics",)


def run_moments(outcome: Outcome, borrowers: int) -> dict[str, float]:
    """One run's moments (unprefixed): its metrics and its state shares."""
    out = {name: float(value) for name, value in outcome.metrics.items()}
    past_due = 0.0
    for name, series in outcome.daily.items():
        if not name.startswith("accounts_"):
            continue
        values = np.asarray(series, dtype=float)
        share = float(values[len(values) // 2 :].mean()) / borrowers
        state = name.removeprefix("accounts_")
        out[f"share_{state}"] = share
        past_due += share if state.startswith("dpd_") else 0.0
    out["share_past_due"] = past_due
    return out


class RunMoments:
    """The built-in moment function (see the module's docstring)."""

    def __init__(self, targets: Targets):
        run = targets.file.run
        self.targets = targets
        self.backend = open_backend(run.backend, run.workers)

    def tasks(self, portfolio: Portfolio, seeds: Sequence[int]) -> list[Task]:
        run = self.targets.file.run
        return [
            Task(
                RunKey(0, c, r, 0),
                portfolio,
                scenario,
                self.targets.strategy,
                run.borrowers,
                run.horizon_days,
                int(seed),
            )
            for c, scenario in enumerate(self.targets.scenarios)
            for r, seed in enumerate(seeds)
        ]

    def __call__(self, portfolio: Portfolio, seeds: Sequence[int]) -> dict[str, float]:
        sums: dict[str, float] = {}
        # summed in a fixed order, whatever order the runs finished in: the same floats
        outcomes = sorted(self.backend.run(self.tasks(portfolio, seeds)), key=lambda o: o.key)
        for outcome in outcomes:
            if not outcome.ok:
                raise CollectsimError(
                    f"a run of the fit failed: {outcome.error}\n{outcome.traceback}"
                )
            scenario = self.targets.scenarios[outcome.key.scenario].name
            for name, value in run_moments(outcome, self.targets.file.run.borrowers).items():
                key = f"{scenario}.{name}"
                sums[key] = sums.get(key, 0.0) + value
        return {k: sums[k] / len(seeds) for k in sorted(sums)}

    def close(self) -> None:
        self.backend.close()


def _import(spec: str, targets: Targets) -> Any:
    module, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(
            targets.source,
            "run.moments",
            f"'metrics' or an importable 'package.module:factory' ({exc})",
            spec,
        ) from None


def make_moment_function(targets: Targets) -> MomentFunction:
    """The moment function ``[run] moments`` names, built for these targets."""
    spec = targets.file.run.moments
    if spec == "metrics":
        return RunMoments(targets)
    if ":" not in spec:
        raise ConfigError(
            targets.source, "run.moments", f"one of {BUILT_IN} or 'package.module:factory'", spec
        )
    factory = _import(spec, targets)
    fn: MomentFunction = factory(targets)
    return fn


@contextmanager
def moment_function(targets: Targets) -> Iterator[MomentFunction]:
    """The named moment function, closed afterwards if it can be (a pool of processes)."""
    fn = make_moment_function(targets)
    try:
        yield fn
    finally:
        close = getattr(fn, "close", None)
        if callable(close):
            close()
