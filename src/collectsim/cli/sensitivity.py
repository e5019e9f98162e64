"""``collectsim sensitivity FOLDER``: write sensitivity.csv and print the main indices."""

from __future__ import annotations

import argparse
import sys
import warnings

from collectsim.analysis.results import load_results
from collectsim.analysis.sensitivity import sensitivity, sweep_method, table, unreliable
from collectsim.errors import ConfigWarning
from collectsim.runner.atomic import atomic_write_text


def cli_sensitivity(args: argparse.Namespace) -> int:
    results = load_results(args.folder)
    frame = sensitivity(results)
    path = results.folder / "sensitivity.csv"
    atomic_write_text(path, frame.to_csv(index=False, float_format="%.6g", lineterminator="\n"))
    method = sweep_method(results)
    print(table(frame, method))
    print(f"\nsensitivity: {path}")
    doubt = unreliable(frame, method)
    if doubt:
        warnings.warn(doubt, ConfigWarning, stacklevel=1)
    dropped = frame.attrs.get("dropped_points", 0)
    if dropped:
        print(
            f"collectsim: {dropped} sample point(s) with failed runs were left out; re-run the "
            "experiment to complete them",
            file=sys.stderr,
        )
    return 0
