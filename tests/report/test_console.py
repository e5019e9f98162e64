"""The table `collectsim run` ends with: rounded like the report, with units and the budget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from collectsim.metrics import HEADLINE
from collectsim.report.console import headline_table
from collectsim.report.results import load_results
from collectsim.report.tables import summary_tables
from report_fixtures import make_results_folder


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = make_results_folder(tmp_path_factory.mktemp("console") / "demo", borrowers=30_000)
    return load_results(folder)


def _lines(results) -> list[str]:
    return headline_table(results).splitlines()


def test_money_is_not_shown_to_the_cent_and_units_are_named(results) -> None:
    lines = _lines(results)
    names, units = lines[1].split(), lines[2].split()
    assert names[:2] == ["strategy", "scenario"]
    assert [n for n in names if n in HEADLINE] == list(HEADLINE)
    assert "CNY" in units and "%" in units
    money = [i for i, u in enumerate(units, start=2) if u == "CNY"]
    for line in lines[3:]:
        for i in money:
            value = line.split()[i]
            assert re.fullmatch(r"-?[\d,]+(\.\d+[kMB]|[kMB])?", value), value  # no cents


def test_strategies_over_the_budget_are_marked(results) -> None:
    over = {
        (r.strategy, r.scenario)
        for r in results.budget.itertuples()
        if str(r.within).lower() not in ("true", "1")
    }
    assert over, "the fixture's budget should be broken by someone"
    for line in _lines(results)[3:]:
        strategy, scenario = line.split()[:2]
        assert ("OVER: complaints_per_10k" in line) == ((strategy, scenario) in over), line
        assert line.endswith("within") or "OVER" in line


def test_the_values_are_the_reports_values(results) -> None:
    report = {t.scenario: {m: cells for m, _, cells in t.rows} for t in summary_tables(results)}
    strategies = [str(s) for s in results.strategies]
    metrics = _lines(results)[1].split()[2:7]
    for line in _lines(results)[3:]:
        strategy, scenario, *values = line.split()
        for metric, value in zip(metrics, values, strict=False):
            assert value == report[scenario][metric][strategies.index(strategy)].value


def _swept(folder: Path) -> Path:
    """The fixture folder as if a grid sweep of two points had run; point 1 differs."""
    summary = pd.read_csv(folder / "summary.csv")
    shifted = summary.assign(point=1, mean=summary["mean"] * 3, ci_low=summary["ci_low"] * 3,
                             ci_high=summary["ci_high"] * 3)  # fmt: skip
    pd.concat([summary.assign(point=0), shifted]).to_csv(folder / "summary.csv", index=False)
    for name in ("runs.csv", "budget.csv", "comparison.csv"):
        table = pd.read_csv(folder / name)
        both = [table.assign(point=p, **{"strategy.capacity.collectors": 10 * (p + 1)})
                for p in (0, 1)]  # fmt: skip
        pd.concat(both).to_csv(folder / name, index=False)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["sweep"] = {
        "fields": ["strategy.capacity.collectors"],
        "points": 2,
        "spec": [{"field": "strategy.capacity.collectors", "values": [10, 20]}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_sweep_shows_the_reports_point_and_says_which(tmp_path: Path) -> None:
    results = load_results(_swept(make_results_folder(tmp_path / "swept")))
    text = headline_table(results)
    assert "Sweep point 0 of 2 (strategy.capacity.collectors = 10)" in text
    first = text.splitlines()[4].split()  # gentle, baseline
    s = results.summary
    row = s[(s["point"] == 0) & (s["strategy"] == first[0]) & (s["scenario"] == first[1])]
    cost = float(row[row["metric"] == "cost"]["mean"].iloc[0])
    shown_cost = float(first[2 + list(HEADLINE).index("cost")].replace(",", "").rstrip("kM"))
    assert shown_cost == pytest.approx(cost, rel=0.05)  # point 0's value, not an average
