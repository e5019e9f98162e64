"""How long the issue's optimisation takes: 200 trials x 3 replications x 10,000 borrowers x
365 days on 2 workers (target: 15 minutes on a 2-core machine).

    .venv/bin/python benchmarks/optimise.py [--trials 200] [--workers 2] [--borrowers 10000]

Writes into a temporary folder (nothing is kept) and prints the wall time, the runs
executed (successive halving and the run cache mean far fewer than trials x replications),
and the share of the time spent outside the model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from collectsim.optimiser.run import optimise

FILE = """
name = "bench"
seed = 1
portfolio = "mixed"
borrowers = {borrowers}
horizon_days = 365
replications = 3
trials = {trials}
base = "standard"
scenarios = ["baseline"]
constraints = ["complaints_per_10k <= 50"]
presets = ["gentle", "aggressive"]
validation_replications = 10

[[variable]]
address = "capacity.collectors"
range = [5, 60]

[[variable]]
address = "segments.calls.treatments.1.every_days"
range = [1, 30]

[[variable]]
address = "segments.notice.offers.instalment_months"
choices = [0, 3, 6, 12]

[[variable]]
address = "segments.notice.treatments.0.tone"
choices = ["gentle", "neutral", "firm"]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--borrowers", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.toml"
        path.write_text(FILE.format(trials=args.trials, borrowers=args.borrowers))
        start = time.perf_counter()
        folder = optimise(path, Path(tmp) / "out", workers=args.workers, quiet=False)
        wall = time.perf_counter() - start
        manifest = json.loads((folder / "manifest.json").read_text())
        runs = manifest["runs_executed"]
    print(
        f"optimise: {args.trials} trials x 3 replications x {args.borrowers:,} borrowers x 365 "
        f"days, {args.workers} workers: {wall / 60:.1f} min wall ({runs} search runs executed, "
        f"of {args.trials * 3} without successive halving and the cache; plus 20 validation runs)"
    )


if __name__ == "__main__":
    main()
