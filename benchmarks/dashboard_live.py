"""How fast the dashboard's live view advances at 10,000 borrowers, on one core.

Runs what the page's server does during a live run: the two models stepped
in the worker thread, and every redraw (twice a second) a snapshot, every
chart's ECharts option and its JSON, in this process, pinned to one core.
The browser's own drawing happens in the browser's process and is not
counted. Prints the simulated days per wall second and per CPU second (the
latter holds on a busy machine too).

    .venv/bin/python benchmarks/dashboard_live.py [--borrowers 10000] [--days 365]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from collectsim.dashboard.choice import LiveSetup, resolve
from collectsim.dashboard.live import LiveRun
from collectsim.dashboard.live_charts import Names, chart_option, live_charts
from collectsim.dashboard.ui_live import REDRAW_EVERY


def redraw(run: LiveRun, names: Names) -> int:
    """What one redraw costs the server: the options of every chart, as JSON."""
    snap = run.snapshot()
    return len(json.dumps([chart_option(snap, c, names) for c in live_charts()]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--borrowers", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    setup = LiveSetup(strategy_b="gentle", borrowers=args.borrowers, horizon_days=args.days)
    run = LiveRun(resolve(setup))
    names = Names("standard", "gentle")
    started = time.perf_counter()
    assert run.advance(0).wait(600)
    built = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    done, redraws = run.advance(None), 0
    while not done.wait(REDRAW_EVERY):
        redraw(run, names)
        redraws += 1
    size = redraw(run, names)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    snap = run.snapshot()
    print(
        f"{args.borrowers:,} borrowers, {snap.day} days, both strategies: built in {built:.1f} s; "
        f"{snap.day / wall:.0f} days/s wall, {snap.day / cpu:.0f} days per CPU second "
        f"({redraws} redraws of {size / 1e3:.0f} kB)"
    )
    run.close()


if __name__ == "__main__":
    main()
