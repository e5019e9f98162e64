"""``collectsim optimise``: search for the best strategy, validate it, report, say where."""

from __future__ import annotations

import argparse
import signal
import sys
import warnings
from typing import Any

from collectsim.report.optimised import OptimisationResults, optimise


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def summary_lines(results: OptimisationResults) -> list[str]:
    """The winner, what changed, and whether its gain held on fresh replications."""
    from collectsim.report import optimised_words as words

    s = results.summary
    if s.get("best_trial") is None:
        return ["no candidate kept every constraint on all replications"]
    lines = [words.changed_text(s)]
    if s.get("validation"):
        lines.append(words.gain_text(s))
    return lines


def cli_optimise(args: argparse.Namespace) -> int:
    """Run, report, print where everything is; 1 if no candidate kept the constraints.

    SIGTERM is treated like Ctrl-C: finished runs and trials are kept.
    """
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # said below
            results = optimise(
                args.optimisation, args.out, report=not args.no_report, trials=args.trials,
                workers=args.workers, backend=args.backend, scheduler=args.scheduler,
                fresh=args.fresh, quiet=args.quiet,
            )  # fmt: skip
    finally:
        signal.signal(signal.SIGTERM, previous)
    for line in summary_lines(results):
        print(line)
    print(f"results: {results.folder}/")
    if results.best_strategy is None:
        print(f"collectsim: see {results.folder / 'trials.csv'}", file=sys.stderr)
        return 1
    print(f"best:    {results.folder / 'best_strategy.toml'}")
    if (results.folder / "report.html").is_file() and not args.no_report:
        print(f"report:  {results.folder / 'report.html'}")
    return 0
