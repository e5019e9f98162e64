"""``collectsim backtest``: the model on the lender's own history, and a fit to it.

    collectsim backtest backtests/q2.toml [--out DIR] [--workers N]
    collectsim backtest backtests/q2.toml --fit [--fresh]

Everything is read and checked first (exit 2 and nothing written on bad
input); then the tape runs from its date under the lender's strategy for
each replication, and the measures are set against the history's.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """The ``backtest`` subcommand's arguments (nothing heavy imported here)."""
    bt = sub.add_parser(
        "backtest",
        help="run a tape against what happened next; optionally fit behaviour to it",
        description="Run the start tape under the lender's strategy to each date of the "
        "history, over replications, and compare roll and cure rates, charge-offs, balances "
        "paid down and the share past due with what happened (95%% prediction intervals, a "
        "plot per kind of measure); with --fit, fit the file's [[parameter]] tables to the "
        "history and write the fitted portfolio.",
    )
    bt.add_argument("backtest", help="a back-test file (.toml)")
    bt.add_argument("--out", help="output folder (default results/backtest-<name>)")
    bt.add_argument("--workers", type=int, default=None, help="processes (default: the file's)")
    bt.add_argument("--fit", action="store_true", help="fit the file's parameters to the history")
    bt.add_argument("--fresh", action="store_true", help="with --fit: discard earlier evaluations")
    bt.add_argument("--quiet", action="store_true", help="with --fit: no progress bar")
    bt.set_defaults(func=cli_backtest)


def _compare(bt: Any, act: Any, folder: Path, workers: int, portfolio: Any = None) -> Any:
    """Simulate, compare, write the tables and plots into ``folder``; the comparison."""
    from collectsim.analysis.backtest.compare import compare, format_comparison, replications_frame
    from collectsim.analysis.backtest.outputs import write_tables
    from collectsim.analysis.backtest.run import seeds, simulate
    from collectsim.report.plots.backtest import write_plots

    run_seeds = seeds(bt)
    runs = simulate(bt, run_seeds, portfolio=portfolio, workers=workers)
    table = compare(act, runs)
    text = format_comparison(table)
    (folder / "plots").mkdir(exist_ok=True)
    write_tables(folder, table, replications_frame(run_seeds, runs), text, {"status": "done"})
    write_plots(table, folder / "plots", bt.portfolio.currency)
    return table, text, list(run_seeds)


def cli_backtest(args: argparse.Namespace) -> int:
    import json

    from collectsim.analysis.backtest.outputs import MARKER, default_out, prepare_folder, summary
    from collectsim.analysis.backtest.run import actual
    from collectsim.config.backtest import load_backtest
    from collectsim.errors import ConfigError
    from collectsim.runner.atomic import atomic_write_text

    started = time.perf_counter()
    bt = load_backtest(args.backtest)
    if args.workers is not None and args.workers < 1:
        raise ConfigError(None, "--workers", "an integer >= 1", args.workers)
    if args.fit and not bt.file.parameter:
        raise ConfigError(bt.source, "parameter", "[[parameter]] tables naming what --fit moves")
    act, coverage = actual(bt)
    folder = prepare_folder(Path(args.out) if args.out else default_out(bt))
    workers = args.workers or bt.file.workers or 1
    table, text, run_seeds = _compare(bt, act, folder, workers)
    info = summary(bt, table, coverage, run_seeds, time.perf_counter() - started)
    atomic_write_text(folder / MARKER, json.dumps(info, indent=2) + "\n")
    print(text)
    missing = {d: m for d, m in coverage.missing.items() if m}
    if missing:
        print(f"accounts of the start tape the history does not show, by day: {missing}")
    print(f"\nresults: {folder} (measures.csv, replications.csv, plots/)")
    if args.fit:
        _fit(bt, act, folder, args, workers)
    return 0


def _fit(bt: Any, act: Any, folder: Path, args: argparse.Namespace, workers: int) -> None:
    from collectsim.analysis.backtest.fit import fit_history
    from collectsim.analysis.fit import format_fit
    from collectsim.analysis.fit.outputs import prepare_folder as prepare_fit
    from collectsim.cli.calibrate import Progress
    from collectsim.config.tape import TapePortfolio

    out = prepare_fit(folder / "fit", fresh=args.fresh)
    progress = None if args.quiet else Progress(bt.file.search.max_evaluations)
    try:
        result, _ = fit_history(bt, act, out, fresh=args.fresh, progress=progress, workers=workers)
    finally:
        if progress is not None:
            progress.close()
    print(format_fit(result))
    on_tape = result.targets.apply(result.values)
    assert isinstance(on_tape, TapePortfolio)
    _, text, _ = _compare(bt, act, out, workers, portfolio=on_tape)
    print("\nat the fitted values:\n" + text)
    print(f"\nfitted portfolio: {out / 'portfolio.toml'} (name it as the tape's portfolio)")
