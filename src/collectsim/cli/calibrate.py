"""``collectsim calibrate``: the model's vital statistics against figures from the field;
with ``--fit TARGETS.toml``, a fit of portfolio parameters to the targets' moments.

    collectsim calibrate --borrowers 20000
    collectsim calibrate --fit targets/example.toml [--out results/fit-example] [--fresh]

A fit writes into ``results/fit-<name>/`` (or ``--out``, any writable folder) as
it goes; interrupted and started again, it resumes where it stopped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_fit_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of a fit (this module imports nothing heavy, so ``--help`` stays quick)."""
    parser.add_argument(
        "--fit",
        metavar="TARGETS",
        help="fit the targets file's parameters to its moments (simulated moments)",
    )
    parser.add_argument("--out", help="with --fit: output folder (default results/fit-<name>)")
    parser.add_argument(
        "--fresh", action="store_true", help="with --fit: discard earlier evaluations"
    )
    parser.add_argument("--quiet", action="store_true", help="with --fit: no progress bar")


def cli_calibrate(args: argparse.Namespace) -> int:
    if getattr(args, "fit", None):
        return cli_fit(args)
    from collectsim.analysis.calibration import calibration_table, format_table

    rows = calibration_table(
        strategy=args.strategy,
        borrowers=args.borrowers,
        horizon_days=args.horizon_days,
        seeds=(args.seed,),
    )
    print(format_table(rows))
    return 0


class Progress:
    """A progress bar on stderr: evaluations against the budget, the best objective so far."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar: Any = tqdm(total=total, desc="fit", unit="eval", file=sys.stderr)

    def __call__(self, evaluation: Any) -> None:
        self.bar.set_postfix_str(
            f"{evaluation.stage} best {evaluation.best:.4g}"
            + (" (journal)" if evaluation.cached else f" {evaluation.seconds:.1f}s"),
            refresh=False,
        )
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def cli_fit(args: argparse.Namespace) -> int:
    """Fit, print the fit table, say where the files are."""
    from collectsim.analysis.fit import fit, format_fit, load_targets, moment_function
    from collectsim.analysis.fit.outputs import default_out, prepare_folder

    targets = load_targets(args.fit)
    out = prepare_folder(Path(args.out) if args.out else default_out(targets), fresh=args.fresh)
    progress = None if args.quiet else Progress(targets.file.search.max_evaluations)
    try:
        with moment_function(targets) as moments:
            result = fit(targets, moments, out=out, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    print(format_fit(result))
    print(f"\nfitted parameters: {out / 'fitted.toml'} (and the whole portfolio: portfolio.toml)")
    print(f"fit table: {out / 'fit.csv'}; parameters: {out / 'parameters.csv'}")
    return 0
