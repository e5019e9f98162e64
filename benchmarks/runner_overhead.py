"""Wall time of the quickstart with 1 and 2 workers, and the runner's own cost per run.

The runner's overhead is everything beyond the model's own time: building
tasks, starting workers, moving results between processes, formatting and
writing each run's part, assembling the CSVs and the statistics. Each run
reports the seconds its model took (``model_seconds`` in the manifest), so

    overhead per run = (wall time x workers - model seconds) / runs

With tiny runs (100 borrowers, 5 days) the model's time is negligible and
the figure is the runner's fixed cost per run; with the quickstart it shows
how much of two cores the runner keeps busy.

    python benchmarks/runner_overhead.py            # quickstart: 18 runs of 10,000 x 365
    python benchmarks/runner_overhead.py --quick    # 1,000 borrowers, 90 days
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from collectsim import run_experiment
from collectsim.config.experiment import load_experiment

TINY = """
name = "tiny"
seed = 1
replications = 20
borrowers = 100
horizon_days = 5
portfolio = "mixed"
scenarios = ["baseline", "recession"]
strategies = ["gentle", "standard", "aggressive"]
"""


def measure(experiment, label: str, backend: str, workers: int) -> dict[str, float]:
    """Run ``experiment`` fresh and report wall time, model time and overhead per run."""
    start = time.perf_counter()
    res = run_experiment(
        experiment, f"results/{label}", backend=backend, workers=workers, fresh=True
    )
    wall = time.perf_counter() - start
    runs = res.manifest["runs_executed"]
    model = res.manifest["model_seconds"]
    used = workers if backend != "serial" else 1
    return {
        "wall": wall,
        "runs": runs,
        "model": model,
        "overhead_per_run": (wall * used - model) / runs,
        "efficiency": model / (wall * used),
    }


def report(label: str, m: dict[str, float]) -> None:
    print(
        f"{label:<34} wall {m['wall']:7.2f} s   runs {m['runs']:4d}   model {m['model']:7.2f} s"
        f"   overhead/run {1000 * m['overhead_per_run']:7.1f} ms   cores busy {m['efficiency']:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller quickstart")
    args = parser.parse_args()
    quickstart = Path(__file__).resolve().parents[1] / "experiments" / "quickstart.toml"
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        if args.quick:
            text = quickstart.read_text()
            text = text.replace("borrowers = 10000", "borrowers = 1000")
            quickstart = Path(tmp) / "quickstart.toml"
            quickstart.write_text(text.replace("horizon_days = 365", "horizon_days = 90"))
        exp = load_experiment(quickstart)
        runs = len(exp.strategies) * len(exp.scenarios) * exp.file.replications
        f = exp.file
        print(
            f"cores: {os.cpu_count()}; quickstart: {f.borrowers} borrowers, {f.horizon_days} days"
        )
        print(f"load average before: {os.getloadavg()[0]:.2f}; {runs} runs")
        report("quickstart, serial", measure(exp, "qs_serial", "serial", 1))
        report("quickstart, processes, 1 worker", measure(exp, "qs_w1", "processes", 1))
        report("quickstart, processes, 2 workers", measure(exp, "qs_w2", "processes", 2))
        Path("tiny.toml").write_text(TINY)
        tiny = load_experiment("tiny.toml")
        report("tiny runs, serial", measure(tiny, "tiny_serial", "serial", 1))
        report("tiny runs, processes, 2 workers", measure(tiny, "tiny_w2", "processes", 2))


if __name__ == "__main__":
    main()
