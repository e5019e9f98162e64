"""The search: a small Latin hypercube for a start, then Nelder–Mead inside the bounds.

Why this optimiser. The objective is a deterministic function of the
parameters (common random numbers) but not a smooth one: every random
decision compares a fixed draw with a probability, so a small change of a
parameter flips a few decisions and the objective moves in small steps, flat
in between. Gradients by finite differences (L-BFGS-B, trust-region methods)
read those steps as zero or huge slopes and stall; a derivative-free simplex
method only compares values, and its simplex, wider than the steps, sees the
trend through them. Nelder–Mead is the robust, widely used choice for a few
parameters (Powell's line searches take more evaluations per direction and
are as easily fooled by the steps). It runs on the logit of each parameter's
share of its bounds (:mod:`.space`), so every point it asks for is valid.

Nelder–Mead is local, and a simplex can collapse early, so the search

1. evaluates the start (the targets file's ``start`` values, else the middle of
   the bounds) and ``global_points`` points of a seeded Latin hypercube, and
   starts from the best of them: a coarse global look that keeps a bad start
   from trapping the fit in a poor local minimum;
2. runs Nelder–Mead from there (first simplex ``initial_step`` of each range);
3. restarts it from its best point with a fresh simplex up to ``restarts``
   times, while that still lowers the objective by more than ``ftol``.

Every objective call counts against ``max_evaluations``; when they are spent
the search stops at its best point so far and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from collectsim.analysis.fit.objective import BudgetSpent, Objective
from collectsim.analysis.fit.space import Box
from collectsim.config.targets import SearchSettings

#: mixed into the run seed for the starting design, apart from the replication seeds
DESIGN_STREAM = 0xF17_5EED


@dataclass(frozen=True)
class SearchOutcome:
    values: tuple[float, ...]
    objective: float
    converged: bool
    """the last local search met its tolerances (not stopped by the evaluation budget)"""
    message: str


def design_seed(seed: int) -> int:
    """The starting design's seed, derived from the run seed."""
    return int(np.random.SeedSequence([seed, DESIGN_STREAM]).generate_state(1)[0])


def global_stage(
    f: Objective, box: Box, start: Sequence[float], points: int, seed: int
) -> tuple[float, ...]:
    """Evaluate the start and a Latin hypercube; return the best point."""
    f.stage = "start"
    f(np.asarray(start, dtype=float))
    f.stage = "global"
    for x in box.latin_hypercube(points, design_seed(seed)):
        f(x)
    assert f.best is not None
    return f.best.values


def local_stage(
    f: Objective, box: Box, x0: Sequence[float], settings: SearchSettings
) -> tuple[bool, str]:
    """One Nelder–Mead search from ``x0``; whether it met its tolerances, and scipy's word."""
    f.stage = "local"
    result = minimize(
        lambda z: f(box.from_z(z)),
        box.to_z(x0),
        method="Nelder-Mead",
        options={
            "initial_simplex": box.simplex(x0, settings.initial_step),
            # a share of the range du is at least 4 du in logit units (4 at the middle)
            "xatol": 4 * settings.xtol,
            "fatol": settings.ftol,
            "maxfev": settings.max_evaluations,
            "maxiter": settings.max_evaluations,
        },
    )
    return bool(result.success), str(result.message)


def search(
    f: Objective, box: Box, start: Sequence[float], settings: SearchSettings, seed: int
) -> SearchOutcome:
    """The whole search (see the module's docstring); the best point it found."""
    converged, message = False, ""
    try:
        x = global_stage(f, box, start, settings.global_points, seed)
        for _ in range(settings.restarts + 1):
            before = f.best.objective if f.best is not None else np.inf
            converged, message = local_stage(f, box, x, settings)
            assert f.best is not None
            x = f.best.values
            if before - f.best.objective <= settings.ftol:
                break
    except BudgetSpent:
        converged = False
        message = f"stopped after max_evaluations = {settings.max_evaluations}"
    assert f.best is not None
    return SearchOutcome(f.best.values, f.best.objective, converged, message)
