"""Speed and memory of the engine, against a per-agent Mesa reference (``make bench``).

Measures, in one run, and prints as tables (also ``benchmarks/latest.json``):

1. engine throughput for 10k, 100k and 1M borrowers x 365 days (strategy
   "standard", scenario "baseline"), each size in a fresh child process so
   its peak RSS is its own: wall time, borrower-days per second, peak memory;
   the fitted exponent of time and memory against borrowers (1 = linear);
2. the per-agent reference (:mod:`reference_agents`) against the engine at
   10k borrowers over a set of seeds: the speed ratio, and whether headline
   metrics agree within sampling error (Welch's t-test and 95% CIs);
3. experiment throughput: runs per minute of the quickstart with 1 and 2
   worker processes (written to ``results/_bench_quickstart``, then removed).

    python benchmarks/run.py                 # everything (about 3-4 minutes on 2 cores)
    python benchmarks/run.py --sizes 10000 100000 --seeds 3 --no-experiment
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import stats

from collectsim.analysis.stats import half_width

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
METRICS = (
    "collected",
    "delinquent_accounts",
    "charge_off_rate",
    "contacts",
    "complaints",
    "economic_value",
    "loss_rate",
)
TARGET_SECONDS_1M, TARGET_GIB, TARGET_RATIO = 60.0, 2.0, 50.0


# ------------------------------------------------------------------ child process
def child(borrowers: int, days: int) -> None:
    """Run one engine model and print its timings and own peak RSS as JSON."""
    t0 = time.perf_counter()
    from collectsim.model import CollectionModel

    t1 = time.perf_counter()
    m = CollectionModel(
        "mixed", "baseline", "standard", borrowers=borrowers, horizon_days=days, seed=1
    )
    t2 = time.perf_counter()
    m.run_model()
    t3 = time.perf_counter()
    m.metrics()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps({"import": t1 - t0, "init": t2 - t1, "run": t3 - t2, "peak_rss": rss}))


def run_child(borrowers: int, days: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(borrowers), str(days)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- sections
def engine_scaling(sizes: list[int], days: int) -> dict:
    base = run_child(100, 1)  # a process that imports everything and runs a tiny model
    rows = []
    for n in sizes:
        r = run_child(n, days)
        wall = r["init"] + r["run"]
        rows.append(
            {
                "borrowers": n,
                "days": days,
                "wall_s": round(wall, 2),
                "init_s": round(r["init"], 2),
                "step_s": round(r["run"], 2),
                "borrower_days_per_s": round(n * days / wall),
                "peak_rss_mib": round(r["peak_rss"] / 2**20, 1),
                "model_mib": round((r["peak_rss"] - base["peak_rss"]) / 2**20, 1),
            }
        )
        print(f"  engine {n:>9,} x {days}: {wall:6.1f} s, peak {rows[-1]['peak_rss_mib']} MiB")
    fit = {}
    if len(rows) >= 2:
        x = np.log([r["borrowers"] for r in rows])
        fit["time_exponent"] = float(np.polyfit(x, np.log([r["wall_s"] for r in rows]), 1)[0])
        fit["memory_exponent"] = float(
            np.polyfit(x, np.log([r["peak_rss_mib"] for r in rows]), 1)[0]
        )
        model = [max(r["model_mib"], 0.1) for r in rows]
        fit["model_memory_exponent"] = float(np.polyfit(x, np.log(model), 1)[0])
    return {"base_process_mib": round(base["peak_rss"] / 2**20, 1), "rows": rows, "fit": fit}


def _ci(values: list[float]) -> tuple[float, float, float]:
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, mean, mean
    half = float(half_width(statistics.stdev(values), len(values)))
    return mean, mean - half, mean + half


def reference_comparison(borrowers: int, days: int, seeds: int) -> dict:
    sys.path.insert(0, str(HERE))
    from collectsim.model import CollectionModel
    from reference_agents import ReferenceModel

    ref_t = eng_t = 0.0
    ref: dict[str, list[float]] = {k: [] for k in METRICS}
    eng: dict[str, list[float]] = {k: [] for k in METRICS}
    for seed in range(1, seeds + 1):
        t = time.perf_counter()
        r = ReferenceModel(borrowers=borrowers, horizon_days=days, seed=seed)
        r.run_model()
        ref_t += time.perf_counter() - t
        t = time.perf_counter()
        e = CollectionModel(borrowers=borrowers, horizon_days=days, seed=seed)
        e.run_model()
        eng_t += time.perf_counter() - t
        rm, em = r.metrics(), e.metrics()
        for k in METRICS:
            ref[k].append(float(rm[k]))
            eng[k].append(float(em[k]))
        print(f"  reference vs engine, seed {seed}: {ref_t:6.1f} s vs {eng_t:5.2f} s so far")
    rows = []
    for k in METRICS:
        (rmean, rlo, rhi), (emean, elo, ehi) = _ci(ref[k]), _ci(eng[k])
        with warnings.catch_warnings():  # near-constant samples (e.g. no charge-offs)
            warnings.simplefilter("ignore", RuntimeWarning)
            test = stats.ttest_ind(ref[k], eng[k], equal_var=False) if seeds > 1 else None
        p = float(test.pvalue) if test is not None else 1.0
        p = 1.0 if np.isnan(p) else p  # identical constant samples
        rows.append(
            {
                "metric": k,
                "reference_mean": rmean,
                "reference_ci": [rlo, rhi],
                "engine_mean": emean,
                "engine_ci": [elo, ehi],
                "reference_values": ref[k],
                "engine_values": eng[k],
                "welch_p": p,
                "cis_overlap": bool(rlo <= ehi and elo <= rhi),
                "agree": bool(p > 0.05),
            }
        )
    return {
        "borrowers": borrowers,
        "days": days,
        "seeds": seeds,
        "reference_s": round(ref_t, 2),
        "engine_s": round(eng_t, 2),
        "speed_ratio": round(ref_t / eng_t, 1),
        "metrics": rows,
    }


def experiment_throughput(workers: list[int]) -> list[dict]:
    import collectsim

    out = ROOT / "results" / "_bench_quickstart"
    rows = []
    try:
        for w in workers:
            shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            res = collectsim.run_experiment(
                ROOT / "experiments" / "quickstart.toml",
                out=out,
                workers=w,
                backend="processes",
                quiet=True,
            )
            wall = time.perf_counter() - t
            n = len(res.runs)
            rows.append(
                {"workers": w, "runs": n, "wall_s": round(wall, 2), "runs_per_min": n / wall * 60}
            )
            print(f"  quickstart, {w} worker(s): {n} runs in {wall:.1f} s")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return rows


# ------------------------------------------------------------------------ report
def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "load_average_at_start": os.getloadavg()[0],
    }


def report(res: dict) -> None:
    print(f"\ncollectsim benchmark, {res['date']}, {res['machine']['cpu']}, ")
    print(f"{res['machine']['cores']} cores, load {res['machine']['load_average_at_start']:.1f}\n")
    eng = res.get("engine")
    if eng:
        print("| borrowers | days | wall s | step s | borrower-days/s | peak RSS MiB | model MiB |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in eng["rows"]:
            print(
                f"| {r['borrowers']:,} | {r['days']} | {r['wall_s']:.1f} | {r['step_s']:.1f} "
                f"| {r['borrower_days_per_s']:,} | {r['peak_rss_mib']:.0f} | {r['model_mib']:.0f} |"
            )
        f = eng["fit"]
        if f:
            print(
                f"\nscaling exponents (1 = linear): time {f['time_exponent']:.2f}, peak memory "
                f"{f['memory_exponent']:.2f} (memory above a {eng['base_process_mib']:.0f} MiB"
                f" idle process: {f['model_memory_exponent']:.2f})"
            )
        big = [r for r in eng["rows"] if r["borrowers"] == 1_000_000 and r["days"] == 365]
        if big:
            r = big[0]
            ok_t = "meets" if r["wall_s"] <= TARGET_SECONDS_1M else "MISSES"
            ok_m = "meets" if r["peak_rss_mib"] <= TARGET_GIB * 1024 else "MISSES"
            print(f"1M x 365: {r['wall_s']:.1f} s ({ok_t} <= {TARGET_SECONDS_1M:.0f} s), ", end="")
            print(f"{r['peak_rss_mib'] / 1024:.2f} GiB ({ok_m} <= {TARGET_GIB} GiB)")
    ref = res.get("reference")
    if ref:
        ok = "meets" if ref["speed_ratio"] >= TARGET_RATIO else "MISSES"
        print(
            f"\nper-agent reference vs engine, {ref['borrowers']:,} borrowers x {ref['days']} "
            f"days, {ref['seeds']} seeds: {ref['reference_s']:.1f} s vs {ref['engine_s']:.2f} s"
            f" -> engine {ref['speed_ratio']:.1f}x faster ({ok} >= {TARGET_RATIO:.0f}x)\n"
        )
        print("| metric | reference mean [95% CI] | engine mean [95% CI] | Welch p | agree |")
        print("|---|---|---|---:|---|")
        for m in ref["metrics"]:
            rl, rh = m["reference_ci"]
            el, eh = m["engine_ci"]
            print(
                f"| {m['metric']} | {m['reference_mean']:.4g} [{rl:.4g}, {rh:.4g}] "
                f"| {m['engine_mean']:.4g} [{el:.4g}, {eh:.4g}] | {m['welch_p']:.2f} "
                f"| {'yes' if m['agree'] else 'NO'} |"
            )
    exp = res.get("experiment")
    if exp:
        print("\n| quickstart workers | runs | wall s | runs/min |")
        print("|---:|---:|---:|---:|")
        for r in exp:
            print(f"| {r['workers']} | {r['runs']} | {r['wall_s']:.1f} | {r['runs_per_min']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--child", nargs=2, type=int, metavar=("BORROWERS", "DAYS"), help=argparse.SUPPRESS
    )
    p.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--ref-borrowers", type=int, default=10_000)
    p.add_argument("--ref-days", type=int, default=365)
    p.add_argument("--seeds", type=int, default=5, help="seeds for the reference comparison")
    p.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    p.add_argument("--no-reference", action="store_true")
    p.add_argument("--no-experiment", action="store_true")
    p.add_argument("--out", type=Path, default=HERE / "latest.json")
    args = p.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    res: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine()}
    print("engine throughput (one process per size):")
    res["engine"] = engine_scaling(sorted(args.sizes), args.days)
    if not args.no_reference:
        print("per-agent reference:")
        res["reference"] = reference_comparison(args.ref_borrowers, args.ref_days, args.seeds)
    if not args.no_experiment:
        print("experiment throughput:")
        res["experiment"] = experiment_throughput(args.workers)
    report(res)
    args.out.write_text(json.dumps(res, indent=1))
    print(f"\nwritten {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
