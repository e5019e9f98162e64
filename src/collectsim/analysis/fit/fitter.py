"""Fit portfolio parameters to field moments by the method of simulated moments.

:func:`fit` takes validated targets and a moment function and returns the
best parameters it finds, with their moments; with an output folder it keeps
a journal there (so an interrupted fit resumes where it stopped) and writes
the fitted parameters and the fit table (:mod:`.outputs`).

    from collectsim.analysis.fit import fit, load_targets, moment_function
    targets = load_targets("targets/example.toml")
    with moment_function(targets) as moments:
        result = fit(targets, moments, out="results/fit-example")
    print(format_fit(result))
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from collectsim.analysis.fit.journal import JOURNAL, Journal, simulation_key
from collectsim.analysis.fit.objective import Evaluation, MomentFunction, Objective
from collectsim.analysis.fit.outputs import prepare_folder, write_outputs
from collectsim.analysis.fit.result import FitResult
from collectsim.analysis.fit.search import search
from collectsim.analysis.fit.space import Box
from collectsim.config.targets import Targets
from collectsim.errors import CollectsimError
from collectsim.runner.seeds import run_seed


class ModelChanged(CollectsimError):
    """The journal's first point simulates differently now: the model or moments changed."""

    exit_status = 2


def fit_seeds(targets: Targets) -> tuple[int, ...]:
    """The replication seeds every evaluation uses (common random numbers), as the runner's."""
    run = targets.file.run
    return tuple(run_seed(run.seed, r) for r in range(run.replications))


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    if a.keys() != b.keys():
        return False
    return all(
        (math.isnan(a[k]) and math.isnan(b[k])) or math.isclose(a[k], b[k], rel_tol=1e-9) for k in a
    )


def _open_journal(targets: Targets, out: Path, f: Objective) -> Journal:
    """The journal in ``out``, its points in the cache, its first point checked again."""
    names = [p.name for p in targets.parameters]
    journal = Journal.open(out / JOURNAL, simulation_key(targets, f.seeds), names)
    if journal.order:
        first = journal.order[0]
        if not _same(f.simulate(first), journal.entries[first]):
            raise ModelChanged(
                f"{out / JOURNAL}: the first point simulates differently now (the model or the "
                "moment function changed); use --fresh to start over"
            )
    f.cache.update(journal.entries)
    f.record = journal.append
    return journal


def fit(
    targets: Targets,
    moments: MomentFunction,
    *,
    out: str | Path | None = None,
    fresh: bool = False,
    progress: Callable[[Evaluation], None] | None = None,
    seeds: Sequence[int] | None = None,
) -> FitResult:
    """Fit ``targets``' parameters so ``moments`` matches the targets (see :mod:`.search`).

    ``moments(portfolio, seeds)`` is called with the same ``seeds`` every time
    (default: the run settings' replication seeds). With ``out``, the journal
    there is read and extended, so the same call after an interruption goes
    on where it stopped (``fresh`` discards it), and the outputs are written
    at the end (:mod:`~collectsim.analysis.fit.outputs`).
    """
    started = time.perf_counter()
    settings = targets.file.search
    f = Objective(
        targets,
        moments,
        fit_seeds(targets) if seeds is None else seeds,
        max_evaluations=settings.max_evaluations,
        progress=progress,
    )
    folder = None if out is None else prepare_folder(out, fresh=fresh)
    if folder is not None:
        _open_journal(targets, folder, f)
    box = Box.of([p.bounds for p in targets.parameters])
    found = search(f, box, targets.starts(), settings, targets.file.run.seed)
    if not math.isfinite(found.objective):
        raise CollectsimError(
            f"{targets.source}: no point of the search gave finite moments (or values the "
            "portfolio accepts together); check the bounds and the moment function"
        )
    result = FitResult(
        targets=targets,
        values=found.values,
        simulated=dict(f.cache[found.values]),
        objective=found.objective,
        evaluations=f.calls,
        simulations=f.simulations,
        converged=found.converged,
        message=found.message,
        seconds=time.perf_counter() - started,
    )
    if folder is not None:
        write_outputs(result, folder)
    return result
