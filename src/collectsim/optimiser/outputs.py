"""The files an optimisation leaves: every trial, the Pareto front, the presets, the winner.

- ``trials.csv``: one row per trial: its variables, how many replications it
  got, whether it kept every constraint, its objective(s), each constrained
  metric in its tightest scenario, and the headline metrics per scenario.
- ``pareto.csv``: the trials no other feasible, fully replicated trial beats on
  both the objective and the second objective (complaints per 10k borrowers
  when the file names none).
- ``presets.csv``: the champion and the reference presets on the same seeds.
- ``best_strategy.toml``: the winner, a strategy file ``collectsim validate``
  accepts and an experiment can name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

from collectsim.config.strategy import Strategy
from collectsim.metrics import HEADLINE, Direction
from collectsim.optimiser.goals import Constraint, Goal, Score, aggregate, direction_of, measure
from collectsim.optimiser.racing import dominates
from collectsim.runner.atomic import atomic_write_text

#: the display axis of the front when the file names no second objective
FRONT_DEFAULT = "complaints_per_10k"


def front_metric(opt: Any) -> str:
    return opt.objectives[1].metric if len(opt.objectives) > 1 else FRONT_DEFAULT


def _tightest(scores: Score, c: Constraint) -> float:
    """The constrained metric in the scenario where it comes closest to (or past) its limit."""
    values = [measure(s, c.metric) for s in scores.scenarios]
    return max(values, key=c.violation)


def score_row(opt: Any, s: Score) -> dict[str, Any]:
    """A candidate's numbers as columns: objectives, constraints, metrics per scenario."""
    row: dict[str, Any] = {"replications": s.replications, "feasible": s.feasible}
    for goal, value in zip(opt.objectives, s.values, strict=True):
        row[goal.metric] = value
    axis = front_metric(opt)
    if axis not in row:
        values = [measure(m, axis) for m in s.scenarios]
        row[axis] = aggregate(values, _goal(axis), opt.weights, opt.file.aggregate == "worst")
    for c in opt.constraints:
        row[f"{c.metric}_worst"] = _tightest(s, c)
    names = [sc.name for sc in opt.scenarios]
    wanted = dict.fromkeys([*(g.metric for g in opt.objectives), *HEADLINE])
    for name, means in zip(names, s.scenarios, strict=True):
        for metric in wanted:
            row[f"{name}.{metric}"] = measure(means, metric)
    return row


def trials_table(opt: Any, trials: Sequence[Any], scores: dict[int, Score]) -> pd.DataFrame:
    """Every trial in number order; those that failed keep their error and no numbers."""
    rows = []
    for t in trials:
        row: dict[str, Any] = {"trial": t.number, "state": t.state.name.lower()}
        row.update({v.address: t.params.get(v.address) for v in opt.variables})
        if t.number in scores:
            row.update(score_row(opt, scores[t.number]))
        row["error"] = t.user_attrs.get("error", "")
        rows.append(row)
    table = pd.DataFrame(rows)
    first = ["trial", "state", "replications", "feasible"]
    ordered = [c for c in first if c in table] + [c for c in table if c not in first]
    return table[ordered]


def pareto(opt: Any, trials: pd.DataFrame) -> pd.DataFrame:
    """Feasible, fully replicated trials that no other such trial dominates on the objective
    and the front's second axis."""
    if trials.empty or "feasible" not in trials:
        return trials.iloc[0:0]
    full = trials[(trials["feasible"] == True) & (trials["replications"] == opt.file.replications)]  # noqa: E712
    goals = [opt.objectives[0].sign, _goal(front_metric(opt)).sign]
    axes = [opt.objectives[0].metric, front_metric(opt)]
    points = [
        tuple(g * float(r[a]) for g, a in zip(goals, axes, strict=True)) for _, r in full.iterrows()
    ]
    keep = [not any(dominates(q, p) for q in points) for p in points]
    # a mask, not a list: an empty list would select no columns rather than no rows
    front = full[pd.Series(keep, index=full.index, dtype=bool)]
    return front.sort_values(axes[0], ascending=goals[0] < 0)


def _goal(metric: str) -> Goal:
    """A metric as a goal in its own direction (one that only describes: lower is better)."""
    direction = direction_of(metric)
    if direction is None or direction is Direction.INFO:
        direction = Direction.MINIMIZE
    return Goal(metric, direction)


def best_trial(opt: Any, trials: pd.DataFrame) -> int | None:
    """The feasible, fully replicated trial with the best primary objective (lowest number
    on a tie), or None when no trial kept every constraint."""
    front = pareto(opt, trials)
    if front.empty:
        return None
    goal = opt.objectives[0]
    ranked = front.assign(_key=goal.sign * front[goal.metric]).sort_values(
        ["_key", "trial"], ascending=[False, True]
    )
    return int(ranked.iloc[0]["trial"])


def write_csv(table: pd.DataFrame, path: Path) -> None:
    atomic_write_text(path, table.to_csv(index=False, float_format="%.12g", lineterminator="\n"))


def strategy_toml(strategy: Strategy, header: str) -> str:
    """A strategy file that validates back to ``strategy`` (TOML has no null: unset fields
    are left out, so they take their defaults)."""
    data = strategy.model_dump(mode="json", exclude_none=True)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + tomli_w.dumps(data)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted addresses to values; list items by name where they have one (as addresses are)."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}."))
    elif isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        for i, item in enumerate(data):
            label = item.get("name", item.get("kind", i)) if isinstance(item, dict) else i
            out.update(flatten(item, f"{prefix}{label}."))
    else:
        out[prefix.rstrip(".")] = data
    return out


def changes(champion: Strategy, best: Strategy) -> list[dict[str, Any]]:
    """Every lever that differs between the champion and the winner, in the file's order."""
    before = flatten(champion.model_dump(mode="json", exclude={"name", "description"}))
    after = flatten(best.model_dump(mode="json", exclude={"name", "description"}))
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {"address": k, "champion": before.get(k), "optimised": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k)
    ]
