"""The report's set-up: what was run, in words a reader can check against the manifest.

The question the experiment asks, its facts (replications, seed, horizon,
sweep), each strategy and scenario with its description and, for a variant
``{ name, base, set }``, the base and the fields it changes (a variant's
description is its base's, word for word, so the changes are what tell two
apart), the budget as sentences, and the variants that changed nothing in
the run.
"""

from __future__ import annotations

from typing import Any

from collectsim.analysis.variants import variants
from collectsim.metrics import METRICS, Direction
from collectsim.report.style import currency_of, join_names, strategy_colors


def _config(results: Any) -> dict[str, Any]:
    config = results.manifest.get("config")
    return config if isinstance(config, dict) else {}


def experiment_config(results: Any) -> dict[str, Any]:
    exp = _config(results).get("experiment")
    return exp if isinstance(exp, dict) else {}


def _described(results: Any, kind: str, names: list[str]) -> list[dict[str, Any]]:
    """Names with their descriptions from the resolved config, in experiment order; a
    variant also with its base and the fields it changes (``changes``: address, value)."""
    entries = _config(results).get(kind) or []
    desc = {
        str(e.get("name")): str(e.get("description", "")) for e in entries if isinstance(e, dict)
    }
    books = _config(results).get("books") or [] if kind == "strategies" else []
    for e, book in zip(entries, books, strict=False):  # each strategy's own loan book
        if isinstance(e, dict) and isinstance(book, dict):
            name = str(e.get("name"))
            desc[name] = f"{desc.get(name, '')} On the book '{book.get('name')}'.".strip()
    made = variants(results, kind)
    return [
        {
            "name": n,
            "description": desc.get(n, ""),
            "base": made[n]["base"] if n in made else "",
            "changes": made[n]["set"] if n in made else [],
        }
        for n in names
    ]


def question(results: Any) -> str:
    """The experiment's own description, or the question a strategy team would ask of it."""
    exp = experiment_config(results)
    if str(exp.get("description", "")).strip():
        return str(exp["description"]).strip()
    strategies = [str(s) for s in results.strategies]
    scenarios = [str(s) for s in results.scenarios]
    which = (
        f"Which of {join_names(strategies)}"
        if len(strategies) > 1
        else f"How much does {strategies[0]}"
    )
    verb = "recovers most" if len(strategies) > 1 else "recover"
    budget = ", within the budget" if len(results.budget) else ""
    where = "scenario" if len(scenarios) == 1 else "scenarios"
    return f"{which} {verb}, at what cost{budget}, in the {join_names(scenarios)} {where}?"


def budget_rules(results: Any) -> list[dict[str, str]]:
    """The budget as sentences: 'complaints_per_10k at most 5'."""
    budget = experiment_config(results).get("budget") or {}
    rules = []
    for key, limit in budget.items():
        floor = key in METRICS and METRICS[key].direction is Direction.MAXIMIZE
        rules.append({"name": str(key), "rule": f"{'at least' if floor else 'at most'} {limit:g}"})
    if not rules and len(results.budget):
        for key, rows in results.budget.groupby("budget", sort=False):
            rules.append({"name": str(key), "rule": f"limit {float(rows['limit'].iloc[0]):g}"})
    return rules


def point_values(results: Any, point: int) -> str:
    """'strategy.capacity.collectors = 10': the swept inputs' values at one sweep point."""
    runs = results.runs
    sweep = results.manifest.get("sweep") or {}
    fields = [str(f) for f in (sweep.get("fields") or []) if str(f) in runs.columns]
    if not fields or "point" not in runs.columns:
        return ""
    rows = runs[runs["point"].astype(int) == int(point)]
    if not len(rows):
        return ""
    return ", ".join(f"{f} = {_value(rows[f].iloc[0])}" for f in fields)


def _value(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def sweep_facts(results: Any) -> list[tuple[str, str]]:
    """('sweep', 'strategy.capacity.collectors: 10, 20, 40') per swept input."""
    sweep = results.manifest.get("sweep") or {}
    if not isinstance(sweep, dict):
        return []
    facts = []
    for spec in sweep.get("spec") or []:
        if not isinstance(spec, dict):
            continue
        if spec.get("values") is not None:
            values = ", ".join(_value(v) for v in spec["values"])
        elif spec.get("range") is not None:
            low, high = spec["range"]
            method = spec.get("method") or "lhs"
            values = f"{_value(low)} to {_value(high)}, {spec.get('samples')} samples ({method})"
        else:
            continue
        facts.append(("sweep", f"{spec.get('field')}: {values}"))
    if facts:
        facts.append(("sweep points", str(sweep.get("points", ""))))
    return facts


def setup(results: Any) -> dict[str, Any]:
    """What was run: the facts a reader needs to trust or reproduce the numbers."""
    m = results.manifest
    exp = experiment_config(results)
    strategies = [str(s) for s in results.strategies]
    colors = strategy_colors(strategies)
    portfolio = _config(results).get("portfolio") or {}
    versions = m.get("versions") or {}
    wall = m.get("wall_time_s", m.get("wall_seconds"))
    facts = [
        ("experiment", exp.get("name", results.folder.name)),
        ("replications", m.get("replications", exp.get("replications", ""))),
        ("borrowers per run", f"{exp['borrowers']:,}" if "borrowers" in exp else ""),
        ("horizon", f"{exp['horizon_days']} days" if "horizon_days" in exp else ""),
        ("seed", m.get("seed", exp.get("seed", ""))),
        ("champion", str(results.champion)),
        ("collectsim version", versions.get("collectsim", "")),
        ("config hash", str(m.get("config_hash", ""))[:12]),
        ("wall time", f"{float(wall):,.1f} s" if isinstance(wall, int | float) else ""),
        ("runs", m.get("runs", "")),
        ("failed runs", m.get("failures") or ""),
        *sweep_facts(results),
    ]
    return {
        "facts": [(k, str(v)) for k, v in facts if str(v) != ""],
        "strategies": [
            {**d, "color": colors[d["name"]], "champion": d["name"] == str(results.champion)}
            for d in _described(results, "strategies", strategies)
        ],
        "scenarios": _described(results, "scenarios", [str(s) for s in results.scenarios]),
        "portfolio": {
            "name": str(portfolio.get("name", m.get("portfolio", ""))),
            "description": str(portfolio.get("description", "")),
            "currency": currency_of(results),
        },
        "budget": budget_rules(results),
        "versions": {str(k): str(v) for k, v in versions.items()},
    }
