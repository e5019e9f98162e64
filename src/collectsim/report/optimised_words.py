"""The "Optimised strategy" section in words: what changed against the champion, what it
gains and what it costs, from an optimisation's summary and its validation.

>>> lever_text({"address": "capacity.collectors", "champion": 20, "optimised": 34})
'capacity.collectors from 20 to 34'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from collectsim.metrics import HEADLINE, METRICS, Direction
from collectsim.report.style import join_names, money


def _value(value: Any, metric: str | None = None) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, float):
        unit = METRICS[metric].unit if metric in METRICS else ""
        if unit == "currency":
            return money(value)
        if unit == "fraction":
            return f"{value:.1%}"
        return f"{value:,.3g}"
    return str(value)


def _signed(value: float, metric: str) -> str:
    text = _value(abs(value), metric)
    return ("+" if value >= 0 else "−") + text


def lever_text(change: dict[str, Any]) -> str:
    """'capacity.collectors from 20 to 34' (a lever the champion leaves unset: 'set to')."""
    before, after = change["champion"], change["optimised"]
    if before is None:
        return f"{change['address']} set to {_value(after)}"
    return f"{change['address']} from {_value(before)} to {_value(after)}"


def changed_text(summary: dict[str, Any]) -> str:
    changes = summary.get("changes") or []
    champion = summary["champion"]
    where = f"trial {summary['best_trial']} of {summary['trials']}"
    if not changes:
        return (
            f"The best candidate ({where}) has the same levers as the champion, {champion}: "
            "the search found nothing better within the constraints."
        )
    levers = join_names([lever_text(c) for c in changes])
    count = f"{len(changes)} lever{'s' if len(changes) > 1 else ''}"
    return (
        f"Against the champion, {champion}, the optimised strategy ({where}) changes "
        f"{count}: {levers}."
    )


def gain_text(summary: dict[str, Any]) -> str:
    """In-sample gain, the fresh gain with its interval, and how much survived."""
    v = summary.get("validation")
    if not v:
        return ""
    metric = v["objective"]
    label = metric.replace("_", " ")
    over = join_names(summary["scenarios"])
    how = "in the worst of" if summary.get("aggregate") == "worst" else "weighted over"
    ins, fresh = v["in_sample"], v["fresh"]
    first = (
        f"In the search ({ins['replications']} replications, {how} {over}) it scored "
        f"{_value(ins['best'], metric)} {label} against the champion's "
        f"{_value(ins['champion'], metric)}, a gain of {_signed(ins['gain'], metric)}."
    )
    interval = f"{_value(fresh['ci_low'], metric)} to {_value(fresh['ci_high'], metric)}"
    second = (
        f" On {fresh['replications']} fresh replications the search never saw, the gain is "
        f"{_signed(fresh['gain'], metric)} (95% CI {interval})"
    )
    survived = v.get("survived")
    if survived is not None:
        second += f": {survived:.0%} of the in-sample gain survives"
    verdict = (
        "; the interval excludes zero, so the gain is confirmed."
        if v["significant"]
        else "; the interval includes zero, so the gain is not confirmed."
    )
    return first + second + verdict


def _clear(row: Any) -> int:
    """+1 if the interval lies above zero, -1 below, 0 if it spans it."""
    if np.isnan(row["ci_low"]) or np.isnan(row["ci_high"]):
        return 0
    return 1 if row["ci_low"] > 0 else -1 if row["ci_high"] < 0 else 0


def _effects(comparison: Any, name: str, scenario: str) -> tuple[list[str], list[str]]:
    """Headline metrics clearly better and clearly worse for the optimised strategy."""
    gains, costs = [], []
    rows = comparison[(comparison["challenger"] == name) & (comparison["scenario"] == scenario)]
    for metric in HEADLINE:
        found = rows[rows["metric"] == metric]
        if found.empty or METRICS[metric].direction is Direction.INFO:
            continue
        row = found.iloc[0]
        side = _clear(row) * (1 if METRICS[metric].direction is Direction.MAXIMIZE else -1)
        phrase = f"{metric.replace('_', ' ')} {_signed(float(row['mean_difference']), metric)}"
        if side > 0:
            gains.append(phrase)
        elif side < 0:
            costs.append(phrase)
    return gains, costs


def tradeoff_text(summary: dict[str, Any], validation: Any) -> list[str]:
    """Per scenario, on the fresh replications: what it clearly gains and what it costs."""
    if validation is None or validation.comparison.empty:
        return []
    name = summary.get("best_strategy", "")
    out = []
    for scenario in summary["scenarios"]:
        gains, costs = _effects(validation.comparison, name, scenario)
        gained = f"gains {join_names(gains)}" if gains else "gains nothing clearly"
        cost = f"costs {join_names(costs)}" if costs else "costs nothing clearly"
        out.append(f"In {scenario} it {gained} and {cost} (paired, 95% CI excludes zero).")
    budget = validation.budget
    if len(budget):
        broken = budget[(budget["strategy"] == name) & (budget["within"].astype(str) != "True")]
        if len(broken):
            what = sorted(set(broken["budget"].astype(str)))
            out.append(f"On the fresh replications it breaks {join_names(what)} somewhere.")
        else:
            out.append("On the fresh replications it keeps every constraint in every scenario.")
    return out
