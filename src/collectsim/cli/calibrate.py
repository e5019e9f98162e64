"""``collectsim calibrate``: the model's vital statistics against figures from the field."""

from __future__ import annotations

import argparse

from collectsim.analysis.calibration import calibration_table, format_table


def cli_calibrate(args: argparse.Namespace) -> int:
    rows = calibration_table(
        strategy=args.strategy,
        borrowers=args.borrowers,
        horizon_days=args.horizon_days,
        seeds=(args.seed,),
    )
    print(format_table(rows))
    return 0
