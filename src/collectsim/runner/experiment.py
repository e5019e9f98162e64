"""The experiment runner: strategies x scenarios x sweep points x replications, to disk.

:func:`run` checks everything first (the experiment, the output folder, the
backend), then runs every run not already finished in the folder, writing
each to disk the moment it returns, and finally assembles ``runs.csv``,
``daily.csv`` (and ``events.csv``, ``failures.csv``), has the statistics
written (``summary.csv``, ``comparison.csv``, ``budget.csv``: by the caller's
``tables``, as statistics are the analysis layer's) and ``manifest.json``.

- Common random numbers: replication r has one seed (:func:`collectsim.runner.seeds.run_seed`)
  shared by every strategy, scenario and sweep point, so comparisons are paired.
- Resume: a re-run skips finished runs and retries failed ones; a changed
  experiment, or runs written by another collectsim version or results
  format, is refused unless ``fresh``.
- A run that raises is recorded and the others go on; the command exits 1 at the end.

>>> import collectsim
>>> results = collectsim.run_experiment("quickstart", backend="serial")  # doctest: +SKIP
>>> results.summary.query("metric == 'recovery_rate'")  # doctest: +SKIP
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from collectsim.config.experiment import Experiment, load_experiment
from collectsim.config.sweeps import apply_point
from collectsim.engine.memory import check_fits
from collectsim.errors import ConfigError
from collectsim.runner.backends import Outcome, RunKey, Task, default_workers, open_backend
from collectsim.runner.manifest import identity, now, start_manifest
from collectsim.runner.outputs import Layout, assemble
from collectsim.runner.seeds import run_seed
from collectsim.runner.store import RunStore, check_out_path


# -- the plan --------------------------------------------------------------------------------
def run_keys(exp: Experiment) -> list[RunKey]:
    """Every run of the experiment, in output order."""
    return [
        RunKey(s, c, r, p)
        for s in range(len(exp.strategies))
        for c in range(len(exp.scenarios))
        for r in range(exp.file.replications)
        for p in range(len(exp.points))
    ]


def make_task(exp: Experiment, key: RunKey, trace: int) -> Task:
    """The self-contained task of one run, with the sweep point's values applied."""
    point, fields = exp.points[key.point], exp.sweep_fields
    return Task(
        key=key,
        portfolio=apply_point(exp.portfolio, "portfolio", point, fields),
        scenario=apply_point(exp.scenarios[key.scenario], "scenario", point, fields),
        strategy=apply_point(exp.strategies[key.strategy], "strategy", point, fields),
        borrowers=exp.file.borrowers,
        horizon_days=exp.file.horizon_days,
        seed=run_seed(exp.file.seed, key.replication),
        trace=trace,
    )


def layout_of(exp: Experiment) -> Layout:
    return Layout(
        experiment=exp.name,
        strategies=tuple(s.name for s in exp.strategies),
        scenarios=tuple(s.name for s in exp.scenarios),
        borrowers=exp.file.borrowers,
        horizon_days=exp.file.horizon_days,
        sweep_fields=exp.sweep_fields,
        points=exp.points,
    )


# -- running ---------------------------------------------------------------------------------
def record(store: RunStore, layout: Layout, outcome: Outcome, seed: int) -> None:
    """Write one finished run (or its failure) to the store at once."""
    key = outcome.key
    if outcome.ok:
        part = {
            "key": [key.strategy, key.scenario, key.replication, key.point],
            "seed": seed,
            "seconds": outcome.seconds,
            "runs": layout.runs_row(key, seed, outcome.metrics),
            "daily": layout.daily_rows(key, outcome.daily),
            "events": layout.event_rows(key, outcome.events),
        }
        store.write_part(key.stem, part)
    else:
        row = layout.failure_row(key, seed, outcome.error or "", outcome.traceback)
        store.write_failure(key.stem, {"stem": key.stem, "error": outcome.error, "row": row})


def progress(total: int, initial: int, name: str, quiet: bool):
    from tqdm.auto import tqdm

    return tqdm(
        total=total, initial=initial, desc=name, unit="run", disable=quiet, dynamic_ncols=True
    )


def execute(
    exp: Experiment, store: RunStore, backend: Any, keys: list[RunKey], trace: int, quiet: bool
) -> dict[str, float]:
    """Run every key without a part; return counts and the model's own seconds."""
    done = store.done()
    todo = [k for k in keys if k.stem not in done]
    layout = layout_of(exp)
    tasks: Iterator[Task] = (make_task(exp, k, trace) for k in todo)
    skipped = len(keys) - len(todo)
    stats = {"skipped": skipped, "executed": 0, "failed": 0, "model_seconds": 0.0}
    with progress(len(keys), skipped, exp.name, quiet) as bar:
        for outcome in backend.run(tasks):
            record(store, layout, outcome, run_seed(exp.file.seed, outcome.key.replication))
            stats["executed"] += 1
            stats["model_seconds"] += outcome.seconds
            if not outcome.ok:
                stats["failed"] += 1
                bar.set_postfix(failures=stats["failed"])
            bar.update(1)
    return stats


def resolve_settings(
    exp: Experiment, backend: str | None, workers: int | None, scheduler: str | None, trace: int
) -> tuple[str, int | None, str | None]:
    """Command line over experiment file over defaults; a scheduler implies Dask."""
    if workers is not None and workers < 1:
        raise ConfigError(None, "--workers", "an integer >= 1", workers)
    if trace < 0:
        raise ConfigError(None, "--trace", "an integer >= 0", trace)
    scheduler = scheduler or exp.file.scheduler
    if backend is None:
        backend = "dask" if scheduler else exp.file.backend
    if backend not in ("serial", "processes", "dask"):
        raise ConfigError(None, "--backend", "one of serial, processes, dask", backend)
    return backend, workers or exp.file.workers, scheduler


def check_memory(
    exp: Experiment, backend: str, workers: int | None, scheduler: str | None, runs: int
) -> None:
    """Refuse (exit 2) before any run a population that cannot fit on this machine."""
    if backend == "dask" and scheduler:
        return  # the runs' memory is on the cluster's machines, not this one
    local = 1 if backend == "serial" else min(workers or default_workers(), max(runs, 1))
    check_fits(exp.file.borrowers, local, file=exp.source)


#: writes the tables derived from runs.csv (summary, comparison, budget) into a folder
TableWriter = Callable[[Path, Experiment], None]


def run(
    experiment: str | Path | Experiment,
    out: str | Path | None = None,
    *,
    tables: TableWriter,
    workers: int | None = None,
    backend: str | None = None,
    scheduler: str | None = None,
    fresh: bool = False,
    trace: int = 0,
    quiet: bool = True,
    restrict_out: bool = False,
) -> Path:
    """Run an experiment (a file, a preset name or a loaded Experiment) into its folder.

    ``out`` defaults to ``results/<name>`` under the working directory; with
    ``restrict_out`` (the command line) it must lie inside ``./results/``.
    Raises ConfigError for bad input before anything is written. ``tables``
    writes the statistics once runs.csv is assembled (the runner computes
    none itself). Runs that raised are listed in ``failures.csv`` (and a
    RuntimeWarning says so); calling again retries them.
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    backend_name, workers, scheduler = resolve_settings(exp, backend, workers, scheduler, trace)
    folder = check_out_path(Path(out) if out else Path("results") / exp.name, restrict=restrict_out)
    store = RunStore(folder)
    store.check(identity(exp, trace), fresh=fresh)
    keys = run_keys(exp)
    check_memory(exp, backend_name, workers, scheduler, len(keys))
    started = time.perf_counter()
    runner = open_backend(backend_name, workers, scheduler)
    manifest = start_manifest(exp, trace, runner, len(keys))
    try:
        store.create(fresh=fresh)
        store.write_manifest(manifest)
        counts = execute(exp, store, runner, keys, trace, quiet)
    except BaseException:
        if store.locked:  # only ever mark our own run as interrupted
            manifest.update(status="interrupted", finished=now())
            store.write_manifest(manifest)
            store.unlock()
        raise
    finally:
        runner.close()
    counts["wall_seconds"] = time.perf_counter() - started
    failures = finish(store, exp, keys, trace, tables, manifest, counts)
    if failures:
        warnings.warn(
            f"{failures} run(s) failed; see {folder / 'failures.csv'}", RuntimeWarning, stacklevel=2
        )
    return folder


def finish(
    store: RunStore,
    exp: Experiment,
    keys: list[RunKey],
    trace: int,
    tables: TableWriter,
    manifest: dict[str, Any],
    counts: dict[str, float],
) -> int:
    """Assemble the CSVs, write the tables and the final manifest; the number of failures."""
    try:
        failures = assemble(store, layout_of(exp), keys, trace=trace > 0)
        tables(store.folder, exp)
        manifest.update(
            status="failures" if failures else "complete",
            finished=now(),
            wall_seconds=round(counts["wall_seconds"], 3),
            runs_skipped=counts["skipped"],
            runs_executed=counts["executed"],
            model_seconds=round(counts["model_seconds"], 3),
            failures=failures,
        )
        store.write_manifest(manifest)
    finally:
        store.unlock()
    return failures
