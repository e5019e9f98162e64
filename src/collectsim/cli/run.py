"""``collectsim run``: run an experiment, write its report, say where everything is."""

from __future__ import annotations

import argparse
import signal
import sys
import warnings
from pathlib import Path
from typing import Any

from collectsim.report.console import headline_table
from collectsim.report.html import write_report
from collectsim.report.results import run_experiment

__all__ = ["cli_run", "headline_table"]


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cli_run(args: argparse.Namespace) -> int:
    """Run, report, print where everything is; 1 if any run failed.

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
            allow_long=args.allow_long,
        )
    report: Path | None = None
    if not args.no_report and not results.runs.empty:
        report = write_report(results.folder)
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
