"""The report's words and tables: numbers formatted by unit, direction read from the metrics."""

from __future__ import annotations

import math

import pytest

from collectsim.report import tables
from collectsim.report.results import load_results
from report_fixtures import make_results_folder


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = make_results_folder(tmp_path_factory.mktemp("tables") / "demo", cost_ratio=0.3)
    return load_results(folder)


@pytest.mark.parametrize(
    ("value", "unit", "difference", "shown"),
    [
        (1234.5, "currency", False, "1,234.50"),
        (0.12345, "fraction", False, "12.35%"),
        (-0.012, "fraction", True, "-1.20 pp"),
        (3.25, "count", False, "3.2"),
        (0.81234, "index", False, "0.812"),
        (math.nan, "currency", False, "–"),
        ("n/a", "count", False, "–"),
    ],
)
def test_numbers_are_shown_by_unit(value, unit, difference, shown) -> None:
    assert tables.fmt(value, unit, difference) == shown


def test_p_values_read_as_a_reader_expects() -> None:
    assert [tables.fmt_p(p) for p in (0.0149, 0.0004, None)] == ["p = 0.015", "p < 0.001", "–"]


def test_a_budget_on_a_metric_to_maximize_is_a_floor_else_a_cap(results) -> None:
    results.manifest["config"]["experiment"]["budget"] = {
        "recovery_rate": 0.2,
        "complaints_per_10k": 120.0,
        "cost_ratio": 0.3,
    }
    rules = {r["name"]: r["rule"] for r in tables.budget_rules(results)}
    assert rules == {
        "recovery_rate": "at least 0.2",
        "complaints_per_10k": "at most 120",
        "cost_ratio": "at most 0.3",
    }


def test_a_clear_difference_is_good_or_bad_by_the_metrics_direction() -> None:
    assert tables._tone("net_recovery", 1.0, 2.0) == "good"
    assert tables._tone("cost", 1.0, 2.0) == "bad"
    assert tables._tone("cost", -1.0, 2.0) == ""  # the interval spans zero
    assert tables._tone("contacts", 1.0, 2.0) == ""  # information only: no direction


def test_head_tables_list_the_headline_metrics_first_with_units(results) -> None:
    from collectsim.metrics import HEADLINE

    head = tables.summary_tables(results, list(HEADLINE))
    assert [t.scenario for t in head] == results.scenarios
    assert [row[0] for row in head[0].rows] == list(HEADLINE)
    units = {metric: unit for metric, unit, _ in head[0].rows}
    assert units["net_recovery"] == "CNY" and units["recovery_rate"] == "%"
    every = tables.summary_tables(results)
    assert [row[0] for row in every[0].rows][: len(HEADLINE)] == list(HEADLINE)


def test_the_headline_picks_the_highest_net_recovery_within_budget(results) -> None:
    budget, summary = results.budget, results.summary
    net = summary[summary["metric"] == "net_recovery"].set_index(["strategy", "scenario"])["mean"]
    for row in tables.headline(results):
        rows = budget[budget["scenario"] == row["scenario"]]
        ok = rows.groupby("strategy")["within"].all()
        eligible = [s for s in results.strategies if ok.get(s, False)]
        if not eligible:
            assert row["best"] is None and "no strategy is within budget" in row["note"]
        else:
            assert row["best"] == max(eligible, key=lambda s: net[(s, row["scenario"])])
            assert row["budget"] == f"{len(eligible)} of {len(results.strategies)}"


def test_the_question_names_strategies_and_scenarios(results) -> None:
    question = tables.question(results)
    assert question.startswith("Which of gentle, standard and aggressive recovers most")
    assert question.endswith("in the baseline and recession scenarios?")
