"""The experiment runner: strategies x scenarios x sweep points x replications, to disk.

``run_experiment`` checks everything first (the experiment, the output
folder, the backend), then runs every run not already finished in the
folder, writing each to disk the moment it returns, and finally assembles
``runs.csv``, ``daily.csv``, ``summary.csv``, ``comparison.csv`` (and
``budget.csv``, ``events.csv``, ``failures.csv``) and ``manifest.json``.

- Common random numbers: replication r has one seed (:func:`collectsim.seeds.run_seed`)
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

import argparse
import datetime as dt
import platform
import signal
import sys
import time
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from collectsim.config.experiment import Experiment, load_experiment
from collectsim.errors import ConfigError
from collectsim.metrics import METRIC_NAMES
from collectsim.outputs import Layout, assemble
from collectsim.run_store import RunStore, check_out_path
from collectsim.runner_backends import Outcome, RunKey, Task, default_workers, open_backend
from collectsim.seeds import run_seed
from collectsim.stats import budget, compare, summarize
from collectsim.sweeps import apply_point

if TYPE_CHECKING:
    from collectsim.results import Results

RESULTS_FORMAT = 1
HEADLINE = ("recovery_rate", "net_recovery", "cost", "complaints_per_10k", "reputation_final")
VERSIONED = ("collectsim", "mesa", "numpy", "pandas", "scipy", "pydantic")


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


# -- the manifest ----------------------------------------------------------------------------
def versions(backend: str) -> dict[str, str]:
    names = [*VERSIONED, *(("dask", "distributed") if backend == "dask" else ())]
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def identity(exp: Experiment, trace: int) -> dict[str, Any]:
    """What a folder's finished runs must share with this run to be reused on resume:
    the experiment, the trace setting, and the code that computed and wrote them."""
    import collectsim

    return {
        "config_hash": exp.config_hash(),
        "trace": trace,
        "collectsim_version": collectsim.__version__,
        "collectsim_results": RESULTS_FORMAT,
    }


def start_manifest(exp: Experiment, trace: int, backend: Any, total: int) -> dict[str, Any]:
    sweep = None
    if exp.sweep_fields:
        sweep = {
            "fields": [f.text for f in exp.sweep_fields],
            "points": len(exp.points),
            "spec": [s.model_dump(mode="json") for s in exp.file.sweep],
        }
    return {
        **identity(exp, trace),
        "experiment": exp.name,
        "status": "running",
        "source": exp.source,
        "seed": exp.file.seed,
        "replications": exp.file.replications,
        "borrowers": exp.file.borrowers,
        "horizon_days": exp.file.horizon_days,
        "champion": exp.champion,
        "strategies": [s.name for s in exp.strategies],
        "scenarios": [s.name for s in exp.scenarios],
        "portfolio": exp.portfolio.name,
        "sweep": sweep,
        "budget": dict(exp.file.budget),
        "backend": backend.name,
        "workers": backend.workers,
        "runs": total,
        "versions": versions(backend.name),
        "started": now(),
        "config": exp.resolved(),
    }


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
    stats = {"skipped": len(keys) - len(todo), "executed": 0, "failed": 0, "model_seconds": 0.0}
    with progress(len(keys), stats["skipped"], exp.name, quiet) as bar:
        for outcome in backend.run(tasks):
            record(store, layout, outcome, run_seed(exp.file.seed, outcome.key.replication))
            stats["executed"] += 1
            stats["model_seconds"] += outcome.seconds
            if not outcome.ok:
                stats["failed"] += 1
                bar.set_postfix(failures=stats["failed"])
            bar.update(1)
    return stats


def write_tables(folder: Path, exp: Experiment) -> None:
    """summary.csv, comparison.csv and budget.csv from runs.csv as written."""
    runs = read_runs(folder / "runs.csv")
    strategies = [s.name for s in exp.strategies]
    scenarios = [s.name for s in exp.scenarios]
    tables = {
        "summary.csv": summarize(runs, strategies, scenarios, METRIC_NAMES),
        "comparison.csv": compare(runs, exp.champion, strategies, scenarios, METRIC_NAMES),
    }
    if exp.file.budget:
        tables["budget.csv"] = budget(runs, exp.file.budget, strategies, scenarios)
    for name, table in tables.items():
        table.to_csv(folder / name, index=False, float_format="%.12g", lineterminator="\n")


def read_runs(path: Path) -> pd.DataFrame:
    """runs.csv with names kept as text (a strategy called '1' stays '1')."""
    text = {"experiment": str, "strategy": str, "scenario": str}
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])


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
    from collectsim.engine.memory import check_fits

    if backend == "dask" and scheduler:
        return  # the runs' memory is on the cluster's machines, not this one
    local = 1 if backend == "serial" else min(workers or default_workers(), max(runs, 1))
    check_fits(exp.file.borrowers, local, file=exp.source)


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
    restrict_out: bool = False,
) -> Results:
    """Run an experiment (a file, a preset name or a loaded Experiment); return its Results.

    ``out`` defaults to ``results/<name>`` under the working directory; with
    ``restrict_out`` (the command line) it must lie inside ``./results/``.
    Raises ConfigError for bad input before anything is written. Runs that
    raised are listed in ``results.failures`` (and a RuntimeWarning says so);
    calling again retries them.
    """
    from collectsim.results import load_results

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
    try:
        failures = assemble(store, layout_of(exp), keys, trace=trace > 0)
        write_tables(folder, exp)
        manifest.update(
            status="failures" if failures else "complete",
            finished=now(),
            wall_seconds=round(time.perf_counter() - started, 3),
            runs_skipped=counts["skipped"],
            runs_executed=counts["executed"],
            model_seconds=round(counts["model_seconds"], 3),
            failures=failures,
        )
        store.write_manifest(manifest)
    finally:
        store.unlock()
    if failures:
        warnings.warn(
            f"{failures} run(s) failed; see {folder / 'failures.csv'}", RuntimeWarning, stacklevel=2
        )
    return load_results(folder)


# -- the command line ------------------------------------------------------------------------
def headline_table(results: Results) -> str:
    """Mean of a few headline metrics per strategy x scenario (averaged over sweep points)."""
    summary = results.summary
    if summary.empty:
        return "(no finished runs)"
    rows = summary[summary["metric"].isin(HEADLINE)]
    table = rows.pivot_table(
        index=["strategy", "scenario"], columns="metric", values="mean", sort=False
    )
    table = table[[m for m in HEADLINE if m in table.columns]]
    return table.to_string(float_format=lambda x: f"{x:,.3f}")


def write_report(folder: Path) -> Path | None:
    """Plots and report.html, if the report module is installed."""
    try:
        from collectsim.report import write_report as _write
    except ImportError:
        return None
    written = _write(folder)
    return Path(written) if written else folder / "report.html"


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cli_run(args: argparse.Namespace) -> int:
    """``collectsim run``: run, report, print where everything is; 1 if any run failed.

    SIGTERM is treated like Ctrl-C: finished runs are kept, workers stopped.
    """
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _cli_run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _cli_run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # failures are reported below
        results = run_experiment(
            args.experiment,
            args.out,
            workers=args.workers,
            backend=args.backend,
            scheduler=args.scheduler,
            fresh=args.fresh,
            trace=args.trace,
            quiet=args.quiet,
            restrict_out=True,
        )
    report = None if args.no_report or results.runs.empty else write_report(results.folder)
    if not args.quiet:
        print(headline_table(results))
        print()
    print(f"results: {results.folder}/")
    if report is not None:
        print(f"report:  {report}")
    failed = int(results.manifest.get("failures", 0))
    if failed:
        print(
            f"collectsim: {failed} run(s) failed; see {results.folder / 'failures.csv'} "
            "(run the same command again to retry them)",
            file=sys.stderr,
        )
        return 1
    return 0
