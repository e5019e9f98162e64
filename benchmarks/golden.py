"""Guard for optimisations: same seed, byte-identical results, before and after.

``save`` runs every strategy preset on baseline and recession (5,000
borrowers x 365 days, fixed seeds) and writes a digest of each run's metrics
and daily series to a JSON file; ``check`` reruns and compares exactly (no
tolerance: an optimisation must not move a single cent).

    python benchmarks/golden.py save /tmp/golden.json
    python benchmarks/golden.py check /tmp/golden.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.simulation import simulate

PRESETS = Path(__file__).resolve().parents[1] / "src" / "collectsim" / "presets" / "strategies"
SCENARIOS = ("baseline", "recession")
SEEDS = (11, 12)
BORROWERS = 5_000
DAYS = 365


def digest(borrowers: int = BORROWERS, days: int = DAYS) -> dict[str, dict]:
    """Metrics (exact repr) and a hash of the daily series, per strategy/scenario/seed."""
    portfolio = load_portfolio("mixed")
    out: dict[str, dict] = {}
    for path in sorted(PRESETS.glob("*.toml")):
        strategy = load_strategy(path.stem)
        for name in SCENARIOS:
            scenario = load_scenario(name)
            for seed in SEEDS:
                r = simulate(
                    portfolio, scenario, strategy, borrowers=borrowers, horizon_days=days, seed=seed
                )
                h = hashlib.sha256()
                for key, series in r.daily.items():
                    h.update(key.encode())
                    h.update(np.ascontiguousarray(series).tobytes())
                out[f"{path.stem}/{name}/{seed}"] = {
                    "metrics": {k: repr(v) for k, v in r.metrics.items()},
                    "daily_sha256": h.hexdigest(),
                }
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=("save", "check"))
    p.add_argument("file", type=Path)
    args = p.parse_args(argv)
    now = digest()
    if args.action == "save":
        args.file.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"saved {len(now)} runs to {args.file}")
        return 0
    before = json.loads(args.file.read_text())
    bad = 0
    for key, rec in before.items():
        if now.get(key) != rec:
            bad += 1
            diff = {
                k: (rec["metrics"][k], now[key]["metrics"][k])
                for k in rec["metrics"]
                if rec["metrics"][k] != now[key]["metrics"].get(k)
            }
            daily = rec["daily_sha256"] == now[key]["daily_sha256"]
            print(f"DIFFERENT {key}: daily identical={daily} {diff}")
    print(f"{len(before) - bad}/{len(before)} runs identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
