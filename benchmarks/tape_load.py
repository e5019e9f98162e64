"""How long a million-row loan tape takes to load, and how much memory it needs (issue 17).

Writes a tape of N accounts (numpy, not the model: this measures reading), then in a
fresh child process each: loads it as a portfolio (read, check every cell, hash the
ids) with pyarrow, and again with pandas alone; and builds day 0 of a run from it
(the donor book's burn-in and the tape's book). Each child reports its wall time and
peak RSS; "idle" is a child that imports the same and loads nothing. The engine's own
footprint for N accounts is ``Borrowers.bytes_per_borrower() * N``.

    python benchmarks/tape_load.py            # 1,000,000 rows
    python benchmarks/tape_load.py --rows 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

CHILD = """
import json, resource, sys, time
import collectsim.config.tape_columns as columns
from collectsim.config.tape import load_book, load_tape
from collectsim.model import CollectionModel
path, mode = sys.argv[1], sys.argv[2]
if mode == "pandas":
    columns.has_pyarrow = lambda: False
start = time.perf_counter()
if mode in ("pyarrow", "pandas"):
    p = load_book(path)
    load_tape(p)
elif mode == "day0":
    p = load_book(path)
    CollectionModel(p, borrowers=p.tape.rows, horizon_days=1, seed=1)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall_s": round(wall, 2), "peak_mib": round(peak)}))
"""


def write_tape(path: Path, rows: int) -> None:
    """A tape of ``rows`` accounts with every column a lender exports."""
    rng = np.random.default_rng(1)
    dpd = np.where(rng.random(rows) < 0.07, rng.integers(1, 120, rows), 0)
    frame = pd.DataFrame(
        {
            "account_id": [f"ACCT-{i:010d}" for i in rng.permutation(rows)],
            "product": rng.choice(["credit_card", "consumer_loan", "sme_loan"], rows),
            "borrower_type": "person",
            "grade": rng.choice(list("ABCDE"), rows),
            "region": rng.choice([f"R{i:03d}" for i in range(300)], rows),
            "balance": np.round(rng.lognormal(9, 1, rows), 2),
            "interest_rate": 0.18,
            "term_left": rng.integers(0, 36, rows),
            "instalment": np.round(rng.lognormal(6, 0.5, rows), 2),
            "days_past_due": dpd,
            "past_delinquencies": rng.integers(0, 4, rows),
            "status": "active",
        }
    )
    frame.to_csv(path, index=False)
    path.with_suffix(".toml").write_text('portfolio = "mixed"\n')


def child(path: Path, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from collectsim.engine.state import Borrowers

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.csv"
        write_tape(path, args.rows)
        size = path.stat().st_size / 2**20
        engine = Borrowers.bytes_per_borrower() * args.rows / 2**20
        print(f"{args.rows:,} rows, {size:.0f} MiB of CSV; the engine's arrays: {engine:.0f} MiB")
        results = {mode: child(path, mode) for mode in ("idle", "pyarrow", "pandas", "day0")}
    idle = results["idle"]["peak_mib"]
    for mode, r in results.items():
        extra = "" if mode == "idle" else f" ({r['peak_mib'] - idle:+.0f} MiB over idle)"
        print(f"{mode:<8} {r['wall_s']:>6.1f} s  peak {r['peak_mib']:>5.0f} MiB{extra}")


if __name__ == "__main__":
    main()
