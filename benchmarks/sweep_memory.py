"""Does the runner's memory grow with the number of runs? (issue 7: it must not.)

Runs the same tiny experiment with 100 and with 1,000 runs, each in its own
child process (serial backend, so every run's data passes through the one
process measured), and compares the children's peak resident memory. Flat
memory means the runner streams runs to disk instead of holding them.

    python benchmarks/sweep_memory.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
from collectsim import run_experiment
start = time.perf_counter()
run_experiment(sys.argv[1], sys.argv[2], backend="serial", fresh=True)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mib": peak, "wall_s": time.perf_counter() - start}))
"""

EXPERIMENT = """
name = "{name}"
seed = 1
replications = {reps}
borrowers = 200
horizon_days = 60
portfolio = "mixed"
scenarios = ["baseline", "recession"]
strategies = ["gentle", "standard", "aggressive", "internet_bank_automated", "large_state_bank"]
"""


def measure(runs: int, folder: Path) -> dict[str, float]:
    reps = runs // 10
    path = folder / f"sweep_{runs}.toml"
    path.write_text(EXPERIMENT.format(name=f"bench_sweep_{runs}", reps=reps))
    out = f"results/_bench_sweep_{runs}"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), out], capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"the child failed:\n{done.stderr}")
    subprocess.run(["rm", "-rf", out], check=True)
    return {"runs": runs, **json.loads(done.stdout.strip().splitlines()[-1])}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, Path(tmp)) for n in (100, 1000)]
    print("| runs | wall s | peak RSS MiB |\n|---:|---:|---:|")
    for r in rows:
        print(f"| {r['runs']:,} | {r['wall_s']:.1f} | {r['peak_mib']:.0f} |")
    growth = rows[1]["peak_mib"] / rows[0]["peak_mib"]
    print(f"peak memory x{growth:.2f} for 10x the runs ({'flat' if growth < 1.2 else 'GROWS'})")


if __name__ == "__main__":
    main()
