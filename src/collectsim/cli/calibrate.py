"""``collectsim calibrate``: the model's vital statistics against figures from the field."""

from __future__ import annotations

import argparse

from collectsim.analysis.calibration import calibration_table, format_table


def cli_calibrate(args: argparse.Namespace) -> int:
    rows = calibration_table(args.strategy, args.borrowers, args.horizon_days, args.seed)
    print(format_table(rows))
    return 0
