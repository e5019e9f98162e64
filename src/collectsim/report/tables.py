"""The report's words and tables: plain data for the HTML template, numbers formatted once.

Every mean and difference a reader sees passes through
:func:`collectsim.report.numbers.shown`, by the metric's declared unit: it
is rounded, with its 95% interval, to what that interval supports (so a
table cell equals the value in ``summary.csv`` or ``comparison.csv`` at the
shown precision), shares as percentages and differences of shares in
percentage points, as the charts show them. Names from configuration files
stay plain strings here; the template escapes them.

>>> fmt(1234.5, "currency"), fmt(0.12345, "fraction")
('1,234.50', '12.3%')
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collectsim.metrics import HEADLINE, METRIC_NAMES, METRICS, Direction
from collectsim.report.numbers import MAX_DECIMALS, number, shown
from collectsim.report.setup import (  # noqa: F401 - the report's words, re-exported
    budget_rules,
    experiment_config,
    point_values,
    question,
    setup,
    sweep_facts,
)
from collectsim.report.style import currency_of


def fmt(value: Any, unit: str, difference: bool = False) -> str:
    """A single number without an interval (a budget's limit, a mean with n = 1): three
    significant digits, money to the cent at most; '–' for a missing value."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "–"
    if math.isfinite(v) and unit == "currency" and abs(v) < 1e5:
        return number(v, unit, MAX_DECIMALS["currency"], difference=difference)
    return number(v, unit, difference=difference)


def fmt_p(p: Any) -> str:
    """'p = 0.015' or 'p < 0.001'."""
    try:
        v = float(p)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(v):
        return "–"
    return "p < 0.001" if v < 0.001 else f"p = {v:.3f}"


def unit_of(metric: str) -> str:
    return METRICS[metric].unit if metric in METRICS else "index"


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


@dataclass
class Cell:
    """One table cell: a mean (or difference) with its 95% CI and what it refers to."""

    value: str
    ci: str
    keys: dict[str, str]
    tone: str = ""
    """'good', 'bad' or '' (CI includes zero, or no direction)"""
    p: str = ""


@dataclass
class Table:
    scenario: str
    columns: list[str]
    rows: list[tuple[str, str, list[Cell]]] = field(default_factory=list)
    """(metric, unit label, cells per column)"""


def unit_label(metric: str, currency: str) -> str:
    unit = unit_of(metric)
    return currency if unit == "currency" else {"fraction": "%"}.get(unit, unit)


def _summary_index(results: Any) -> pd.DataFrame:
    s = results.summary.copy()
    for col in ("strategy", "scenario", "metric"):
        s[col] = s[col].astype(str)
    return s.set_index(["strategy", "scenario", "metric"])


def _comparison_index(results: Any) -> pd.DataFrame:
    c = results.comparison.copy()
    for col in ("challenger", "scenario", "metric"):
        c[col] = c[col].astype(str)
    return c.set_index(["challenger", "scenario", "metric"])


def _within(results: Any) -> dict[tuple[str, str], bool] | None:
    """(strategy, scenario) -> within every budget; None when the experiment has no budget."""
    b = results.budget
    if not len(b) or "within" not in b:
        return None
    out: dict[tuple[str, str], bool] = {}
    for (strategy, scenario), rows in b.groupby(["strategy", "scenario"], sort=False):
        out[(str(strategy), str(scenario))] = all(_as_bool(v) for v in rows["within"])
    return out


def _mean_ci(stats: pd.Series, unit: str) -> tuple[str, str]:
    """The mean and its 95% interval, rounded to what the interval supports."""
    return shown(stats["mean"], stats["ci_low"], stats["ci_high"], unit)


#: what the headline ranks strategies by, and the columns it shows for the best
VALUE = HEADLINE[0]
HEADLINE_COLUMNS: tuple[str, ...] = HEADLINE[:4]


def headline(results: Any) -> list[dict[str, Any]]:
    """Per scenario: the strategy with the highest mean value (the first headline metric,
    economic value) among those within budget."""
    summary = _summary_index(results)
    comparison = _comparison_index(results)
    within = _within(results)
    champion = str(results.champion)
    rows = []
    for scenario in (str(s) for s in results.scenarios):
        ranked = []
        for strategy in (str(s) for s in results.strategies):
            key = (strategy, scenario, VALUE)
            if key in summary.index:
                ok = True if within is None else within.get((strategy, scenario), False)
                ranked.append((float(summary.loc[key, "mean"]), strategy, ok))
        eligible = [r for r in ranked if r[2]] or []
        row: dict[str, Any] = {"scenario": scenario, "best": None, "note": ""}
        if not ranked:
            row["note"] = "no results"
        elif not eligible:
            regardless = max(ranked)[1]
            row["note"] = f"no strategy is within budget (highest regardless: {regardless})"
        else:
            _, best, _ = max(eligible)
            row["best"] = best
            row["cells"] = {
                m: _mean_ci(summary.loc[(best, scenario, m)], unit_of(m))
                for m in HEADLINE_COLUMNS
                if (best, scenario, m) in summary.index
            }
            key = (best, scenario, VALUE)
            if best != champion and key in comparison.index:
                d = comparison.loc[key]
                diff = shown(d["mean_difference"], d["ci_low"], d["ci_high"], "currency")
                row["vs_champion"] = (*diff, fmt_p(d["p_value"]))
            elif best == champion:
                row["note"] = "the champion itself"
        row["budget"] = (
            "no budget set" if within is None else (f"{sum(r[2] for r in ranked)} of {len(ranked)}")
        )
        rows.append(row)
    return rows


def _ordered(metrics: list[str] | None) -> list[str]:
    if metrics is not None:
        return metrics
    return list(HEADLINE) + [m for m in METRIC_NAMES if m not in HEADLINE]


def summary_tables(results: Any, metrics: list[str] | None = None) -> list[Table]:
    """Per scenario: metrics down, strategies across, mean and 95% CI per cell."""
    summary = _summary_index(results)
    currency = currency_of(results)
    strategies = [str(s) for s in results.strategies]
    present = set(summary.index.get_level_values("metric"))
    tables = []
    for scenario in (str(s) for s in results.scenarios):
        table = Table(scenario, strategies)
        for metric in (m for m in _ordered(metrics) if m in present):
            cells = []
            for strategy in strategies:
                key = (strategy, scenario, metric)
                keys = {"strategy": strategy, "scenario": scenario, "metric": metric}
                if key in summary.index:
                    cells.append(Cell(*_mean_ci(summary.loc[key], unit_of(metric)), keys))
                else:
                    cells.append(Cell("–", "", keys))
            table.rows.append((metric, unit_label(metric, currency), cells))
        tables.append(table)
    return tables


def _tone(metric: str, low: float, high: float) -> str:
    better = METRICS[metric].direction if metric in METRICS else Direction.INFO
    if better is Direction.INFO or (low <= 0 <= high) or math.isnan(low) or math.isnan(high):
        return ""
    return "good" if (low > 0) == (better is Direction.MAXIMIZE) else "bad"


def comparison_tables(results: Any, metrics: list[str] | None = None) -> list[Table]:
    """Per scenario: metrics down, challengers across, paired difference, 95% CI and p-value."""
    comparison = _comparison_index(results)
    currency = currency_of(results)
    champion = str(results.champion)
    present_ch = set(comparison.index.get_level_values("challenger"))
    challengers = [
        str(s) for s in results.strategies if str(s) != champion and str(s) in present_ch
    ]
    present = set(comparison.index.get_level_values("metric"))
    tables = []
    for scenario in (str(s) for s in results.scenarios):
        table = Table(scenario, challengers)
        for metric in (m for m in _ordered(metrics) if m in present):
            unit = unit_of(metric)
            cells = []
            for challenger in challengers:
                key = (challenger, scenario, metric)
                keys = {"challenger": challenger, "scenario": scenario, "metric": metric}
                if key not in comparison.index:
                    cells.append(Cell("–", "", keys))
                    continue
                d = comparison.loc[key]
                lo, hi = float(d["ci_low"]), float(d["ci_high"])
                value, ci = shown(d["mean_difference"], lo, hi, unit, difference=True)
                cells.append(Cell(value, ci, keys, _tone(metric, lo, hi), fmt_p(d["p_value"])))
            label = "pp" if unit == "fraction" else unit_label(metric, currency)
            table.rows.append((metric, label, cells))
        tables.append(table)
    return tables


def budget_table(results: Any) -> list[dict[str, str]]:
    """Each strategy's standing against each budget, per scenario."""
    rows = []
    for r in results.budget.to_dict("records"):
        unit = unit_of(str(r["budget"]))
        rows.append(
            {
                "strategy": str(r["strategy"]),
                "scenario": str(r["scenario"]),
                "budget": str(r["budget"]),
                "limit": fmt(r["limit"], unit),
                "value": fmt(r["value"], unit),
                "within": "yes" if _as_bool(r["within"]) else "no",
            }
        )
    return rows


def manifest_text(results: Any) -> str:
    return json.dumps(results.manifest, indent=2, sort_keys=False, default=str)
