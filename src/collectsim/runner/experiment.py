"""The experiment runner: strategies x scenarios x sweep points x replications, to disk.

:func:`run` checks everything first (the experiment, the output folder, the
backend), then runs every run not already finished in the folder, writing
each to disk the moment it returns, and finally assembles ``runs.csv``,
``daily.csv`` (and ``events.csv``, ``failures.csv``), has the statistics
written (``summary.csv``, ``comparison.csv``, ``budget.csv``: by the caller's
``tables``, as statistics are the analysis layer's) and ``manifest.json``.

- Common random numbers: replication r has one seed (:func:`collectsim.runner.seeds.run_seed`)
  shared by every strategy, scenario and sweep point, so comparisons are paired.
- Resume: a re-run skips finished runs and retries failed ones, and recomputes
  runs whose part was damaged; a changed experiment, or runs written by other
  code (collectsim version, results format or the fingerprint of the code that
  computes results), is refused unless ``fresh``.
- Work that cannot finish, fit in memory or on disk, or stay within int64
  cents is refused before anything is written (:mod:`collectsim.runner.feasibility`);
  work that is merely long needs ``allow_long``.
- A disk that fills up or turns read-only mid-run ends in a ConfigError: the
  finished runs are kept, the manifest says ``interrupted``, the lock is released
  and no temporary file is left (as far as the disk still lets anything be written).
- A run that raises is recorded and the others go on; the command exits 1 at the end.

>>> import collectsim
>>> results = collectsim.run_experiment("quickstart", backend="serial")  # doctest: +SKIP
>>> results.summary.query("metric == 'recovery_rate'")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from collectsim.config.experiment import Experiment, load_experiment
from collectsim.config.limits import MAX_WORKERS
from collectsim.config.sweeps import apply_point
from collectsim.engine.memory import check_fits
from collectsim.errors import CollectsimWarning, ConfigError
from collectsim.runner import feasibility
from collectsim.runner.backends import Outcome, RunKey, Task, default_workers
from collectsim.runner.launch import open_backend
from collectsim.runner.manifest import identity, now, start_manifest
from collectsim.runner.outputs import Layout, assemble
from collectsim.runner.progress import LONG_RUN_SECONDS, runs_bar, within_runs
from collectsim.runner.seeds import run_seed
from collectsim.runner.store import RunStore


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


def make_task(exp: Experiment, key: RunKey, trace: int, progress: bool = False) -> Task:
    """The self-contained task of one run, with the sweep point's values applied."""
    point, fields = exp.points[key.point], exp.sweep_fields
    return Task(
        key=key,
        portfolio=apply_point(exp.portfolio_of(key.strategy), "portfolio", point, fields),
        scenario=apply_point(exp.scenarios[key.scenario], "scenario", point, fields),
        strategy=apply_point(exp.strategies[key.strategy], "strategy", point, fields),
        borrowers=exp.file.borrowers,
        horizon_days=exp.file.horizon_days,
        seed=run_seed(exp.file.seed, key.replication),
        trace=trace,
        progress=progress,
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
        collectors=any(s.workforce.teams for s in exp.strategies),
    )


def count_runs(exp: Experiment) -> int:
    """How many runs the plan has, computed without listing them."""
    return len(exp.strategies) * len(exp.scenarios) * exp.file.replications * len(exp.points)


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
            "collectors": layout.collector_rows(key, outcome.collectors),
        }
        store.write_part(key.stem, part)
    else:
        row = layout.failure_row(key, seed, outcome.error or "", outcome.traceback)
        store.write_failure(key.stem, {"stem": key.stem, "error": outcome.error, "row": row})


def execute(
    exp: Experiment,
    store: RunStore,
    backend: Any,
    keys: list[RunKey],
    trace: int,
    quiet: bool,
    long_runs: bool = False,
) -> dict[str, float]:
    """Run every key without a part; return counts and the model's own seconds."""
    done = store.done()
    todo = [k for k in keys if k.stem not in done]
    layout = layout_of(exp)
    tasks: Iterator[Task] = (make_task(exp, k, trace, long_runs) for k in todo)
    skipped = len(keys) - len(todo)
    stats = {"skipped": skipped, "executed": 0, "failed": 0, "model_seconds": 0.0}
    with (
        runs_bar(len(keys), skipped, exp.name, quiet) as bar,
        within_runs(bar, getattr(backend, "days", None), long_runs),
    ):
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
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise ConfigError(None, "--workers", f"an integer from 1 to {MAX_WORKERS}", workers)
    if not 0 <= trace <= exp.file.borrowers:
        raise ConfigError(None, "--trace", "an integer from 0 to the number of borrowers", trace)
    scheduler = scheduler or exp.file.scheduler
    if backend is None:
        backend = "dask" if scheduler else exp.file.backend
    if backend not in ("serial", "processes", "dask"):
        raise ConfigError(None, "--backend", "one of serial, processes, dask", backend)
    return backend, workers or exp.file.workers, scheduler


def local_workers(backend: str, workers: int | None, scheduler: str | None, runs: int) -> int:
    """Processes running models on this machine at once (0 on a remote Dask cluster)."""
    if backend == "dask" and scheduler:
        return 0  # the runs' memory is on the cluster's machines, not this one
    return 1 if backend == "serial" else min(workers or default_workers(), max(runs, 1))


def check_feasible(
    exp: Experiment, folder: Path, settings: tuple[str, int | None, str | None], allow_long: bool
) -> bool:
    """Refuse (exit 2) before any run what cannot fit, finish or stay within int64 cents;
    True if single runs are long enough to show their progress."""
    backend, workers, scheduler = settings
    runs = count_runs(exp)
    local = local_workers(backend, workers, scheduler, runs)
    if local:
        check_fits(exp.file.borrowers, local, file=exp.source)
    feasibility.check_money(exp)
    work = feasibility.Work(
        runs, exp.file.borrowers, exp.file.horizon_days, local or workers or default_workers()
    )
    feasibility.check_work(work, folder, allow_long=allow_long, file=exp.source)
    one = feasibility.Work(1, exp.file.borrowers, exp.file.horizon_days, 1)
    return one.seconds > LONG_RUN_SECONDS


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
    allow_long: bool = False,
) -> Path:
    """Run an experiment (a file, a preset name or a loaded Experiment) into its folder.

    ``out`` is any writable folder; it defaults to ``results/<name>`` under the
    working directory. Raises ConfigError for bad input, or work that cannot
    finish or fit, before anything is written; work longer than
    :data:`~collectsim.runner.feasibility.LONG_SECONDS` needs ``allow_long``.
    ``tables`` writes the statistics once runs.csv is assembled (the runner
    computes none itself). Runs that raised are listed in ``failures.csv``
    (and a RuntimeWarning says so); calling again retries them.
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    settings = resolve_settings(exp, backend, workers, scheduler, trace)
    folder = Path(out) if out else Path("results") / exp.name
    store = RunStore(folder)
    store.check(identity(exp, trace), fresh=fresh, experiment=exp.name)
    long_runs = check_feasible(exp, folder, settings, allow_long)
    keys = run_keys(exp)
    started = time.perf_counter()
    runner = open_backend(*settings)
    manifest = start_manifest(exp, trace, runner, len(keys))
    try:
        with guard(store, manifest):
            store.create(fresh=fresh)
            for message in store.scan():
                warnings.warn(message, CollectsimWarning, stacklevel=2)
            store.write_manifest(manifest)
            counts = execute(exp, store, runner, keys, trace, quiet, long_runs)
            counts["wall_seconds"] = time.perf_counter() - started
            failures = finish(store, exp, keys, trace, tables, manifest, counts)
    finally:
        runner.close()
    if failures:
        warnings.warn(
            f"{failures} run(s) failed; see {folder / 'failures.csv'}", RuntimeWarning, stacklevel=2
        )
    return folder


@contextlib.contextmanager
def guard(store: RunStore, manifest: dict[str, Any]) -> Iterator[None]:
    """On any error or interrupt: mark the manifest interrupted, free the reserve and the
    staging folder, release the lock; a disk that cannot be written is a ConfigError."""
    try:
        yield
    except BaseException as exc:
        store.release()
        if store.locked:  # only ever mark our own run as interrupted
            manifest.update(status="interrupted", finished=now())
            with contextlib.suppress(OSError):
                store.write_manifest(manifest)
            with contextlib.suppress(OSError):
                store.unlock()
        if isinstance(exc, OSError):
            raise disk_error(store.folder, exc) from None
        raise
    store.release()


def disk_error(folder: Path, exc: OSError) -> ConfigError:
    """A write that failed (disk full, read-only, name too long) as one message."""
    where = f" ({exc.filename})" if exc.filename else ""
    return ConfigError(
        str(folder),
        None,
        f"a folder collectsim can write to ({exc.strerror or exc}{where}); the runs finished "
        "before are kept: make room or choose another --out, then run the same command again",
    )


def finish(
    store: RunStore,
    exp: Experiment,
    keys: list[RunKey],
    trace: int,
    tables: TableWriter,
    manifest: dict[str, Any],
    counts: dict[str, float],
) -> int:
    """Assemble the CSVs and tables in the staging folder, move them into place only when all
    are complete, write the final manifest; the number of failures."""
    store.staging.mkdir()
    failures = assemble(store, layout_of(exp), keys, trace=trace > 0)
    tables(store.staging, exp)
    store.promote()
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
    store.unlock()
    return failures
