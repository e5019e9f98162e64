"""The winner checked on fresh replications: how much of the in-sample gain survives.

A search that picks the best of many noisy candidates picks, in part, the
luckiest (the optimiser's curse): its in-sample gain is biased upward. So the
winner and the champion are run again, as an ordinary experiment
(``validation/`` in the results folder, with its runs, summary, paired
comparison and budget), on replications whose seeds derive from another
stream of the optimisation seed, so the search never saw them. The paired
gain in the objective, with its 95% t-interval, against the gain the search
saw, is how much survives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collectsim.analysis.stats import half_width, read_runs, write_tables
from collectsim.config.experiment import Experiment, ExperimentFile, budget_direction
from collectsim.config.strategy import Strategy
from collectsim.config.validation import validate
from collectsim.optimiser.goals import Constraint, Score, aggregate, measure
from collectsim.runner.experiment import run
from collectsim.runner.manifest import identity
from collectsim.runner.store import RunStore

#: mixed into the optimisation seed for the validation replications' seeds
VALIDATION_STREAM = 0x7A11_DA7E
FOLDER = "validation"


def validation_seed(seed: int) -> int:
    """The validation experiment's seed: its replications share no seed with the search's."""
    seq = np.random.SeedSequence([seed, VALIDATION_STREAM])
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def budget_of(constraints: tuple[Constraint, ...]) -> dict[str, float]:
    """The constraints an experiment's [budget] can say: a cap on what is better low, a floor
    on what is better high (``violations == 0`` is the cap 0)."""
    out = {}
    for c in constraints:
        direction = budget_direction(c.metric)
        if direction is None:
            continue
        cap = direction.value == "minimize"
        if (c.op == "<=" and cap) or (c.op == ">=" and not cap) or (c.op == "==" and cap):
            out[c.metric] = c.limit
    return out


def validation_experiment(opt: Any, best: Strategy, champion: Strategy) -> Experiment:
    """The champion against the winner, on fresh replications, as an experiment."""
    f = opt.file
    data = {
        "name": f"{opt.name}-validation",
        "description": f"Does the strategy optimised by '{opt.name}' beat {champion.name} "
        "on replications the search never saw?",
        "seed": validation_seed(f.seed),
        "replications": f.validation_replications,
        "borrowers": f.borrowers,
        "horizon_days": f.horizon_days,
        "portfolio": opt.portfolio.name,
        "scenarios": [s.name for s in opt.scenarios],
        "strategies": [champion.name, best.name],
        "champion": champion.name,
        "budget": budget_of(opt.constraints),
    }
    spec = validate(ExperimentFile, data, opt.source)
    return Experiment(spec, opt.source, opt.portfolio, tuple(opt.scenarios), (champion, best))


def run_validation(opt: Any, folder: Path, best: Strategy, settings: dict[str, Any]) -> Path:
    """Run (or resume) the validation experiment in ``folder/validation``."""
    exp = validation_experiment(opt, best, opt.champion)
    out = folder / FOLDER
    stored = RunStore(out).read_manifest() or {}
    changed = bool(stored) and stored.get("config_hash") != identity(exp, 0)["config_hash"]
    return run(exp, out, tables=write_tables, fresh=changed, **settings)


def _objective_by_replication(runs: pd.DataFrame, strategy: str, opt: Any) -> pd.Series:
    """The aggregated objective of each replication (weighted over scenarios, or the worst)."""
    goal = opt.objectives[0]
    mine = runs[runs["strategy"] == strategy]
    out = {}
    for rep, rows in mine.groupby("replication"):
        by = {row["scenario"]: row for _, row in rows.iterrows()}
        values = [measure(by[s.name], goal.metric) for s in opt.scenarios if s.name in by]
        if len(values) == len(opt.scenarios):
            out[rep] = aggregate(values, goal, opt.weights, opt.file.aggregate == "worst")
    return pd.Series(out, dtype=float)


def gain_summary(opt: Any, folder: Path, best: Score, champion: Score, name: str) -> dict:
    """In-sample against fresh-replication gain in the objective, with the fresh CI."""
    goal = opt.objectives[0]
    runs = read_runs(folder / FOLDER / "runs.csv")
    mine = _objective_by_replication(runs, name, opt)
    theirs = _objective_by_replication(runs, opt.champion.name, opt)
    diff = (mine - theirs).dropna()
    n = len(diff)
    mean = float(diff.mean()) if n else float("nan")
    half = float(half_width(diff.std(ddof=1), n)) if n >= 2 else float("nan")
    gain_in = best.values[0] - champion.values[0]
    better_in, better_out = goal.sign * gain_in, goal.sign * mean
    return {
        "objective": goal.metric,
        "direction": goal.direction.value,
        "in_sample": {
            "replications": best.replications,
            "best": best.values[0],
            "champion": champion.values[0],
            "gain": gain_in,
        },
        "fresh": {
            "replications": n,
            "best": float(mine.mean()),
            "champion": float(theirs.mean()),
            "gain": mean,
            "ci_low": mean - half,
            "ci_high": mean + half,
        },
        "survived": better_out / better_in if better_in > 0 else None,
        "significant": bool(n >= 2 and goal.sign * (mean - goal.sign * half) > 0),
    }
